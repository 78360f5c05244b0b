import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_MODEL } from '../../shared/cost.js';
import { createDefaultModelResolver, createModelCatalog, pickNewestSonnet } from './modelChoice.js';

test('the newest Sonnet-class model is picked by date, else by list order', () => {
  assert.equal(
    pickNewestSonnet([
      { id: 'claude-opus-9', created_at: '2026-05-01T00:00:00Z' },
      { id: 'claude-sonnet-4-5', created_at: '2025-09-29T00:00:00Z' },
      { id: 'claude-sonnet-4-6', created_at: '2026-02-01T00:00:00Z' },
    ]),
    'claude-sonnet-4-6',
  );
  assert.equal(pickNewestSonnet([{ id: 'claude-sonnet-b' }, { id: 'claude-sonnet-a' }]), 'claude-sonnet-b');
  assert.equal(pickNewestSonnet([{ id: 'claude-haiku-4-5' }]), null);
});

test('the listing is asked once per host and a failure falls back to the built-in default', async () => {
  let calls = 0;
  const resolve = createDefaultModelResolver(async () => {
    calls++;
    throw new Error('offline');
  });
  assert.equal(await resolve('k', undefined), DEFAULT_MODEL);
  assert.equal(await resolve('k', undefined), DEFAULT_MODEL);
  assert.equal(calls, 1);
});

test('the model catalog asks the API once, and asks again after a failure', async () => {
  let calls = 0;
  const catalog = createModelCatalog(async () => {
    calls++;
    if (calls === 1) throw new Error('offline');
    return [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }];
  });
  await assert.rejects(catalog.models('k', undefined), /offline/);
  assert.deepEqual(await catalog.models('k', undefined), [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }]);
  await catalog.models('k', undefined);
  assert.equal(calls, 2);
});
