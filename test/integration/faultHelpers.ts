// Checks shared by the fault suite (faults*.test.ts): after each fault, what
// was written must still be there: every line of the event log parses, seqs
// run 1, 2, 3... without a gap, and the review still answers.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentLogPath, workspaceStateDir } from '../../src/main/store/homePaths.js';
import type { AgentEvent } from '../../src/shared/events.js';
import type { FileDiff } from '../../src/shared/review.js';
import type { Sandbox } from './cliHelpers.js';

/** Reads an agent's events.jsonl byte for byte and fails on any line that is not a whole event. */
export function readLogStrictly(home: string, workspace: string, agentId: string): AgentEvent[] {
  const text = readFileSync(agentLogPath(workspaceStateDir(home, workspace), agentId), 'utf8');
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'the log ends with a whole line');
  const events = lines.map((line, i) => {
    try {
      return JSON.parse(line) as AgentEvent;
    } catch {
      assert.fail(`line ${i + 1} of ${agentId}'s log is corrupt: ${line.slice(0, 120)}`);
    }
  });
  events.forEach((e, i) => assert.equal(e.seq, i + 1, `seq ${i + 1} is in its place`));
  return events;
}

/** Every agent id of the sandbox's workspace (from the folders under its state). */
export function agentIdsOf(s: Sandbox): string[] {
  try {
    return readdirSync(join(workspaceStateDir(s.home, s.workspace), 'agents')).sort();
  } catch {
    return [];
  }
}

/** The log is whole, and the review answers (`offload diff --json`) with the files it should. */
export async function assertNothingLost(s: Sandbox, agentId: string, expectedPaths: string[]): Promise<AgentEvent[]> {
  const events = readLogStrictly(s.home, s.workspace, agentId);
  assert.equal(events[0]?.type, 'started');
  const diff = await s.offload(['diff', agentId, '--json']);
  assert.equal(diff.code, 0, diff.stderr);
  const files = JSON.parse(diff.stdout) as FileDiff[];
  assert.deepEqual(files.map((f) => f.path).sort(), [...expectedPaths].sort());
  return events;
}

// ---- disks and processes (faults.disk, faults.workspace) ----

/** True when this process may mount a tmpfs (root with CAP_SYS_ADMIN, as here and in CI). */
export const canMountTmpfs = (() => {
  const probe = join(tmpdir(), `offload-mount-probe-${process.pid}`);
  mkdirSync(probe, { recursive: true });
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

export const CANNOT_MOUNT = 'mounting a tmpfs is not permitted here (needs root with CAP_SYS_ADMIN)';

/** A real small disk at `dir` (made if missing). */
export function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=700`, 'tmpfs', dir]);
}

/** Unmounts whatever is mounted at `dir` (lazily: files may still be open); quiet when nothing is. */
export function unmountQuietly(dir: string): void {
  while (spawnSync('mountpoint', ['-q', dir]).status === 0) {
    if (spawnSync('umount', ['-l', dir]).status !== 0) break;
  }
}

/** Writes zeros into `dir` until its file system says it is full. */
export function fillUp(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/** `pid` and every live descendant of it (from /proc). */
export function processTree(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields) parentOf.set(Number(entry), Number(fields[1]));
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree.filter((p) => statFields(p) !== null);
}

/** True while the process runs (a zombie left for a parent that never reaps it counts as gone). */
export function isRunning(pid: number): boolean {
  return statFields(pid) !== null;
}

/** Fields of /proc/PID/stat after the command name (state first), or null when the process is gone or a zombie. */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? null : fields;
  } catch {
    return null;
  }
}

/** CPU time (user + system, in clock ticks) a process has used, 0 once it is gone. */
function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/**
 * Share of one core the processes used together over `ms` (1 = a core busy
 * the whole time). Linux counts in clock ticks of 1/100 s (USER_HZ).
 */
export async function cpuShareOver(pids: number[], ms: number): Promise<number> {
  const before = pids.map(cpuTicks);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const ticks = pids.reduce((sum, pid, i) => sum + Math.max(0, cpuTicks(pid) - before[i]!), 0);
  return ticks / 100 / ((Date.now() - started) / 1000);
}
