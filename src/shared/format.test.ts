import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatElapsed } from './format.js';

test('one elapsed format for the UI and the CLI', () => {
  assert.equal(formatElapsed(42_400), '42s');
  assert.equal(formatElapsed(185_000), '3m 05s');
  assert.equal(formatElapsed(3_720_000), '1h 02m');
  assert.equal(formatElapsed(-5), '0s');
});
