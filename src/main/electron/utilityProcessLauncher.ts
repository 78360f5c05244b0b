// Agent processes in the desktop app: Electron's utilityProcess.fork (a Node
// child that Chromium's process model knows about and shows in the task
// manager). The RPC envelope travels over child.postMessage / 'message'; the
// agent's entry uses process.parentPort there (see agentEntry.ts).

import { Emitter } from '../../shared/lifecycle.js';
import { parseRpcMessage, type RpcMessage } from '../../shared/rpc/envelope.js';
import { type AgentLauncher, type AgentProcessHandle, type LaunchOptions, type ProcessExit } from '../launch/launcher.js';

/** The slice of Electron's UtilityProcess we use. */
export interface UtilityChildLike {
  readonly pid: number | undefined;
  postMessage(message: any): void;
  kill(): boolean;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: any) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: 'FatalError', location: string, report: string) => void): unknown;
}

export interface UtilityForkOptions {
  env: Record<string, string>;
  cwd: string;
  serviceName: string;
  execArgv?: string[];
  stdio: 'inherit' | 'pipe' | 'ignore';
}

/** The slice of Electron's utilityProcess module we use. */
export interface UtilityProcessLike {
  fork(modulePath: string, args: string[], options: UtilityForkOptions): UtilityChildLike;
}

const DEFAULT_GRACE_MS = 3000;

export interface UtilityLauncherOptions {
  /** Told about each message from a child that is not a well-formed envelope (it is dropped). */
  debugSink?: (line: string) => void;
}

export function createUtilityProcessLauncher(utilityProcess: UtilityProcessLike, options: UtilityLauncherOptions = {}): AgentLauncher {
  return {
    launch(launch: LaunchOptions): AgentProcessHandle {
      const child = utilityProcess.fork(launch.entry, [], {
        env: launch.env,
        cwd: launch.cwd,
        serviceName: launch.displayName,
        // The agent's own diagnostics go to the app's stderr; its results travel as messages.
        stdio: 'inherit',
      });
      return wrapUtilityChild(child, (problem) => options.debugSink?.(`[${launch.displayName}] ${problem}`));
    },
  };
}

/** The AgentProcessHandle over one utility child (exported for tests). */
export function wrapUtilityChild(child: UtilityChildLike, onMalformed: (problem: string) => void = () => {}): AgentProcessHandle {
  const messages = new Emitter<RpcMessage>();
  const exits = new Emitter<ProcessExit>();
  const closes = new Emitter<void>();
  let exit: ProcessExit | null = null;
  let killedByUs = false;
  let crash: string | null = null;
  // Electron clears child.pid once it has exited; remember it for a late SIGKILL and for logs.
  let lastPid: number | null = child.pid ?? null;

  child.on('spawn', () => {
    lastPid = child.pid ?? lastPid;
  });
  child.on('message', (value: unknown) => {
    const parsed = parseRpcMessage(value);
    if (parsed.ok) messages.fire(parsed.message);
    else onMalformed(parsed.problem);
  });
  child.on('error', (type, location) => {
    crash = `crashed (${type}${location ? ' at ' + location : ''})`;
  });
  child.on('exit', (code: number) => {
    if (exit) return;
    const reason = killedByUs ? 'killed by the supervisor' : crash ?? undefined;
    exit = { code, signal: null, ...(reason ? { reason } : {}) };
    closes.fire();
    exits.fire(exit);
    // The process is gone: nothing more will come, so every listener is let go.
    for (const emitter of [messages, exits, closes]) emitter.dispose();
  });

  return {
    get pid() {
      return child.pid ?? (exit ? null : lastPid);
    },
    transport: {
      send(message) {
        if (exit) throw new Error('The agent process has exited.');
        child.postMessage(message);
      },
      onMessage(listener) {
        const subscription = messages.event(listener);
        return () => subscription.dispose();
      },
      onClose(listener) {
        const subscription = closes.event(() => listener());
        return () => subscription.dispose();
      },
    },
    onExit(listener) {
      if (exit) {
        const done = exit;
        queueMicrotask(() => listener(done));
        return () => {};
      }
      const subscription = exits.event(listener);
      return () => subscription.dispose();
    },
    kill(graceMs = DEFAULT_GRACE_MS) {
      if (exit) return;
      killedByUs = true;
      lastPid ??= child.pid ?? null;
      child.kill(); // SIGTERM on POSIX: the agent stops its commands and exits
      const pid = lastPid;
      setTimeout(() => {
        if (exit || pid === null) return;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, graceMs).unref();
    },
  };
}
