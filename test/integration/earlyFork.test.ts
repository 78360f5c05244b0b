// `offload run`'s first agent process, forked by bin/loadCli.js before the CLI
// and host load (cli/earlyAgent.ts, launch/earlyFork.ts), with real processes:
// the launch it was made for takes it, any other kills it, it carries no
// secret, and it never outlives or holds up the command that made it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkFirstAgentEarly } from '../../src/main/cli/earlyAgent.js';
import { agentEntryPath } from '../../src/main/launch/agentEntry.js';
import { scrubbedChildEnv } from '../../src/main/launch/childEnv.js';
import { discardEarlyFork, takeEarlyFork } from '../../src/main/launch/earlyFork.js';
import { workspaceStateDir } from '../../src/main/store/homePaths.js';
import { startFakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor } from '../../e2e/fixtures/scenarioHelpers.js';
import { isAlive } from './processAlive.js';

const earlyBundle = fileURLToPath(new URL('../../src/main/bundle/earlyAgent.cjs', import.meta.url));
const bin = fileURLToPath(new URL('../../../bin/offload', import.meta.url));
const SECRET = 'sk-ant-api03-early-fork-secret-0123456789';

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'offload-early-'));
  const workspace = join(dir, 'ws');
  mkdirSync(workspace);
  const env = { ...process.env, OFFLOAD_HOME: join(dir, 'home'), ANTHROPIC_API_KEY: SECRET };
  /** The launch session.ts makes for the command's first agent. */
  const launch = (overrides: Record<string, string> = {}) => ({
    entry: agentEntryPath(),
    cwd: realpathSync(workspace),
    env: scrubbedChildEnv({ ...env, ...overrides }),
    displayName: 'offload agent',
  });
  return { dir, workspace, env, launch, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('the launch it was forked for takes it; its environment carries no secret', async () => {
  const box = sandbox();
  try {
    for (const argv of [
      ['run', '--workspace', box.workspace, 'fix it'],
      ['run', `--workspace=${box.workspace}`, '--json', 'fix it'],
      ['run', 'fix it', '--model', 'm', '--workspace', box.workspace],
    ]) {
      forkFirstAgentEarly(argv, box.env);
      const child = takeEarlyFork(box.launch());
      assert.ok(child?.pid, `taken for ${argv.join(' ')}`);
      assert.ok(isAlive(child.pid));
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
      assert.ok(!environ.includes(SECRET), 'the API key is not in the agent process environment');
      assert.ok(!environ.includes('ANTHROPIC_API_KEY='));
      child.kill();
      await until('the taken process to end', () => !isAlive(child.pid!));
    }
  } finally {
    box.cleanup();
  }
});

test('another launch, another command, or a host already running: no process is taken, and none is left', async () => {
  const box = sandbox();
  try {
    // Forked for one environment, launched with another: killed, and the launch forks its own.
    forkFirstAgentEarly(['run', '--workspace', box.workspace, 'x'], box.env);
    const pid = (globalThis as Record<symbol, { child: { pid: number } } | undefined>)[Symbol.for('offload.earlyAgentProcess')]?.child.pid;
    assert.ok(pid && isAlive(pid));
    assert.equal(takeEarlyFork(box.launch({ OFFLOAD_SOMETHING_ELSE: '1' })), null);
    await until('the unused process to end', () => !isAlive(pid));

    // Not a command that launches here: nothing forked.
    forkFirstAgentEarly(['list', '--workspace', box.workspace], box.env);
    forkFirstAgentEarly(['run', '--help'], box.env);
    forkFirstAgentEarly(['run', '--workspace', join(box.dir, 'missing'), 'x'], box.env);
    assert.equal(takeEarlyFork(box.launch()), null);

    // A host announced for the workspace: the command goes through it.
    const stateDir = workspaceStateDir(join(box.dir, 'home'), realpathSync(box.workspace));
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(join(stateDir, 'host.json'), '{}');
    forkFirstAgentEarly(['run', '--workspace', box.workspace, 'x'], box.env);
    assert.equal(takeEarlyFork(box.launch()), null);
    discardEarlyFork();
  } finally {
    box.cleanup();
  }
});

test('a waiting process holds up no command: the command exits at once, and the process follows it', async () => {
  const box = sandbox();
  try {
    // What bin/loadCli.js runs, then a command that ends before launching anything (a usage error, say).
    const script = `const c = require(${JSON.stringify(earlyBundle)}); c.forkFirstAgentEarly(['run', '--workspace', ${JSON.stringify(box.workspace)}, 'x']);
      process.stdout.write(String(globalThis[Symbol.for('offload.earlyAgentProcess')].child.pid));`;
    const started = Date.now();
    const child = spawn(process.execPath, ['-e', script], { env: box.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 5_000, 'the command did not wait for its unused agent process');
    const agentPid = Number(out);
    assert.ok(agentPid > 0);
    await until('the orphaned agent process to end', () => !isAlive(agentPid));
  } finally {
    box.cleanup();
  }
});

test('`offload run` through bin/offload: the first request is made, and no agent process is left', async () => {
  const box = sandbox();
  const server = await startFakeModelServer();
  try {
    writeFileSync(join(box.workspace, 'README.md'), '# x\n');
    const env = { ...box.env, ANTHROPIC_BASE_URL: server.url, OFFLOAD_MODEL: 'claude-sonnet-4-6' };
    // Not execFileSync: the fake server answers on this process's event loop.
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [bin, 'run', '--json', '--workspace', box.workspace, promptFor('early', 'Say done.')], { env, encoding: 'utf8' }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
    const events = out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; pid?: number | null; status?: string });
    assert.equal(events.find((e) => e.type === 'finished')?.status, 'completed');
    const pids = events.filter((e) => e.type === 'process' && e.pid).map((e) => e.pid!);
    assert.equal(pids.length, 1);
    assert.equal(server.requests.length >= 1, true);
    await until('the agent process to end', () => !isAlive(pids[0]!));
  } finally {
    await server.close();
    box.cleanup();
  }
});
