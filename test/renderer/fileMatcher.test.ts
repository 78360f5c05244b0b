import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFileMatcher } from '../../src/renderer/features/quickopen/fileMatcher.js';

const paths = ['ed/tab/index.ts', 'src/editor/EditorTabs.tsx', 'src/editor/EditorArea.tsx', 'README.md', 'docs/readme-old.txt', 'src/app.js'];

test('quick open: the file name weighs more than the folders', () => {
  const matcher = createFileMatcher(paths);
  assert.equal(matcher.match('edtab')[0]?.path, 'src/editor/EditorTabs.tsx');
  assert.equal(matcher.match('readme')[0]?.path, 'README.md');
});

test('quick open: matched characters are marked in the whole path', () => {
  const [hit] = createFileMatcher(paths).match('app');
  assert.equal(hit?.path, 'src/app.js');
  assert.deepEqual(hit?.indexes, [4, 5, 6]);
});

test('quick open: narrowing, widening and unrelated queries all give the right files', () => {
  const matcher = createFileMatcher(paths);
  // Typed one letter at a time, then erased back, then something else: the snapshot's narrowing must not keep stale rows.
  for (const q of ['e', 'ed', 'edi', 'edit', 'edito', 'editor']) assert.ok(matcher.match(q).some((m) => m.path === 'src/editor/EditorArea.tsx'), q);
  assert.deepEqual(matcher.match('editorar').map((m) => m.path), ['src/editor/EditorArea.tsx']);
  assert.ok(matcher.match('ed').length >= 3);
  assert.deepEqual(matcher.match('app.js').map((m) => m.path), ['src/app.js']);
  assert.deepEqual(matcher.match('zzzz'), []);
  assert.equal(matcher.match('', 2).length, 2);
});

test('quick open: a limit caps the results', () => {
  const many = Array.from({ length: 1000 }, (_, i) => `pkg${i % 10}/component${i}.ts`);
  const matcher = createFileMatcher(many);
  assert.equal(matcher.match('comp', 50).length, 50);
  assert.equal(matcher.match('component999', 5)[0]?.path, 'pkg9/component999.ts');
});

test('quick open: over many paths that all match, the limit, narrowing, widening and several words hold', () => {
  // 20,000 short paths have the letters of "pack.ts" across folders; one long path's file name is "pack.ts".
  const many = Array.from({ length: 20_000 }, (_, i) => `p${i % 100}/a${i}/c/k${i}.ts`);
  many.push('very/deep/folders/one/two/three/four/five/pack.ts');
  const matcher = createFileMatcher(many);
  assert.equal(matcher.match('pack.ts')[0]?.path, 'very/deep/folders/one/two/three/four/five/pack.ts');
  assert.equal(matcher.match('c', 50).length, 50);
  // Typing on narrows, erasing widens again.
  assert.equal(matcher.match('a1999/')[0]?.path, 'p99/a1999/c/k1999.ts');
  assert.equal(matcher.match('a19999/')[0]?.path, 'p99/a19999/c/k19999.ts');
  assert.equal(matcher.match('fivepack')[0]?.path, 'very/deep/folders/one/two/three/four/five/pack.ts');
  // Several words: each must match.
  assert.equal(matcher.match('k777.ts a777')[0]?.path, 'p77/a777/c/k777.ts');
  assert.deepEqual(matcher.match('a5 zzz'), []);
});
