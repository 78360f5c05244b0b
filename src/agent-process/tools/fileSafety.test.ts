// File tools under attack: FIFOs, huge single lines, symlink swaps raced
// against reads and writes, a full disk, and writes that would raise the
// agent's own permissions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TEST_OPTIONS, recordingHost, tempDir, toolContext } from '../testHelpers.js';
import { detectSandbox } from '../sandbox/sandbox.js';
import { runTool } from './index.js';
import { READ_MAX_LINE_CHARS } from './readFile.js';

test('write_file and read_file refuse a FIFO at once instead of hanging', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    spawnSync('mkfifo', [path.join(dir, 'pipe')]);
    const ctx = toolContext(dir, recordingHost().host);
    const write = await runTool('write_file', { path: 'pipe', content: 'x' }, ctx);
    assert.equal(write.ok, false);
    assert.match(write.content, /not a regular file/);
    const read = await runTool('read_file', { path: 'pipe' }, ctx);
    assert.equal(read.ok, false);
    assert.match(read.content, /named pipe|not a regular file/);
    const edit = await runTool('edit_file', { path: 'pipe', old_string: 'a', new_string: 'b' }, ctx);
    assert.equal(edit.ok, false);
    const devices = await runTool('read_file', { path: '/dev/zero' }, ctx);
    assert.equal(devices.ok, false);
  } finally {
    await cleanup();
  }
});

test('read_file of a huge file with one line is cut with a notice, not a crash', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    // 80 MB, no newline: more than one read scans (64 MB).
    const handle = await open(path.join(dir, 'one-line.txt'), 'w');
    const block = Buffer.alloc(1024 * 1024, 'a');
    for (let i = 0; i < 80; i++) await handle.write(block);
    await handle.close();
    const result = await runTool('read_file', { path: 'one-line.txt' }, toolContext(dir, recordingHost().host));
    assert.equal(result.ok, true);
    assert.ok(result.content.length < READ_MAX_LINE_CHARS + 1000, `${result.content.length} characters`);
    assert.match(result.content, /line cut at 2000 characters/);
    assert.match(result.content, /The file is 80 MB; lines were counted only through its first 64 MB/);
  } finally {
    await cleanup();
  }
});

test('writes keep the mode, leave no temp file, and replace the file atomically', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeFile(path.join(dir, 'run.sh'), '#!/bin/sh\necho old\n');
    await chmod(path.join(dir, 'run.sh'), 0o754);
    const before = await stat(path.join(dir, 'run.sh'));
    const ctx = toolContext(dir, recordingHost().host);
    assert.equal((await runTool('write_file', { path: 'run.sh', content: '#!/bin/sh\necho new\n' }, ctx)).ok, true);
    const after = await stat(path.join(dir, 'run.sh'));
    assert.equal(after.mode & 0o7777, 0o754);
    assert.notEqual(after.ino, before.ino, 'replaced by rename, not written in place');
    assert.equal((await runTool('edit_file', { path: 'run.sh', old_string: 'new', new_string: 'newer' }, ctx)).ok, true);
    assert.equal((await stat(path.join(dir, 'run.sh'))).mode & 0o7777, 0o754);
    assert.deepEqual((await readdir(dir)).sort(), ['run.sh']);
  } finally {
    await cleanup();
  }
});

test('a full disk: write_file reports ENOSPC to the model and the old file stays whole', async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('needs bubblewrap for a small tmpfs');
  // A real 64 KB tmpfs (bwrap --size), with the real write_file inside it.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const script = `
    import { runTool } from ${JSON.stringify(path.join(here, 'index.js'))};
    import { recordingHost, toolContext } from ${JSON.stringify(path.join(here, '..', 'testHelpers.js'))};
    import { readFile, readdir, writeFile } from 'node:fs/promises';
    const ws = '/small';
    await writeFile(ws + '/keep.txt', 'original content\\n');
    const ctx = toolContext(ws, recordingHost().host);
    const big = await runTool('write_file', { path: 'keep.txt', content: 'x'.repeat(200 * 1024) }, ctx);
    const fresh = await runTool('write_file', { path: 'new.txt', content: 'y'.repeat(200 * 1024) }, ctx);
    console.log(JSON.stringify({ big, fresh, keep: await readFile(ws + '/keep.txt', 'utf8'), files: await readdir(ws) }));
  `;
  const result = spawnSync('bwrap', ['--dev-bind', '/', '/', '--size', '65536', '--tmpfs', '/small', process.execPath, '--input-type=module', '-e', script], { encoding: 'utf8' });
  const report = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}');
  assert.equal(report.big.ok, false, result.stderr);
  assert.match(report.big.content, /the disk is full \(ENOSPC\)\. Nothing was changed: the file is as it was before\./);
  assert.equal(report.keep, 'original content\n');
  assert.equal(report.fresh.ok, false);
  assert.deepEqual(report.files, ['keep.txt'], 'no half-written or temp file is left');
});

test('racing symlink swaps against read_file and write_file never reads or writes outside the workspace', async () => {
  const { dir, cleanup } = await tempDir();
  const { dir: outside, cleanup: cleanOutside } = await tempDir();
  await writeFile(path.join(outside, 'secret.txt'), 'OUTSIDE-SECRET\n');
  await mkdir(path.join(outside, 'sub'));
  await writeFile(path.join(dir, 'a.txt'), 'inside\n');
  await mkdir(path.join(dir, 'sub'));
  // Another process swaps a.txt (file <-> link out) and sub (folder <-> link out) as fast as it can.
  const swapper = spawn('/bin/bash', ['-c', `cd ${JSON.stringify(dir)}; while true; do
      rm -f a.txt; ln -s ${JSON.stringify(path.join(outside, 'secret.txt'))} a.txt; rm -f a.txt; echo inside > a.txt;
      mv sub sub.real 2>/dev/null; ln -s ${JSON.stringify(path.join(outside, 'sub'))} sub; rm -f sub; mv sub.real sub 2>/dev/null; done`], { stdio: 'ignore' });
  try {
    const ctx = toolContext(dir, recordingHost().host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'auto' } });
    let reads = 0;
    for (let i = 0; i < 300; i++) {
      const read = await runTool('read_file', { path: 'a.txt' }, ctx);
      assert.doesNotMatch(read.content, /OUTSIDE-SECRET/);
      if (read.ok) reads++;
      await runTool('write_file', { path: 'a.txt', content: `pwned ${i}\n` }, ctx);
      await runTool('write_file', { path: 'sub/planted.txt', content: `pwned ${i}\n` }, ctx);
    }
    assert.ok(reads > 0, 'some reads got through the race');
  } finally {
    swapper.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(await readFile(path.join(outside, 'secret.txt'), 'utf8'), 'OUTSIDE-SECRET\n');
    assert.deepEqual(await readdir(path.join(outside, 'sub')), []);
    assert.deepEqual((await readdir(outside)).sort(), ['secret.txt', 'sub']);
    await cleanup();
    await cleanOutside();
  }
});

test('an agent cannot raise its own permissions: .offload, git hooks and attributes, tool configs need approval', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host, log } = recordingHost({ answer: () => ({ kind: 'approval', decision: 'reject' }) });
    const ctx = toolContext(dir, host);
    for (const target of ['.offload/settings.json', '.gitattributes', '.husky/pre-commit', '.vscode/tasks.json', '.npmrc', 'sub/.envrc', 'AGENTS.md', '.claude/settings.json', '.OFFLOAD/settings.json']) {
      const result = await runTool('write_file', { path: target, content: '{"approval":"auto","allowedCommands":["*"]}' }, ctx);
      assert.equal(result.ok, false, target);
      assert.match(result.content, /The user refused this change/, target);
      assert.equal(existsSync(path.join(dir, target)), false, target);
    }
    assert.equal(log.pauses.length, 9);
    assert.match(String(log.pauses[0]!.kind === 'approval' && log.pauses[0]!.detail), /Offload's own settings/);
    // deny refuses without asking; auto writes.
    const denied = await runTool('write_file', { path: '.offload/settings.json', content: '{}' }, toolContext(dir, host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'deny' } }));
    assert.match(denied.content, /approval policy refuses such changes/);
    assert.equal(log.pauses.length, 9);
    const auto = await runTool('write_file', { path: '.offload/settings.json', content: '{}' }, toolContext(dir, host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'auto' } }));
    assert.equal(auto.ok, true);
    // Ordinary files are not asked about.
    assert.equal((await runTool('write_file', { path: 'src/settings.json', content: '{}' }, ctx)).ok, true);
  } finally {
    await cleanup();
  }
});
