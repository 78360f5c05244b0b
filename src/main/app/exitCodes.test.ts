import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeForStatuses } from './exitCodes.js';

test('the most urgent outcome wins: failed > cancelled > paused > completed', () => {
  assert.equal(exitCodeForStatuses(['completed', 'completed']), 0);
  assert.equal(exitCodeForStatuses(['completed', 'paused_input']), 3);
  assert.equal(exitCodeForStatuses(['paused_approval', 'cancelled']), 4);
  assert.equal(exitCodeForStatuses(['cancelled', 'failed', 'paused_input']), 1);
  assert.equal(exitCodeForStatuses([]), 0);
});
