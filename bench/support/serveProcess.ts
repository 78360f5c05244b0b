// The `offload serve` process of a bench's workspace, read from /proc (Linux):
// its pid, its memory and its CPU time, for figures of the host itself.

import { readdirSync, readFileSync } from 'node:fs';

/** The `offload serve` process serving this workspace (found by its command line). */
export function servePid(workspace: string): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (cmd.includes('serve') && cmd.includes(workspace)) return Number(name);
    } catch {
      // gone
    }
  }
  return null;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** utime + stime of a process, in ms (Linux clock ticks are 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
