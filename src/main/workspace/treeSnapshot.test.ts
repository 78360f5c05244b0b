import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ShadowStore } from './shadowStore.js';
import { TreeSnapshotter } from './treeSnapshot.js';

function write(root: string, rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

test('the snapshot walks what git would see and re-reads only files whose stat changed', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-snapshot-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ws = path.join(dir, 'ws');
  const state = path.join(ws, '.offload-state');
  write(ws, '.gitignore', '*.log\nbuild/\n');
  write(ws, 'a.txt', 'a');
  write(ws, 'x.log', 'ignored');
  write(ws, 'build/out.js', 'ignored');
  write(ws, 'node_modules/p/index.js', 'skipped');
  write(ws, 'pkg/.gitignore', '!keep.log\n');
  write(ws, 'pkg/keep.log', 'kept by negation');
  write(ws, 'pkg/drop.log', 'still ignored');
  fs.symlinkSync('a.txt', path.join(ws, 'link'));
  const store = new ShadowStore(path.join(state, 'shadow.git'), null);
  await store.init();
  const snap = new TreeSnapshotter(ws, store, null, path.join(state, 'snapshot.json'), [state]);

  const first = await snap.refresh();
  assert.deepEqual([...first.keys()].sort(), ['.gitignore', 'a.txt', 'link', 'pkg/.gitignore', 'pkg/keep.log']);
  assert.equal((await store.getBlob(first.get('link')!.oid)).toString(), 'a.txt');
  assert.equal((await store.getBlob(first.get('a.txt')!.oid)).toString(), 'a');

  // Age a.txt past the racy window: an unchanged stat means the entry is reused as is.
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(ws, 'a.txt'), past, past);
  const second = await snap.refresh();
  const third = await snap.refresh();
  assert.equal(third.get('a.txt'), second.get('a.txt'));
  write(ws, 'a.txt', 'changed');
  const fourth = await snap.refresh();
  assert.notEqual(fourth.get('a.txt')!.oid, third.get('a.txt')!.oid);
  assert.equal((await store.getBlob(fourth.get('a.txt')!.oid)).toString(), 'changed');
});
