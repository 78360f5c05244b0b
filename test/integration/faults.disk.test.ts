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
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { createSandbox, eventually, showJson, type Sandbox } from './cliHelpers.js';
import { agentIdsOf, CANNOT_MOUNT, canMountTmpfs, fillUp, mountTmpfs, readLogStrictly, unmountQuietly } from './faultHelpers.js';

const skip = canMountTmpfs ? false : CANNOT_MOUNT;

let server: FakeModelServer;

before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      // Step 1 writes a file (a review baseline and checkpoint); step 2 fills the disk; step 3 would print a lot.
      fill: [
        toolTurn('write_file', { path: 'kept.txt', content: 'written before the disk filled\n' }),
        toolTurn('run_command', { command: 'while [ ! -e filled.flag ]; do sleep 0.1; done; echo the disk is full now' }),
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

async function runFault(scenario: 'fill') {
  const s = createSandbox(server.url);
  mountHome(s);
  const { child, result } = s.spawnOffload(['run', '--json', '--approval', 'auto', promptFor(scenario, 'Do it.')]);
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  // The agent's command is waiting for the flag: fill the disk, then let it go on.
  await eventually(
    async () => {
      const [id] = agentIdsOf(s);
      return id ? readLogStrictly(s.home, s.workspace, id).some((e) => e.type === 'tool_call' && JSON.stringify(e.input).includes('filled.flag')) : false;
    },
    60_000,
    'the agent waiting at its second command',
  );
  fillUp(s.home);
  writeFileSync(join(s.workspace, 'filled.flag'), '');
  const run = await result;
  clearTimeout(killer);
  return { s, run };
}

// A home turned read-only mid-run cannot be made here: remounting a tmpfs read-only
// fails while the log is open for writing (EBUSY), which is what a live host holds.
for (const scenario of ['fill'] as const) {
  test(`OFFLOAD_HOME fills up mid-run: the agent fails with a clear reason, \`offload run\` exits, the log stays whole`, { skip }, async () => {
    const { s, run } = await runFault(scenario);
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
