import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OFFLOAD_METHODS } from './offloadService.js';
import { offloadParamsSchemas, validateOffloadParams } from './offloadSchemas.js';
import { RpcError } from '../rpc/envelope.js';

function badInput(method: string, params: unknown[]): string {
  try {
    validateOffloadParams(method, params);
  } catch (error) {
    assert.ok(error instanceof RpcError);
    assert.equal(error.code, 'BAD_INPUT');
    return error.message;
  }
  assert.fail(`${method}(${JSON.stringify(params)}) was accepted`);
}

test('every method of the contract has a params schema', () => {
  assert.deepEqual(Object.keys(offloadParamsSchemas).sort(), [...OFFLOAD_METHODS].sort());
});

test('good calls pass, with null standing for an absent optional argument', () => {
  assert.deepEqual(validateOffloadParams('approve', ['brave-otter', null]), ['brave-otter', undefined]);
  assert.deepEqual(validateOffloadParams('approve', ['brave-otter', { command: 'npm test' }]), ['brave-otter', { command: 'npm test' }]);
  assert.deepEqual(validateOffloadParams('getEvents', ['a1']), ['a1', undefined]);
  assert.deepEqual(validateOffloadParams('startAgents', [{ prompts: ['fix it'], options: { approval: 'auto', scope: ['src/**'] } }]), [
    { prompts: ['fix it'], options: { approval: 'auto', scope: ['src/**'] } },
  ]);
  assert.deepEqual(validateOffloadParams('updateSettings', [{ defaultModel: null, rateLimits: { rpm: 5, itpm: 1000, otpm: 100 } }]), [
    { defaultModel: null, rateLimits: { rpm: 5, itpm: 1000, otpm: 100 } },
  ]);
  assert.deepEqual(validateOffloadParams('setApiKey', [null]), [null]);
});

test('bad calls are refused with a message that says which argument and why', () => {
  assert.match(badInput('getAgent', []), /^Invalid input for getAgent: the arguments: Too small/);
  assert.match(badInput('reply', ['a1', '   ']), /argument 2: The answer is empty\.$/);
  assert.match(badInput('startAgents', [{ prompts: ['x'], options: { approval: 'always' } }]), /argument 1 \(options\.approval\): Invalid option/);
  assert.match(badInput('updateSettings', [{ concurrency: 0 }]), /argument 1 \(concurrency\)/);
  assert.match(badInput('updateSettings', [{ apiKey: 'sk' }]), /Unrecognized key/);
  assert.match(badInput('readFile', ['a\0b']), /NUL/);
  assert.match(badInput('undo', ['a1', { toStep: -1 }]), /argument 2 \(toStep\)/);
  assert.match(badInput('getInfo', [1]), /the arguments: Too big/);
});

test('a refused API key is never quoted back', () => {
  const key = 'sk-ant-api03-' + 'é'.repeat(10);
  const message = badInput('setApiKey', [key]);
  assert.ok(!message.includes('sk-ant'), message);
});

test('an unknown method is NOT_FOUND', () => {
  assert.throws(() => validateOffloadParams('deleteEverything', []), (e: RpcError) => e.code === 'NOT_FOUND');
  assert.throws(() => validateOffloadParams('__proto__', []), (e: RpcError) => e.code === 'NOT_FOUND');
});
