// The warm spare agent process (launch/warmSpare.ts) with real forked
// processes running the stand-in agent (supervisorFakeAgent.ts): a long-lived
// host keeps one idle process, the next agent runs in it, a new one replaces
// it, and none of them outlives the host.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSettled } from '../../src/shared/agent.js';
import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createHost } from '../../src/main/app/createHost.js';
import { createForkLauncher } from '../../src/main/launch/forkLauncher.js';
import type { AgentProcessHandle, LaunchOptions } from '../../src/main/launch/launcher.js';
import { withWarmSpare } from '../../src/main/launch/warmSpare.js';
import { isAlive } from './processAlive.js';

const fakeAgent = fileURLToPath(new URL('./supervisorFakeAgent.js', import.meta.url));

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The fork launcher running the stand-in agent, remembering every process it started. */
function recordingLauncher() {
  const inner = createForkLauncher();
  const handles: AgentProcessHandle[] = [];
  return {
    handles,
    launch(options: LaunchOptions) {
      const handle = inner.launch({ ...options, entry: fakeAgent });
      handles.push(handle);
      return handle;
    },
  };
}

test('a long-lived host runs its next agent in the warm spare, replaces the spare, and leaves no process behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-spare-'));
  const workspace = join(dir, 'ws');
  execFileSync('git', ['init', '-q', workspace]);
  const launcher = recordingLauncher();
  const host = await createHost({
    workspace,
    home: join(dir, 'home'),
    runtime: 'node',
    env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000', OFFLOAD_MODEL: 'claude-sonnet-test', OFFLOAD_TEST: '1' },
    launcher,
    warmSpare: true,
  });
  try {
    const api = connectInProcess(host).call;
    const spare = await until('the spare to start', () => launcher.handles[0]);
    assert.ok(spare.pid && isAlive(spare.pid));
    const [agent] = await api.startAgents({ prompts: ['just look'] });
    const done = await until('the agent to finish', async () => {
      const record = await api.getAgent(agent!.id);
      return isSettled(record.status) ? record : null;
    });
    assert.equal(done.status, 'completed');
    // It ran in the spare: the process event names the spare's pid.
    const events = await api.getEvents(agent!.id);
    const started = events.find((e) => e.type === 'process');
    assert.equal(started?.type === 'process' ? started.pid : null, spare.pid);
    const replacement = await until('a new spare', () => launcher.handles[1]);
    assert.ok(replacement.pid && replacement.pid !== spare.pid);
    assert.equal(launcher.handles.length, 2, 'one launch for the spare, one for its replacement: the agent forked nothing');
  } finally {
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  for (const handle of launcher.handles) {
    await until(`process ${handle.pid} to end with the host`, () => !isAlive(handle.pid!));
  }
});

test('a launch with other options than the spare was made for gets a fresh process, and the stale spare ends', async () => {
  const inner = recordingLauncher();
  const spares = withWarmSpare(inner, { replace: false });
  const options: LaunchOptions = { entry: fakeAgent, cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', A: '1' }, displayName: 'test' };
  spares.prelaunch(options);
  const spare = inner.handles[0]!;
  assert.equal(spares.sparePid, spare.pid);
  const fresh = spares.launch({ ...options, env: { ...options.env, A: '2' } });
  try {
    assert.notEqual(fresh.pid, spare.pid);
    assert.equal(spares.sparePid, null);
    await until('the stale spare to end', () => !isAlive(spare.pid!));
  } finally {
    fresh.kill(500);
    spares.dispose();
  }
  await until('the fresh process to end', () => !isAlive(fresh.pid!));
});

test('a claimed spare is the same process, and dispose ends an unclaimed one', async () => {
  const inner = recordingLauncher();
  const spares = withWarmSpare(inner, { replace: false });
  const options: LaunchOptions = { entry: fakeAgent, cwd: process.cwd(), env: { PATH: process.env.PATH ?? '' }, displayName: 'test' };
  spares.prelaunch(options);
  const claimed = spares.launch({ ...options, displayName: 'another name' });
  assert.equal(claimed, inner.handles[0]);
  assert.equal(inner.handles.length, 1);
  claimed.kill(500);
  spares.prelaunch(options);
  const unclaimed = inner.handles[1]!;
  spares.dispose();
  await until('the unclaimed spare to end', () => !isAlive(unclaimed.pid!));
  await until('the claimed process to end', () => !isAlive(claimed.pid!));
  spares.prelaunch(options);
  assert.equal(inner.handles.length, 2, 'no spare after dispose');
});
