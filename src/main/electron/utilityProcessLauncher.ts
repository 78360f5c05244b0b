// Agent processes in the desktop app: Electron's utilityProcess.fork (a Node
// child that Chromium's process model knows about and shows in the task
// manager). The RPC envelope travels over child.postMessage / 'message'; the
// agent's entry uses process.parentPort there (see agentEntry.ts).

import type { RpcMessage } from '../../shared/rpc/envelope.js';
import type { AgentLauncher, AgentProcessHandle, LaunchOptions, ProcessExit } from '../launch/launcher.js';
import { isRpcMessage } from '../../shared/rpc/envelope.js';

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
  stdio: 'inherit' | 'pipe' | 'ignore';
}

/** The slice of Electron's utilityProcess module we use. */
export interface UtilityProcessLike {
  fork(modulePath: string, args: string[], options: UtilityForkOptions): UtilityChildLike;
}

const DEFAULT_GRACE_MS = 3000;

export function createUtilityProcessLauncher(utilityProcess: UtilityProcessLike): AgentLauncher {
  return {
    launch(options: LaunchOptions): AgentProcessHandle {
      const child = utilityProcess.fork(options.entry, [], {
        env: options.env,
        cwd: options.cwd,
        serviceName: options.displayName,
        // The agent's own diagnostics go to the app's stderr; its results travel as messages.
        stdio: 'inherit',
      });
      return wrapUtilityChild(child);
    },
  };
}

/** The AgentProcessHandle over one utility child (exported for tests). */
export function wrapUtilityChild(child: UtilityChildLike): AgentProcessHandle {
  const messageListeners = new Set<(message: RpcMessage) => void>();
  const exitListeners = new Set<(exit: ProcessExit) => void>();
  const closeListeners = new Set<() => void>();
  let exit: ProcessExit | null = null;
  let killedByUs = false;
  let crash: string | null = null;
  // Electron clears child.pid once it has exited; remember it for a late SIGKILL and for logs.
  let lastPid: number | null = child.pid ?? null;

  child.on('spawn', () => {
    lastPid = child.pid ?? lastPid;
  });
  child.on('message', (message: unknown) => {
    if (!isRpcMessage(message)) return;
    for (const listener of messageListeners) listener(message);
  });
  child.on('error', (type, location) => {
    crash = `crashed (${type}${location ? ' at ' + location : ''})`;
  });
  child.on('exit', (code: number) => {
    if (exit) return;
    const reason = killedByUs ? 'killed by the supervisor' : crash ?? undefined;
    exit = { code, signal: null, ...(reason ? { reason } : {}) };
    for (const listener of closeListeners) listener();
    for (const listener of exitListeners) listener(exit);
    messageListeners.clear();
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
        messageListeners.add(listener);
        return () => messageListeners.delete(listener);
      },
      onClose(listener) {
        closeListeners.add(listener);
        return () => closeListeners.delete(listener);
      },
    },
    onExit(listener) {
      if (exit) {
        const done = exit;
        queueMicrotask(() => listener(done));
        return () => {};
      }
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
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
