import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { tempDir } from '../testHelpers.js';
import { detectSandbox, wrapInSandbox, type SandboxAccess } from './sandbox.js';

async function setup() {
  const { dir, cleanup } = await tempDir();
  const workspace = path.join(dir, 'ws');
  const home = path.join(dir, 'home');
  const offloadHome = path.join(dir, 'offload-home');
  await mkdir(path.join(home, '.ssh'), { recursive: true });
  await mkdir(path.join(home, '.aws'), { recursive: true });
  await mkdir(workspace, { recursive: true });
  await mkdir(offloadHome, { recursive: true });
  await writeFile(path.join(home, '.ssh', 'id_rsa'), 'PRIVATE-KEY-XYZ');
  await writeFile(path.join(home, '.aws', 'credentials'), 'AWS-SECRET-XYZ');
  await writeFile(path.join(offloadHome, 'secrets.json'), '{"anthropic-api-key":"sk-ant-SECRET"}');
  await writeFile(path.join(workspace, 'a.txt'), 'inside\n');
  const hidden = [path.join(home, '.ssh'), path.join(home, '.aws'), offloadHome];
  const run = (script: string, access: SandboxAccess, env: Record<string, string> = {}) => {
    const wrapped = wrapInSandbox('bwrap', { workspace, access, home, hidden }, { file: '/bin/bash', args: ['-c', script] });
    const result = spawnSync(wrapped.file, wrapped.args, { cwd: workspace, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    return { code: result.status, out: `${result.stdout}${result.stderr}` };
  };
  return { dir, workspace, home, offloadHome, run, cleanup };
}

test('read-only commands cannot write anywhere but a private /tmp, even in the workspace', async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
  const { dir, workspace, run, cleanup } = await setup();
  try {
    const result = run(`echo x > a.txt; rm -f a.txt; touch new.txt; touch ${dir}/outside.txt; echo tmp > /tmp/t && cat /tmp/t`, 'read-only');
    assert.match(result.out, /Read-only file system/);
    assert.match(result.out, /^tmp$/m);
    assert.equal(await readFile(path.join(workspace, 'a.txt'), 'utf8'), 'inside\n');
    assert.equal(existsSync(path.join(workspace, 'new.txt')), false);
    assert.equal(existsSync(path.join(dir, 'outside.txt')), false);
    // The private /tmp is gone afterwards.
    assert.equal(existsSync('/tmp/t') && (await readFile('/tmp/t', 'utf8')) === 'tmp\n', false);
  } finally {
    await cleanup();
  }
});

test('approved commands write the workspace, but not outside it', async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
  const { dir, workspace, run, cleanup } = await setup();
  try {
    const result = run(`echo changed > a.txt; touch ${dir}/outside.txt`, 'workspace-write');
    assert.match(result.out, /Read-only file system/);
    assert.equal(await readFile(path.join(workspace, 'a.txt'), 'utf8'), 'changed\n');
    assert.equal(existsSync(path.join(dir, 'outside.txt')), false);
  } finally {
    await cleanup();
  }
});

test('secrets are not mounted: ~/.ssh, ~/.aws and OFFLOAD_HOME read empty, whatever the access', async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
  const { home, offloadHome, run, cleanup } = await setup();
  try {
    for (const access of ['read-only', 'workspace-write', 'workspace-write-network'] as const) {
      const result = run(`cat ${home}/.ssh/id_rsa ${home}/.aws/credentials ${offloadHome}/secrets.json; ls -a ${home}/.ssh ${offloadHome}; echo KEY > ${home}/.ssh/planted`, access);
      assert.doesNotMatch(result.out, /PRIVATE-KEY-XYZ|AWS-SECRET-XYZ|sk-ant-SECRET/, access);
    }
    assert.equal(existsSync(path.join(home, '.ssh', 'planted')), false);
  } finally {
    await cleanup();
  }
});

test("a fresh /proc: the host's environment and processes are not there", async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
  const { run, cleanup } = await setup();
  try {
    // This test process's environment holds the marker; the command's does not.
    process.env.OFFLOAD_TEST_HOST_SECRET = 'host-env-marker-123';
    const result = run(`cat /proc/${process.pid}/environ; cat /proc/*/environ | tr '\\0' '\\n'; ls /proc | grep -c '^[0-9]'`, 'read-only');
    assert.doesNotMatch(result.out, /host-env-marker-123/);
    const count = Number(/^(\d+)$/m.exec(result.out)?.[1]);
    assert.ok(count > 0 && count < 10, `sees ${count} processes`);
  } finally {
    delete process.env.OFFLOAD_TEST_HOST_SECRET;
    await cleanup();
  }
});

test('no network unless approved for it', async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
  const { run, cleanup } = await setup();
  const server = createServer((socket) => socket.end('HELLO-FROM-HOST\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3`;
    assert.doesNotMatch(run(probe, 'read-only').out, /HELLO-FROM-HOST/);
    assert.doesNotMatch(run(probe, 'workspace-write').out, /HELLO-FROM-HOST/);
    const allowed = await new Promise<string>((resolve) => {
      const wrapped = wrapInSandbox('bwrap', { workspace: '/tmp', access: 'workspace-write-network', home: '/nonexistent', hidden: [] }, { file: '/bin/bash', args: ['-c', probe] });
      // Async spawn: the server answers on this same event loop.
      import('node:child_process').then(({ execFile }) => execFile(wrapped.file, wrapped.args, (_e, stdout) => resolve(stdout)));
    });
    assert.match(allowed, /HELLO-FROM-HOST/);
  } finally {
    server.close();
    await cleanup();
  }
});

test('a workspace inside a hidden folder (a worktree under OFFLOAD_HOME) works, and the rest of that folder stays hidden', async (t) => {
  if ((await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
  const { dir, cleanup } = await tempDir();
  try {
    const offloadHome = path.join(dir, 'offload-home');
    const workspace = path.join(offloadHome, 'workspaces', 'w', 'worktrees', 'a1', 'tree');
    await mkdir(workspace, { recursive: true });
    await writeFile(path.join(offloadHome, 'secrets.json'), 'sk-ant-HIDDEN');
    await writeFile(path.join(workspace, 'a.txt'), 'inside\n');
    const wrapped = wrapInSandbox('bwrap', { workspace, access: 'workspace-write', home: path.join(dir, 'nohome'), hidden: [offloadHome] }, { file: '/bin/bash', args: ['-c', `cat a.txt; echo changed > a.txt; cat ${offloadHome}/secrets.json`] });
    const result = spawnSync(wrapped.file, wrapped.args, { cwd: workspace, encoding: 'utf8' });
    assert.match(result.stdout, /inside/);
    assert.doesNotMatch(result.stdout + result.stderr, /sk-ant-HIDDEN/);
    assert.equal(await readFile(path.join(workspace, 'a.txt'), 'utf8'), 'changed\n');
  } finally {
    await cleanup();
  }
});
