// Fault suite, issue 13 item 3: OFFLOAD_HOME fills up or turns read-only
// while an agent runs. The agent fails with a clear reason, `offload run`
// exits (no hang, no spin), what was written stays readable (no corrupt
// line), and once space is back the agent can be read and resumed.
//
// The home is a real 2 MiB tmpfs (we run as root; CI too). The disk is filled
// by the test while the agent's second command waits for a flag file, so the
// fault lands at a known step without timing.
// Where mounting is not permitted, the cases are skipped and say so.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { createSandbox, eventually, showJson, type Sandbox } from './cliHelpers.js';
import {
  agentIdsOf,
  CANNOT_MOUNT,
  canMountTmpfs,
  cpuShareOver,
  fillUp,
  isRunning,
  mountTmpfs,
  processTree,
  readLogStrictly,
  unmountQuietly,
} from './faultHelpers.js';

const skip = canMountTmpfs ? false : CANNOT_MOUNT;

let server: FakeModelServer;

before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      // Step 1 writes a file (a review baseline and checkpoint); step 2 fills the disk; step 3 would print a lot.
      fill: [
        toolTurn('write_file', { path: 'kept.txt', content: 'written before the disk filled\n' }),
        toolTurn('run_command', { command: ': > waiting.flag; while [ ! -e filled.flag ]; do sleep 0.1; done; echo the disk is full now' }),
        toolTurn('run_command', { command: 'seq 1 20000' }),
        textTurn('Done.'),
      ],
    },
  });
});
after(async () => {
  await server?.close();
});

function mountHome(s: Sandbox): void {
  mountTmpfs(s.home, '2m');
}

function unmountHome(s: Sandbox): void {
  unmountQuietly(s.home);
}

/** Runs the `fill` scenario and makes `fault` while the agent's command waits for its flag; then lets it go on. */
async function runFault(fault: (s: Sandbox) => void) {
  const s = createSandbox(server.url);
  mountHome(s);
  const { child, result } = s.spawnOffload(['run', '--json', '--approval', 'auto', promptFor('fill', 'Do it.')]);
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  // The command itself runs (the review has taken its snapshot before it): the fault lands while it waits.
  await eventually(async () => existsSync(join(s.workspace, 'waiting.flag')), 60_000, 'the agent waiting at its second command');
  const [id] = agentIdsOf(s);
  const tree = processTree(child.pid!);
  fault(s);
  writeFileSync(join(s.workspace, 'filled.flag'), '');
  // Nothing spins: a few seconds after the fault, whatever of the run is left is near idle.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const left = processTree(child.pid!);
  const cpu = await cpuShareOver(left, 3_000);
  const run = await result;
  clearTimeout(killer);
  return { s, run, id: id!, tree, cpu };
}

{
  test(`OFFLOAD_HOME fills up mid-run: the agent fails with a clear reason, \`offload run\` exits, the log stays whole`, { skip }, async () => {
    const { s, run } = await runFault((sandbox) => fillUp(sandbox.home));
    try {
      assert.notEqual(run.code, null, '`offload run` ended by itself (the test would kill it after 2 minutes)');
      assert.notEqual(run.code, 0, 'and says it failed');
      const said = run.stdout + run.stderr;
      assert.match(said, /no space left/i, said.slice(-2000));
      assert.match(said, /could not write/i);

      // Space back (or writable again): nothing that was written is lost.
      rmSync(join(s.home, 'filler'), { force: true });
      const [id] = agentIdsOf(s);
      assert.ok(id);
      const events = readLogStrictly(s.home, s.workspace, id);
      assert.ok(events.some((e: AgentEvent) => e.type === 'file_changed' && e.path === 'kept.txt'), 'events before the fault are there');
      const record = await showJson(s, id);
      assert.equal(record.status, 'failed');
      assert.equal(readFileSync(join(s.workspace, 'kept.txt'), 'utf8').startsWith('written before'), true);
      const diff = await s.offload(['diff', id, '--json']);
      assert.equal(diff.code, 0, diff.stderr);
      assert.ok((JSON.parse(diff.stdout) as { path: string }[]).some((f) => f.path === 'kept.txt'), 'the review still has the change');
      // No agent process left behind.
      const pids = events.flatMap((e) => (e.type === 'process' && e.pid ? [e.pid] : []));
      for (const pid of pids) assert.equal(spawnSync('kill', ['-0', String(pid)]).status !== 0, true, `agent process ${pid} is gone`);
    } finally {
      unmountHome(s);
      await s.cleanup();
    }
  });
}

test('a read-only OFFLOAD_HOME from the start: `offload run` says so and exits', { skip }, async () => {
  const s = createSandbox(server.url);
  mountHome(s);
  try {
    execFileSync('mount', ['-o', 'remount,ro', s.home]);
    const run = await s.offload(['run', promptFor('fill', 'Do it.')], { timeoutMs: 60_000 });
    assert.notEqual(run.code, null);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /could not write its data folder .*read-only/i);
    assert.equal(run.stderr.includes('    at '), false, 'a message, not a stack trace');
  } finally {
    unmountHome(s);
    await s.cleanup();
  }
});

// Mid-run, a home cannot be remounted read-only as a whole while the host holds its log
// open for writing (EBUSY, as on any Linux file system). What can be made, and what a
// user gets from a remount or a read-only bind mount of a synced folder: a read-only
// mount over the home, which refuses every new write there while open files go on.
const HOME_FAULTS: { name: string; make(s: Sandbox): void; says: RegExp; readable: boolean; undo?(s: Sandbox): void }[] = [
  {
    name: 'turns read-only',
    make: (s) => {
      execFileSync('mount', ['--bind', s.home, s.home]);
      execFileSync('mount', ['-o', 'remount,bind,ro', s.home]);
    },
    says: /could not write .*read-only \(EROFS\)/i,
    readable: true,
    undo: (s) => execFileSync('umount', [s.home]),
  },
  {
    name: 'is deleted',
    make: (s) => {
      for (const entry of readdirSync(s.home)) rmSync(join(s.home, entry), { recursive: true, force: true });
    },
    says: /could not write .*the folder is gone \(ENOENT\)/i,
    readable: false,
  },
  {
    name: 'is unmounted',
    make: (s) => execFileSync('umount', ['-l', s.home]),
    says: /could not write .*the folder is gone \(ENOENT\)/i,
    readable: false,
  },
];

for (const fault of HOME_FAULTS) {
  test(`OFFLOAD_HOME ${fault.name} mid-run: the agent fails with the reason, nothing spins, \`offload run\` exits non-zero`, { skip }, async () => {
    const { s, run, id, tree, cpu } = await runFault(fault.make);
    try {
      const said = run.stdout + run.stderr;
      assert.ok(cpu < 0.25, `the run's processes used ${Math.round(cpu * 100)}% of a core 3-6 s after the fault`);
      assert.ok(run.code !== null && run.code !== 128, `\`offload run\` ended by itself (the test kills it after 2 minutes): ${said.slice(-1500)}`);
      assert.notEqual(run.code, 0, said.slice(-2000));
      assert.match(said, fault.says, said.slice(-2000));
      assert.equal(said.includes('    at '), false, 'a message, not a stack trace');
      for (const pid of tree) assert.equal(isRunning(pid), false, `process ${pid} of the run is gone`);
      // Nothing was written to a home made again under the old one's path.
      if (!fault.readable) assert.deepEqual(readdirSync(s.home, { recursive: true }), [], 'the home was not made again');
      if (fault.readable) {
        fault.undo?.(s);
        const events = readLogStrictly(s.home, s.workspace, id);
        assert.ok(events.some((e: AgentEvent) => e.type === 'file_changed' && e.path === 'kept.txt'), 'events before the fault are there');
        const record = await showJson(s, id);
        assert.equal(record.status, 'failed');
      }
    } finally {
      unmountHome(s);
      await s.cleanup();
    }
  });
}
