// The commands an agent is running. A pty's child leads its own session and
// process group, so signalling -pid reaches what it started; under the
// sandbox the command also has its own PID namespace, which dies with it. A
// program that leaves the group (setsid, a double fork) without a sandbox is
// found by the mark every command's environment carries (COMMAND_MARK_VAR)
// and killed too: no command outlives the agent.

import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** The variable that marks every process a command starts (inherited unless cleared). */
export const COMMAND_MARK_VAR = 'OFFLOAD_COMMAND_MARK';

export function newCommandMark(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Pids of this user's processes whose environment carries `mark` (Linux:
 * /proc/PID/environ, readable for one's own processes). Empty elsewhere.
 */
export function markedProcesses(mark: string): number[] {
  const needle = Buffer.from(`${COMMAND_MARK_VAR}=${mark}\0`);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`).includes(needle)) found.push(pid);
    } catch {
      // gone, or another user's
    }
  }
  return found;
}

/** SIGKILLs every process carrying `mark`; a few rounds, since one may fork while we look. */
export function killMarked(mark: string): number {
  let killed = 0;
  for (let round = 0; round < 3; round++) {
    const pids = markedProcesses(mark);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // already gone
      }
    }
  }
  return killed;
}

export class ProcessGroups {
  private readonly groups = new Map<number, string | null>();

  add(pid: number, mark: string | null = null): void {
    this.groups.set(pid, mark);
  }

  remove(pid: number): void {
    this.groups.delete(pid);
  }

  get running(): number[] {
    return [...this.groups.keys()];
  }

  /** Signals one group; false when it is already gone. */
  signal(pid: number, signal: NodeJS.Signals): boolean {
    // Only ever the group: a bare pid may already belong to another program.
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  private killMarks(): void {
    for (const mark of this.groups.values()) if (mark) killMarked(mark);
  }

  /** SIGTERM to every group, then SIGKILL to what is left after graceMs (marked strays included). */
  async killAll(graceMs: number): Promise<void> {
    const pids = this.running;
    if (pids.length === 0) return;
    for (const pid of pids) this.signal(pid, 'SIGTERM');
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    for (const pid of pids) this.signal(pid, 'SIGKILL');
    this.killMarks();
  }

  /** Synchronous last resort (process 'exit' handlers cannot wait). */
  killAllNow(): void {
    for (const pid of this.running) this.signal(pid, 'SIGKILL');
    this.killMarks();
    this.groups.clear();
  }
}
