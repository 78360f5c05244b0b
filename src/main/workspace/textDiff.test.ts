import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyHunk, countLines, diffHunks, formatUnifiedDiff, revertHunk, textOf } from './textDiff.js';

const base = Array.from({ length: 30 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
const changed = base.replace('l2\n', 'L2\n').replace('l25\n', 'L25\nextra\n');

test('hunks are indexed and counted', () => {
  const hunks = diffHunks(base, changed);
  assert.deepEqual(hunks.map((h) => h.index), [0, 1]);
  assert.deepEqual(countLines(hunks), { additions: 3, deletions: 2 });
});

test('applying one hunk to the baseline, or reverting one from the file', () => {
  const [h0, h1] = diffHunks(base, changed);
  assert.equal(applyHunk(base, h1!), base.replace('l25\n', 'L25\nextra\n'));
  assert.equal(revertHunk(changed, h0!), base.replace('l25\n', 'L25\nextra\n'));
  assert.equal(revertHunk(changed, h1!), base.replace('l2\n', 'L2\n'));
});

test('a file without a final newline round-trips through a hunk revert', () => {
  const a = 'x\ny\nz';
  const b = 'x\ny\nz\nw';
  const [h] = diffHunks(a, b);
  assert.equal(revertHunk(b, h!), a);
  assert.equal(applyHunk(a, h!), b);
});

test('binary and non-UTF-8 content is not text', () => {
  assert.equal(textOf(Buffer.from([104, 0, 105])), null);
  assert.equal(textOf(Buffer.from([0xff, 0xfe, 0x41])), null);
  assert.equal(textOf(Buffer.from('héllo')), 'héllo');
  assert.equal(textOf(null), '');
});

test('a unified diff for the CLI', () => {
  const text = formatUnifiedDiff([{ path: 'a.txt', status: 'modified', hunks: diffHunks('a\n', 'b\n') }]);
  assert.equal(text, 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-a\n+b\n');
});
