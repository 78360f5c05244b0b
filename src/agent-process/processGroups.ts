// The process groups of the commands an agent is running. A pty's child is a
// session (and so process group) leader, so signalling -pid reaches
// everything the command started. No command outlives the agent.

export class ProcessGroups {
  private readonly groups = new Set<number>();

  add(pid: number): void {
    this.groups.add(pid);
  }

  remove(pid: number): void {
    this.groups.delete(pid);
  }

  get running(): number[] {
    return [...this.groups];
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

  /** SIGTERM to every group, then SIGKILL to what is left after graceMs. */
  async killAll(graceMs: number): Promise<void> {
    const pids = this.running;
    if (pids.length === 0) return;
    for (const pid of pids) this.signal(pid, 'SIGTERM');
    if (graceMs > 0) await new Promise((resolve) => setTimeout(resolve, graceMs));
    for (const pid of pids) this.signal(pid, 'SIGKILL');
  }

  /** Synchronous last resort (process 'exit' handlers cannot wait). */
  killAllNow(): void {
    for (const pid of this.running) this.signal(pid, 'SIGKILL');
    this.groups.clear();
  }
}
