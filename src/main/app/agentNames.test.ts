import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentName, NAME_ADJECTIVES, NAME_ANIMALS } from './agentNames.js';

test('names are adjective-animal, lower case, and vary', () => {
  const names = Array.from({ length: 50 }, () => createAgentName(new Set()));
  for (const name of names) {
    const [adjective, animal, ...rest] = name.split('-');
    assert.equal(rest.length, 0, name);
    assert.ok(NAME_ADJECTIVES.includes(adjective!), name);
    assert.ok(NAME_ANIMALS.includes(animal!), name);
  }
  assert.ok(new Set(names).size > 40, 'fifty draws give mostly different names');
});

test('a name is never one already taken in the workspace', () => {
  const taken = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const name = createAgentName(taken);
    assert.ok(!taken.has(name));
    taken.add(name);
  }
  assert.equal(taken.size, 500);
});

test('when draws keep colliding, a number is added', () => {
  const always = () => 0.5;
  const first = createAgentName(new Set(), always);
  const taken = new Set([first]);
  const second = createAgentName(taken, always);
  assert.equal(second, `${first}-2`);
  taken.add(second);
  assert.equal(createAgentName(taken, always), `${first}-3`);
});
