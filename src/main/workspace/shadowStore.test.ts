import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ShadowStore } from './shadowStore.js';

const git = (gitdir: string, ...args: string[]) => execFileSync('git', ['--git-dir', gitdir, ...args], { encoding: 'utf8' });

test('commits of nested folders, executables and links read back with real git, and fsck finds them sound', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-shadow-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const gitdir = path.join(dir, 'shadow.git');
  const store = new ShadowStore(gitdir, null);
  await store.init();
  const put = (text: string) => store.putBlob(Buffer.from(text));
  // "a.b" sorts before the folder "a" in git's order (a folder compares as "a/"); plain byte order would put it after.
  const files = [
    { path: 'a/inner.txt', oid: await put('inner\n'), mode: 0o100644 },
    { path: 'a.b', oid: await put('dot\n'), mode: 0o100644 },
    { path: 'a/deep/run.sh', oid: await put('#!/bin/sh\n'), mode: 0o100755 },
    { path: 'link', oid: await put('a.b'), mode: 0o120000 },
    { path: 'Z.txt', oid: await put('upper\n'), mode: 0o100644 },
  ];
  const first = await store.commitFiles('refs/offload/a1/checkpoints', files.slice(0, 2), 'step 1 of agent a1\n\n{"step":1}\n', null);
  const second = await store.commitFiles('refs/offload/a1/checkpoints', files, 'step 2 of agent a1\n\n{"step":2}\n', first);
  assert.equal(git(gitdir, 'rev-parse', 'refs/offload/a1/checkpoints').trim(), second);
  assert.equal(git(gitdir, 'log', '--format=%s|%an <%ae>', 'refs/offload/a1/checkpoints'), 'step 2 of agent a1|Offload <offload@localhost>\nstep 1 of agent a1|Offload <offload@localhost>\n');
  assert.equal(git(gitdir, 'log', '-1', '--format=%b', first).trim(), '{"step":1}');
  assert.equal(
    git(gitdir, 'ls-tree', '-r', second),
    [
      `100644 blob ${files[4]!.oid}\tZ.txt`,
      `100644 blob ${files[1]!.oid}\ta.b`,
      `100755 blob ${files[2]!.oid}\ta/deep/run.sh`,
      `100644 blob ${files[0]!.oid}\ta/inner.txt`,
      `120000 blob ${files[3]!.oid}\tlink`,
      '',
    ].join('\n'),
  );
  assert.equal(git(gitdir, 'show', `${second}:a/deep/run.sh`), '#!/bin/sh\n');
  git(gitdir, 'fsck', '--strict', '--no-dangling');
  // Writing the same tree again finds the objects already there.
  assert.equal(await store.commitFiles('refs/offload/a1/baseline', files.slice(0, 2), 'step 1 of agent a1\n\n{"step":1}\n', null).then((oid) => git(gitdir, 'rev-parse', `${oid}^{tree}`)), git(gitdir, 'rev-parse', `${first}^{tree}`));
});

test('the store is made on its first write, not before; with its parent folder gone it is not made again', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-shadow-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const review = path.join(dir, 'review');
  fs.mkdirSync(review);
  const gitdir = path.join(review, 'shadow.git');
  const store = new ShadowStore(gitdir, null);
  await assert.rejects(store.getBlob('0'.repeat(40)), /lost object/);
  assert.equal(fs.existsSync(gitdir), false, 'reading makes nothing');
  const oid = await store.putBlob(Buffer.from('first\n'));
  assert.equal(git(gitdir, 'cat-file', '-p', oid), 'first\n');
  assert.equal((fs.statSync(gitdir).mode & 0o777).toString(8), '700');

  const gone = path.join(dir, 'gone', 'review');
  const orphan = new ShadowStore(path.join(gone, 'shadow.git'), null);
  await assert.rejects(orphan.putBlob(Buffer.from('x')), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  assert.equal(fs.existsSync(path.join(dir, 'gone')), false);
});
