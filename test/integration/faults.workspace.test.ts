// Fault suite, issue 13 item 3: the WORKSPACE's disk fails under a running
// agent: the folder is deleted, its disk is unmounted, turns read-only, or
// fills up. The reported case: "an `offload run` held a core at 90% for 14
// minutes after its workspace's disk filled and went away". A command the
// agent runs goes on after the fault, as build scripts and watchers do: here
// a loop that writes a progress file as fast as it can, failing each time.
//
// What a user must see: the agent fails with a reason that says what
// happened, its command is stopped, nothing is left spinning, `offload run`
// ends by itself with exit code 1 (failed), the log stays whole, and a folder
// that is gone is not made again by the agent.
//
// The workspace sits on a real 1 MiB tmpfs (we run as root; CI too). The
// fault is made while the agent's command waits on a file, so it lands at a
// known point without timing; the command's first loop ends by the fault
// itself (the file is gone, or cannot be touched) or, on a lazily unmounted
// disk that the command still sees, not at all.
// Where mounting is not permitted, the cases are skipped and say so.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { AgentRecord } from '../../src/shared/agent.js';
import { EXIT_FAILED, EXIT_OK } from '../../src/main/app/exitCodes.js';
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

/** Waits on `hold`, then writes progress as fast as it can: a spin once the disk fails. */
const WAITING_COMMAND = ': > ready; while [ -e hold ] && touch hold 2>/dev/null; do sleep 0.2; done; while :; do echo tick >> progress.log 2>/dev/null; done';

let server: FakeModelServer;

before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      disk: [
        toolTurn('write_file', { path: 'kept.txt', content: 'written before the fault\n' }),
        toolTurn('run_command', { command: WAITING_COMMAND }),
        toolTurn('write_file', { path: 'after.txt', content: 'written after the fault\n' }),
        textTurn('Done.'),
      ],
    },
  });
});
after(async () => {
  await server?.close();
});

interface Fault {
  name: string;
  make(disk: string, workspace: string): void;
  says: RegExp;
  /** The workspace is still there to read afterwards (and to resume in, once repaired). */
  readable: boolean;
  repair?(disk: string): void;
}

const FAULTS: Fault[] = [
  {
    name: 'is deleted',
    make: (_disk, workspace) => rmSync(workspace, { recursive: true, force: true }),
    says: /The workspace folder .* is gone \(deleted, or its disk was unmounted\)/,
    readable: false,
  },
  {
    name: 'has its disk unmounted',
    make: (disk) => execFileSync('umount', ['-l', disk]),
    says: /The workspace folder .* is gone \(deleted, or its disk was unmounted\)/,
    readable: false,
  },
  {
    name: 'turns read-only',
    make: (disk) => execFileSync('mount', ['-o', 'remount,ro', disk]),
    says: /The workspace's file system turned read-only \(EROFS\)/,
    readable: true,
    repair: (disk) => execFileSync('mount', ['-o', 'remount,rw', disk]),
  },
  {
    name: 'fills up',
    make: (disk, workspace) => {
      fillUp(disk);
      rmSync(join(workspace, 'hold'));
    },
    says: /The workspace's disk is full \(no space left on the device, ENOSPC\)/,
    readable: true,
    repair: (disk) => rmSync(join(disk, 'filler')),
  },
];

async function listedEverywhere(s: Sandbox, id: string): Promise<AgentRecord> {
  const listed = await s.offload(['list', '--all', '--json'], { workspace: null });
  assert.equal(listed.code, 0, listed.stderr);
  const record = (JSON.parse(listed.stdout) as AgentRecord[]).find((r) => r.id === id);
  assert.ok(record, `offload list --all shows ${id}`);
  return record;
}

function sandboxOnSmallDisk(): { s: Sandbox; disk: string } {
  let disk = '';
  const s = createSandbox(server.url, { 'README.md': '# Demo\n', hold: '' }, {
    workspace: 'disk/ws',
    prepare: (dir) => {
      disk = join(dir, 'disk');
      mountTmpfs(disk, '1m');
    },
  });
  return { s, disk };
}

for (const fault of FAULTS) {
  test(`the workspace ${fault.name} under a running command: the agent fails with the reason, nothing spins, \`offload run\` exits 1`, { skip }, async () => {
    const { s, disk } = sandboxOnSmallDisk();
    try {
      const { child, result } = s.spawnOffload(['run', '--approval', 'auto', promptFor('disk', 'Do it.')]);
      let ended = false;
      void result.then(() => (ended = true));
      const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      await eventually(async () => existsSync(join(s.workspace, 'ready')), 60_000, "the agent's command waiting on its file");
      const [id] = agentIdsOf(s);
      assert.ok(id);
      const before = processTree(child.pid!);

      fault.make(disk, s.workspace);

      // Nothing spins: a few seconds after the fault, whatever of the run is left is near idle.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const left = processTree(child.pid!);
      const cpu = await cpuShareOver(left, 3_000);
      assert.ok(cpu < 0.25, `the run's processes used ${Math.round(cpu * 100)}% of a core 3-6 s after the fault (pids ${left.join(', ')})`);

      const run = await result;
      clearTimeout(killer);
      const said = run.stdout + run.stderr;
      assert.ok(ended && run.code !== null && run.code !== 128, `\`offload run\` ended by itself (the test kills it after 90 s): ${said.slice(-1500)}`);
      assert.equal(run.code, EXIT_FAILED, said.slice(-2000));
      assert.match(said, fault.says);
      assert.match(said, /Failed/);

      // The command and every process of the run are gone.
      for (const pid of before) assert.equal(isRunning(pid), false, `process ${pid} of the run is gone`);
      // The agent did not write after the fault (nor make a deleted folder again).
      if (!fault.readable) assert.equal(existsSync(s.workspace), false, 'the workspace was not made again');
      else assert.equal(existsSync(join(s.workspace, 'after.txt')), false, 'nothing was written after the fault');

      // What was written stays readable: a whole log, and the record says why.
      const events = readLogStrictly(s.home, s.workspace, id);
      assert.ok(events.some((e) => e.type === 'file_changed' && e.path === 'kept.txt'));
      // A workspace that is gone cannot be named with --workspace: `list --all` reads every agent from OFFLOAD_HOME.
      const record = fault.readable ? await showJson(s, id) : await listedEverywhere(s, id);
      assert.equal(record.status, 'failed');
      assert.match(record.error ?? '', fault.says);
      // The summary still counts what was written before the fault: from the review, or, with the workspace gone, from the log.
      if (fault.readable) assert.ok(record.summary.filesChanged.some((f) => f.path === 'kept.txt'), JSON.stringify(record.summary));
      else {
        assert.deepEqual(record.summary.changedPathsFromLog, ['kept.txt'], JSON.stringify(record.summary));
        assert.match(said, /Failed: 1 file changed \(kept\.txt; from the agent's log: the workspace could not be read\)/);
      }

      if (fault.readable) {
        const diff = await s.offload(['diff', id, '--json']);
        assert.equal(diff.code, 0, diff.stderr);
        assert.ok((JSON.parse(diff.stdout) as { path: string }[]).some((f) => f.path === 'kept.txt'), 'the review still has the change');
        // Repaired, the agent goes on from where it stopped.
        fault.repair?.(disk);
        const resumed = await s.offload(['resume', id], { timeoutMs: 90_000 });
        assert.equal(resumed.code, EXIT_OK, resumed.stdout + resumed.stderr);
        assert.equal(existsSync(join(s.workspace, 'after.txt')), true, 'the resumed agent wrote its next file');
      }
    } finally {
      unmountQuietly(disk);
      await s.cleanup();
    }
  });
}
