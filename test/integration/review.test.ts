// WorkspaceReview against real temp workspaces (git and not), with real files
// and real shell commands: what a user reviewing an agent's changes sees.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ReviewError } from '../../src/main/workspace/reviewErrors.js';
import { command, git, hashTree, lines, read, sandbox, toolWrite, writeFile } from './reviewHelpers.js';

for (const kind of ['git', 'non-git'] as const) {
  test(`${kind}: tool and shell changes are listed, diffed, accepted and rejected`, async (t) => {
    const sb = await sandbox({ 'a.txt': 'one\ntwo\nthree\n', 'g.txt': 'gone soon\n', 'm.txt': 'move me\n', 'keep.txt': 'keep\n' }, { git: kind === 'git' });
    t.after(() => sb.cleanup());
    const { review, workspace } = sb;

    await toolWrite(review, workspace, 'a1', 1, 'a.txt', 'one\nTWO\nthree\nfour\n');
    await toolWrite(review, workspace, 'a1', 2, 'src/new/created.ts', 'export const x = 1;\n');
    const mv = kind === 'git' ? 'git mv m.txt moved.txt' : 'mv m.txt moved.txt';
    const changed = await command(review, workspace, 'a1', 3, `echo x > f.txt; rm g.txt; ${mv}`);
    assert.deepEqual(changed, ['f.txt', 'g.txt', 'm.txt', 'moved.txt']);

    assert.deepEqual(await review.listChanges('a1'), [
      { path: 'a.txt', status: 'modified', additions: 2, deletions: 1 },
      { path: 'f.txt', status: 'added', additions: 1, deletions: 0 },
      { path: 'g.txt', status: 'deleted', additions: 0, deletions: 1 },
      { path: 'm.txt', status: 'deleted', additions: 0, deletions: 1 },
      { path: 'moved.txt', status: 'added', additions: 1, deletions: 0 },
      { path: 'src/new/created.ts', status: 'added', additions: 1, deletions: 0 },
    ]);

    const [diff] = await review.getDiff('a1', 'a.txt');
    assert.equal(diff!.original, 'one\ntwo\nthree\n');
    assert.equal(diff!.modified, 'one\nTWO\nthree\nfour\n');
    assert.deepEqual(diff!.hunks[0]!.lines, [' one', '-two', '+TWO', ' three', '+four']);

    assert.deepEqual(await review.accept('a1', { paths: ['a.txt'] }), ['a.txt']);
    assert.equal(read(workspace, 'a.txt'), 'one\nTWO\nthree\nfour\n');
    assert.ok(!(await review.listChanges('a1')).some((c) => c.path === 'a.txt'));

    // A later write is diffed against the accepted content.
    await toolWrite(review, workspace, 'a1', 4, 'a.txt', 'one\nTWO\nthree\nfour\nfive\n');
    assert.deepEqual((await review.getDiff('a1', 'a.txt'))[0]!.hunks[0]!.lines, [' TWO', ' three', ' four', '+five']);

    const rejected = await review.reject('a1', {});
    assert.deepEqual(rejected, ['a.txt', 'f.txt', 'g.txt', 'm.txt', 'moved.txt', 'src/new/created.ts']);
    assert.equal(read(workspace, 'a.txt'), 'one\nTWO\nthree\nfour\n');
    assert.equal(read(workspace, 'f.txt'), null);
    assert.equal(read(workspace, 'g.txt'), 'gone soon\n');
    assert.equal(read(workspace, 'm.txt'), 'move me\n');
    assert.equal(read(workspace, 'moved.txt'), null);
    assert.equal(fs.existsSync(path.join(workspace, 'src')), false, 'folders the agent created are removed');
    assert.deepEqual(await review.listChanges('a1'), []);
  });
}

test('reject and accept one hunk', async (t) => {
  const original = lines(40);
  const sb = await sandbox({ 'big.txt': original }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  const changed = original.replace('line 3\n', 'line three\n').replace('line 30\n', 'line thirty\n');
  await toolWrite(review, workspace, 'a1', 1, 'big.txt', changed);
  const [diff] = await review.getDiff('a1', 'big.txt');
  assert.equal(diff!.hunks.length, 2);
  assert.deepEqual(diff!.hunks.map((h) => h.index), [0, 1]);

  await review.reject('a1', { paths: ['big.txt'], hunk: 0 });
  assert.equal(read(workspace, 'big.txt'), original.replace('line 30\n', 'line thirty\n'));
  const after = await review.getDiff('a1', 'big.txt');
  assert.equal(after[0]!.hunks.length, 1);
  assert.ok(after[0]!.hunks[0]!.lines.includes('+line thirty'));

  // Hunk errors are clear.
  await assert.rejects(review.reject('a1', { paths: ['big.txt'], hunk: 5 }), (e: ReviewError) => e.code === 'NOT_FOUND' && /no hunk 5/.test(e.message));

  await review.accept('a1', { paths: ['big.txt'], hunk: 0 });
  assert.deepEqual(await review.listChanges('a1'), []);
  assert.equal(read(workspace, 'big.txt'), original.replace('line 30\n', 'line thirty\n'));
});

test('accepting one hunk keeps the other for review', async (t) => {
  const original = lines(40);
  const sb = await sandbox({ 'big.txt': original }, { git: false });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  await toolWrite(review, workspace, 'a1', 1, 'big.txt', original.replace('line 3\n', 'L3\n').replace('line 30\n', 'L30\n'));
  await review.accept('a1', { paths: ['big.txt'], hunk: 1 });
  const [diff] = await review.getDiff('a1', 'big.txt');
  assert.equal(diff!.hunks.length, 1);
  assert.deepEqual(diff!.hunks[0]!.lines.filter((l) => l[0] !== ' '), ['-line 3', '+L3']);
  await review.reject('a1', { paths: ['big.txt'] });
  assert.equal(read(workspace, 'big.txt'), original.replace('line 30\n', 'L30\n'));
});

test('checkpoints and undo to a step', async (t) => {
  const sb = await sandbox({ 'a.txt': 'v0\n', 'c.txt': 'see\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  await toolWrite(review, workspace, 'a1', 1, 'a.txt', 'v1\n');
  await toolWrite(review, workspace, 'a1', 2, 'a.txt', 'v2\n');
  await toolWrite(review, workspace, 'a1', 2, 'b.txt', 'bee\n');
  await review.beforeCommand('a1', 3);
  await review.afterCommand('a1', 3); // a read-only command changes nothing: no checkpoint
  await command(review, workspace, 'a1', 4, 'rm c.txt');

  const cps = await review.checkpoints('a1');
  assert.deepEqual(cps.map((c) => [c.step, c.files]), [
    [1, ['a.txt']],
    [2, ['a.txt', 'b.txt']],
    [4, ['c.txt']],
  ]);
  assert.ok(cps.every((c) => !Number.isNaN(Date.parse(c.time))));

  assert.deepEqual(await review.undo('a1', 1), ['a.txt', 'b.txt', 'c.txt']);
  assert.equal(read(workspace, 'a.txt'), 'v1\n');
  assert.equal(read(workspace, 'b.txt'), null);
  assert.equal(read(workspace, 'c.txt'), 'see\n');
  assert.deepEqual((await review.checkpoints('a1')).map((c) => c.step), [1]);
  assert.deepEqual(await review.listChanges('a1'), [{ path: 'a.txt', status: 'modified', additions: 1, deletions: 1 }]);

  await review.undo('a1', 0);
  assert.equal(read(workspace, 'a.txt'), 'v0\n');
  assert.deepEqual(await review.listChanges('a1'), []);
});

test('undo of the step just written restores it exactly; the shadow history (written after the answer) follows the undo', async (t) => {
  const sb = await sandbox({ 'a.txt': 'v0\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  await toolWrite(review, workspace, 'a1', 1, 'a.txt', 'v1\n');
  await toolWrite(review, workspace, 'a1', 2, 'a.txt', 'v2\n');
  await toolWrite(review, workspace, 'a1', 3, 'b.txt', 'bee\n');
  // At once, as a person clicking Undo on the step the agent just took.
  assert.deepEqual(await review.undo('a1', 2), ['b.txt']);
  assert.equal(read(workspace, 'a.txt'), 'v2\n');
  assert.equal(read(workspace, 'b.txt'), null);
  assert.deepEqual(await review.undo('a1', 1), ['a.txt']);
  assert.equal(read(workspace, 'a.txt'), 'v1\n');
  assert.deepEqual((await review.checkpoints('a1')).map((c) => [c.step, c.files]), [[1, ['a.txt']]]);

  const shadow = path.join(sb.stateDir, 'review', 'shadow.git');
  assert.equal(git(workspace, '--git-dir', shadow, 'log', '--format=%s', 'refs/offload/a1/checkpoints'), 'step 1 of agent a1\n');
  assert.equal(git(workspace, '--git-dir', shadow, 'show', 'refs/offload/a1/checkpoints:a.txt'), 'v1\n');
  assert.equal(git(workspace, '--git-dir', shadow, 'log', '--format=%s', 'refs/offload/a1/baseline'), 'baselines of agent a1\nbaselines of agent a1\n');
  assert.equal(git(workspace, '--git-dir', shadow, 'show', 'refs/offload/a1/baseline~1:a.txt'), 'v0\n');
  git(workspace, '--git-dir', shadow, 'fsck', '--no-dangling');

  // The agent writes on after the undo: its next step's commit follows step 1.
  await toolWrite(review, workspace, 'a1', 4, 'a.txt', 'v4\n');
  await review.checkpoints('a1');
  assert.equal(git(workspace, '--git-dir', shadow, 'log', '--format=%s', 'refs/offload/a1/checkpoints'), 'step 4 of agent a1\nstep 1 of agent a1\n');
  const fresh = await sb.open();
  assert.deepEqual(await fresh.undo('a1', 1), ['a.txt']);
  assert.equal(read(workspace, 'a.txt'), 'v1\n');
});

test('a user edit after the agent wrote: reject and undo refuse, force overrides', async (t) => {
  const sb = await sandbox({ 'a.txt': 'base\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  await toolWrite(review, workspace, 'a1', 1, 'a.txt', 'agent\n');
  writeFile(workspace, 'a.txt', 'agent\nand the user\n');

  await assert.rejects(review.reject('a1', { paths: ['a.txt'] }), (e: ReviewError) => {
    assert.equal(e.code, 'USER_EDITED');
    assert.equal(e.message, "a.txt was edited after agent brave-otter's last write; rejecting would discard that edit. Use --force to reject anyway.");
    return true;
  });
  await assert.rejects(review.undo('a1', 0), (e: ReviewError) => e.code === 'USER_EDITED' && /--force/.test(e.message));
  assert.equal(read(workspace, 'a.txt'), 'agent\nand the user\n', 'nothing was lost');

  assert.deepEqual(await review.reject('a1', { paths: ['a.txt'], force: true }), ['a.txt']);
  assert.equal(read(workspace, 'a.txt'), 'base\n');
  // Once rejected, later edits by the user are not the agent's change.
  writeFile(workspace, 'a.txt', 'the user again\n');
  assert.deepEqual(await review.listChanges('a1'), []);
  assert.deepEqual(await review.getDiff('a1'), []);
});

test('two agents cannot both change one file', async (t) => {
  const sb = await sandbox({ 'shared.ts': 'x\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  await toolWrite(review, workspace, 'a1', 1, 'shared.ts', 'from a1\n');
  await assert.rejects(review.beforeWrite('a2', ['shared.ts'], 1), (e: ReviewError) => {
    assert.equal(e.code, 'CONFLICT');
    assert.equal(e.holder, 'a1');
    assert.match(e.message, /^shared\.ts is being changed by agent brave-otter/);
    return true;
  });
  assert.equal(read(workspace, 'shared.ts'), 'from a1\n');

  await review.accept('a1', { paths: ['shared.ts'] });
  await toolWrite(review, workspace, 'a2', 2, 'shared.ts', 'from a2\n');
  assert.deepEqual(await review.listChanges('a2'), [{ path: 'shared.ts', status: 'modified', additions: 1, deletions: 1 }]);
  await assert.rejects(review.beforeWrite('a1', [path.join(workspace, 'shared.ts')], 3), (e: ReviewError) => e.code === 'CONFLICT' && /calm-heron/.test(e.message));

  review.releaseLeases('a2'); // a2 ended: its change stays for review, its lease goes
  await toolWrite(review, workspace, 'a1', 3, 'shared.ts', 'a1 again\n');
  assert.equal((await review.listChanges('a2')).length, 1);
  // Rejecting a2's change now would overwrite the file a1 is changing.
  await assert.rejects(review.reject('a2', { paths: ['shared.ts'], force: true }), (e: ReviewError) => e.code === 'CONFLICT' && e.holder === 'a1');
  assert.equal(read(workspace, 'shared.ts'), 'a1 again\n');
});

test("a command does not claim another agent's concurrent tool write", async (t) => {
  const sb = await sandbox({ 'mine.txt': 'm\n', 'theirs.txt': 't\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  await review.beforeCommand('a2', 1);
  await toolWrite(review, workspace, 'a1', 1, 'theirs.txt', 't by a1\n'); // while a2's command runs
  writeFile(workspace, 'mine.txt', 'm by a2 command\n');
  assert.deepEqual(await review.afterCommand('a2', 1), ['mine.txt']);
  assert.deepEqual((await review.listChanges('a1')).map((c) => c.path), ['theirs.txt']);
  assert.deepEqual((await review.listChanges('a2')).map((c) => c.path), ['mine.txt']);
});

test('after the host is killed a new instance sees every change, checkpoint and last-write fingerprint', { timeout: 60_000 }, async (t) => {
  const sb = await sandbox({ 'a.txt': 'base\n', 'b.txt': 'bee\n', 'c.txt': 'see\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { workspace } = sb;
  const host = spawn(process.execPath, [fileURLToPath(new URL('./reviewKilledHost.js', import.meta.url)), workspace, sb.stateDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => host.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    host.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    host.on('exit', (code) => reject(new Error(`host exited early (${code})`)));
  });
  host.kill('SIGKILL');
  await new Promise((resolve) => host.once('exit', resolve));

  const fresh = await sb.open();
  assert.deepEqual(fresh.agentsWithState(), ['a1']);
  assert.deepEqual(await fresh.listChanges('a1'), [
    { path: 'a.txt', status: 'modified', additions: 1, deletions: 1 },
    { path: 'b.txt', status: 'modified', additions: 1, deletions: 0 },
    { path: 'c.txt', status: 'deleted', additions: 0, deletions: 1 },
  ]);
  assert.deepEqual((await fresh.checkpoints('a1')).map((c) => [c.step, c.files]), [
    [1, ['a.txt']],
    [2, ['b.txt', 'c.txt']],
  ]);
  // The dead host's leases are gone: another agent may write the file.
  await fresh.beforeWrite('a2', ['d.txt'], 1);
  writeFile(workspace, 'b.txt', 'user\n');
  await assert.rejects(fresh.reject('a1', {}), (e: ReviewError) => e.code === 'USER_EDITED' && e.paths.join() === 'b.txt');
  await fresh.reject('a1', { paths: ['a.txt', 'c.txt'] });
  assert.equal(read(workspace, 'a.txt'), 'base\n');
  assert.equal(read(workspace, 'c.txt'), 'see\n');
});

test('binary files are listed, not diffed, and restore byte for byte with their mode', async (t) => {
  const bin = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 255, 0, 10, 13]);
  const sb = await sandbox({ 'tool.bin': bin, 'logo.png': Buffer.from([0x89, 0x50, 0, 0, 1]) }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  fs.chmodSync(path.join(workspace, 'tool.bin'), 0o755);
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'exec');

  await command(review, workspace, 'a1', 1, 'rm tool.bin');
  await toolWrite(review, workspace, 'a1', 2, 'logo.png', Buffer.from([0x89, 0x50, 0, 0, 2, 3]));
  assert.deepEqual(await review.listChanges('a1'), [
    { path: 'logo.png', status: 'modified', additions: 0, deletions: 0, binary: true },
    { path: 'tool.bin', status: 'deleted', additions: 0, deletions: 0, binary: true },
  ]);
  const diffs = await review.getDiff('a1');
  assert.ok(diffs.every((d) => d.binary && d.hunks.length === 0 && d.original === null));
  await assert.rejects(review.reject('a1', { paths: ['logo.png'], hunk: 0 }), (e: ReviewError) => e.code === 'BAD_REQUEST' && /binary/.test(e.message));

  await review.reject('a1', {});
  assert.deepEqual(fs.readFileSync(path.join(workspace, 'tool.bin')), bin);
  assert.equal(fs.statSync(path.join(workspace, 'tool.bin')).mode & 0o777, 0o755);
  assert.deepEqual(fs.readFileSync(path.join(workspace, 'logo.png')), Buffer.from([0x89, 0x50, 0, 0, 1]));
  assert.equal(git(workspace, 'status', '--porcelain'), '');
});

test('node_modules and ignored files are not reviewed; npm install shows as package.json changes', async (t) => {
  const sb = await sandbox({ '.gitignore': 'dist/\n*.log\n', 'package.json': '{}\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  const changed = await command(
    review,
    workspace,
    'a1',
    1,
    'mkdir -p node_modules/left-pad dist && echo m > node_modules/left-pad/index.js && echo b > dist/out.js && echo l > x.log && echo \'{"dependencies":{}}\' > package.json',
  );
  assert.deepEqual(changed, ['package.json']);
});

test("the user's .git is byte-for-byte unchanged by review", async (t) => {
  const sb = await sandbox({ 'a.txt': lines(10), 'b.txt': 'bee\n', 'dir/c.txt': 'see\n' }, { git: true });
  t.after(() => sb.cleanup());
  const { review, workspace } = sb;
  git(workspace, 'gc', '-q'); // packed objects: review reads blobs from the user's pack, read-only
  writeFile(workspace, 'untracked.txt', 'u\n');
  const gitDir = path.join(workspace, '.git');
  const before = hashTree(gitDir);

  await toolWrite(review, workspace, 'a1', 1, 'a.txt', lines(12));
  await command(review, workspace, 'a1', 2, 'echo more >> b.txt; rm dir/c.txt; echo new > n.txt; rm untracked.txt');
  await review.listChanges('a1');
  await review.getDiff('a1');
  await review.checkpoints('a1');
  await review.accept('a1', { paths: ['n.txt'] });
  await review.reject('a1', { paths: ['b.txt', 'dir/c.txt', 'untracked.txt'] });
  // The shadow store is an ordinary git repository that git itself can read.
  const shadow = path.join(sb.stateDir, 'review', 'shadow.git');
  assert.equal(git(workspace, '--git-dir', shadow, 'log', '--format=%s', 'refs/offload/a1/checkpoints'), 'step 2 of agent a1\nstep 1 of agent a1\n');
  assert.equal(git(workspace, '--git-dir', shadow, 'show', 'refs/offload/a1/checkpoints~1:a.txt'), lines(12));
  await review.undo('a1', 0);
  assert.equal(read(workspace, 'b.txt'), 'bee\n');
  assert.equal(read(workspace, 'dir/c.txt'), 'see\n');
  assert.equal(read(workspace, 'untracked.txt'), 'u\n');
  assert.equal(read(workspace, 'a.txt'), lines(10));

  assert.deepEqual(hashTree(gitDir), before);
  git(workspace, '--git-dir', shadow, 'fsck', '--no-dangling');
  assert.match(git(workspace, '--git-dir', shadow, 'ls-tree', '-r', '--name-only', 'refs/offload/a1/baseline~2'), /a\.txt/);
});

test('a write to a path outside the workspace is refused', async (t) => {
  const sb = await sandbox({}, { git: false });
  t.after(() => sb.cleanup());
  await assert.rejects(sb.review.beforeWrite('a1', ['../outside.txt'], 1), (e: ReviewError) => e.code === 'BAD_REQUEST');
});
