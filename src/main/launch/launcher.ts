// How agent processes start. One interface, two implementations:
// forkLauncher.ts (child_process.fork, plain Node: CLI, host, tests) and
// src/main/electron/utilityProcessLauncher.ts (utilityProcess.fork, desktop app).

import type { RpcTransport } from '../../shared/rpc/envelope.js';

export interface ProcessExit {
  code: number | null;
  signal: string | null;
  /** Set when the process did not exit on its own (e.g. "killed by the supervisor", "crashed"). */
  reason?: string;
}

export interface AgentProcessHandle {
  readonly pid: number | null;
  /** The RPC envelope pipe to the process (process.send / parentPort). */
  readonly transport: RpcTransport;
  onExit(listener: (exit: ProcessExit) => void): () => void;
  /** Ends the process (SIGTERM, then SIGKILL after graceMs). */
  kill(graceMs?: number): void;
}

export interface LaunchOptions {
  /** Absolute path of the compiled agent entry (see agentEntry.ts). */
  entry: string;
  cwd: string;
  /** The full environment for the child: already scrubbed of secrets by the caller. */
  env: Record<string, string>;
  /** Shown in process lists / Electron's task manager. */
  displayName: string;
}

export interface AgentLauncher {
  launch(options: LaunchOptions): AgentProcessHandle;
  /**
   * Optional: start a process for these options now, so the next launch() with
   * the same options gets one already booted (see warmSpare.ts). The host
   * calls it before it reads what the agent needs (model list, rules file).
   */
  prelaunch?(options: LaunchOptions): void;
}

/** Two launches start the same process when entry, folder and environment match (a spare or an early fork stands in then). */
export function launchKey(options: LaunchOptions): string {
  const env = Object.entries(options.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([options.entry, options.cwd, env]);
}
