// One agent's process session: the forked process, the RPC both ways over its
// pipe, and the process groups of the commands it started (killed when the
// process ends for any reason, so nothing an agent started outlives it).

import type { AgentHostService, AgentInit, AgentProcessEvents, AgentProcessService } from '../../shared/contract/agentHost.js';
import { validateAgentHostParams, validateAgentProcessResult } from '../../shared/contract/agentHostSchemas.js';
import { createRpcClient, type RpcClient } from '../../shared/rpc/client.js';
import { serveRpc, type RpcServer } from '../../shared/rpc/server.js';
import type { AgentLauncher, AgentProcessHandle, ProcessExit } from '../launch/launcher.js';
import type { AgentProcess } from './agents/agentSlot.js';

export interface AgentRunOptions {
  launcher: AgentLauncher;
  entry: string;
  workspace: string;
  env: Record<string, string>;
  displayName: string;
  /** What the child may call (served over its pipe; every call's arguments are checked first). */
  hostService: AgentHostService;
  /** Where refused calls are noted (the host's debug log). */
  debug?: (line: string) => void;
}

export class AgentRun implements AgentProcess {
  readonly handle: AgentProcessHandle;
  readonly agent: RpcClient<AgentProcessService, AgentProcessEvents>;
  private readonly endedController = new AbortController();
  readonly exit: Promise<ProcessExit>;
  private readonly server: RpcServer;
  private readonly commandGroups = new Set<number>();
  private exitInfo: ProcessExit | null = null;

  constructor(options: AgentRunOptions) {
    this.handle = options.launcher.launch({
      entry: options.entry,
      cwd: options.workspace,
      env: options.env,
      displayName: options.displayName,
    });
    // What the process sends is checked against the contract's schemas before
    // the host acts on it: a malformed call gets a BAD_INPUT answer and a line
    // in the debug log, and never reaches the log, the limiter or the review.
    this.server = serveRpc(this.handle.transport, options.hostService, {
      validate: validateAgentHostParams,
      onRefused: (method, error) => options.debug?.(`[${options.displayName}] refused ${method}: ${error.message}`),
    });
    // And what it answers the host's calls is checked the same way (one validator module, both ways).
    this.agent = createRpcClient<AgentProcessService, AgentProcessEvents>(this.handle.transport, { checkResult: validateAgentProcessResult });
    this.exit = new Promise((resolve) => {
      this.handle.onExit((exit) => {
        this.exitInfo = exit;
        this.endedController.abort(new Error('The agent process ended.'));
        this.killCommandGroups();
        this.server.dispose();
        this.agent.dispose('The agent process ended.');
        resolve(exit);
      });
    });
  }

  /** Aborted when the process ends: cuts the waits made on its behalf (rate limiter). */
  get ended(): AbortSignal {
    return this.endedController.signal;
  }

  start(init: AgentInit): Promise<void> {
    return this.agent.call.start(init);
  }

  cancel(): Promise<void> {
    return this.agent.call.cancel();
  }

  get pid(): number | null {
    return this.handle.pid;
  }

  get hasExited(): boolean {
    return this.exitInfo !== null;
  }

  commandStarted(pid: number): void {
    this.commandGroups.add(pid);
  }

  commandEnded(pid: number): void {
    this.commandGroups.delete(pid);
  }

  /** Kills every command process group the agent reported and did not see end. */
  killCommandGroups(): void {
    for (const pid of this.commandGroups) {
      // Only the group: each command runs as its own group leader (pty), and a
      // bare pid may already belong to another program once the group is gone.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.commandGroups.clear();
  }

  kill(graceMs?: number): void {
    this.handle.kill(graceMs);
  }
}

/** Words for why a process ended, for the agent's `failed` reason. */
export function describeExit(exit: ProcessExit): string {
  if (exit.reason && exit.signal) return `the agent process was ${exit.reason} (${exit.signal})`;
  if (exit.signal) return `the agent process was killed by ${exit.signal}`;
  if (exit.reason) return `the agent process ${exit.reason}`;
  return `the agent process exited with code ${exit.code ?? 'unknown'} before finishing`;
}
