// The Explorer's flat rows (src/renderer/features/explorer/explorerRows.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DirEntry } from '../../src/shared/contract/editorService.js';
import { explorerRows, parentRow } from '../../src/renderer/features/explorer/explorerRows.js';

const dir = (path: string): DirEntry => ({ name: path.split('/').pop()!, path, kind: 'dir' });
const file = (path: string): DirEntry => ({ name: path.split('/').pop()!, path, kind: 'file' });

const folders: Record<string, DirEntry[]> = {
  '': [dir('src'), dir('docs'), file('README.md')],
  src: [dir('src/lib'), file('src/app.js')],
  'src/lib': [file('src/lib/a.js')],
  docs: [file('docs/guide.md')],
};

test('rows: open folders show their entries beneath them, with level, set size and position', () => {
  const rows = explorerRows(folders, { src: true, 'src/lib': true });
  assert.deepEqual(
    rows.map((r) => [r.entry.path, r.level, r.posInSet, r.setSize]),
    [
      ['src', 1, 1, 3],
      ['src/lib', 2, 1, 2],
      ['src/lib/a.js', 3, 1, 1],
      ['src/app.js', 2, 2, 2],
      ['docs', 1, 2, 3],
      ['README.md', 1, 3, 3],
    ],
  );
  assert.equal(parentRow(rows, 2), 1);
  assert.equal(parentRow(rows, 3), 0);
  assert.equal(parentRow(rows, 4), -1);
});

test('rows: a closed folder hides its entries even when read; an open one not yet read shows none', () => {
  assert.deepEqual(explorerRows(folders, { docs: false }).map((r) => r.entry.path), ['src', 'docs', 'README.md']);
  assert.deepEqual(explorerRows({ '': [dir('new')] }, { new: true }).map((r) => r.entry.path), ['new']);
  assert.deepEqual(explorerRows({}, {}), []);
});

test('rows: a deep tree does not overflow the stack', () => {
  const deep: Record<string, DirEntry[]> = { '': [dir('d0')] };
  const open: Record<string, boolean> = {};
  // (Flat keys stand for the nested paths: only the nesting matters here.)
  for (let i = 1; i < 20_000; i++) {
    deep[`d${i - 1}`] = [dir(`d${i}`)];
    open[`d${i - 1}`] = true;
  }
  assert.equal(explorerRows(deep, open).length, 20_000);
});
