import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyHunk, countChangedLines, countLines, diffHunks, diffTexts, formatUnifiedDiff, MAX_EDIT_LENGTH, revertHunk, textOf } from './textDiff.js';

const base = Array.from({ length: 30 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
const changed = base.replace('l2\n', 'L2\n').replace('l25\n', 'L25\nextra\n');

test('hunks are indexed and counted', () => {
  const hunks = diffHunks(base, changed)!;
  assert.deepEqual(hunks.map((h) => h.index), [0, 1]);
  assert.deepEqual(countLines(hunks), { additions: 3, deletions: 2 });
});

test('applying one hunk to the baseline, or reverting one from the file', () => {
  const [h0, h1] = diffHunks(base, changed)!;
  assert.equal(applyHunk(base, h1!), base.replace('l25\n', 'L25\nextra\n'));
  assert.equal(revertHunk(changed, h0!), base.replace('l25\n', 'L25\nextra\n'));
  assert.equal(revertHunk(changed, h1!), base.replace('l2\n', 'L2\n'));
});

test('a file without a final newline round-trips through a hunk revert', () => {
  const a = 'x\ny\nz';
  const b = 'x\ny\nz\nw';
  const [h] = diffHunks(a, b)!;
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
  const text = formatUnifiedDiff([{ path: 'a.txt', status: 'modified', hunks: diffHunks('a\n', 'b\n')! }]);
  assert.equal(text, 'diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,1 +1,1 @@\n-a\n+b\n');
});

const numbered = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `line ${i} ${tag} x = ${i * 7};`).join('\n') + '\n';

test('a rewrite past the edit bound is too large to diff line by line, with linear counts and no hunks', async () => {
  const lines = MAX_EDIT_LENGTH; // a full rewrite needs 2x this many edits
  const result = await diffTexts(numbered(lines, 'old'), numbered(lines, 'new'));
  assert.equal(result.tooLarge, true);
  assert.deepEqual(result.hunks, []);
  assert.equal(result.additions, lines);
  assert.equal(result.deletions, lines);
});

test('a big file with a few edits still diffs line by line (on the worker thread)', async () => {
  const old = numbered(20_000, 'same');
  const changed = old.replace('line 10 same', 'line 10 CHANGED').replace('line 15000 same', 'line 15000 CHANGED');
  const result = await diffTexts(old, changed);
  assert.equal(result.tooLarge, false);
  assert.equal(result.hunks.length, 2);
  assert.deepEqual([result.additions, result.deletions], [2, 2]);
  assert.equal(applyHunk(old, result.hunks[0]!), old.replace('line 10 same', 'line 10 CHANGED'));
});

test('multiset line counts: exact without moves', () => {
  assert.deepEqual(countChangedLines('a\nb\nc\n', 'a\nB\nc\nd\n'), { additions: 2, deletions: 1 });
  assert.deepEqual(countChangedLines('', 'x\n'), { additions: 1, deletions: 0 });
  assert.deepEqual(countChangedLines('x\ny', ''), { additions: 0, deletions: 2 });
});
