// Starts agent processes with child_process.fork (plain Node: the CLI, the
// WebSocket host, tests). The desktop app swaps in utilityProcess.fork.
//
// stdout/stderr of the agent go to a debug sink (the host's debug log), never
// to the user's terminal: the CLI's output is the event stream only.

import { forkAgentProcess, takeEarlyFork } from './earlyFork.js';
import { type AgentLauncher, type AgentProcessHandle, type LaunchOptions, type ProcessExit } from './launcher.js';
import { createProcessTransport } from '../../shared/rpc/processTransport.js';
import { Emitter } from '../../shared/lifecycle.js';

export interface ForkLauncherOptions {
  /** Where the children's stdout/stderr lines go (default: dropped). */
  debugSink?: (line: string) => void;
}

export const DEFAULT_KILL_GRACE_MS = 2_000;
/** After a process exits, how long its exit waits for its stdout, stderr and IPC pipes to close. */
const PIPES_CLOSE_WAIT_MS = 200;

export function createForkLauncher(options: ForkLauncherOptions = {}): AgentLauncher {
  return {
    launch(launch: LaunchOptions): AgentProcessHandle {
      // `offload run`'s first agent may have been forked before this code loaded (earlyFork.ts).
      const child = takeEarlyFork(launch) ?? forkAgentProcess(launch);
      const prefix = `[${launch.displayName}${child.pid ? ` pid ${child.pid}` : ''}] `;
      for (const stream of [child.stdout, child.stderr]) {
        stream?.setEncoding('utf8');
        stream?.on('data', (chunk: string) => {
          if (!options.debugSink) return;
          for (const line of chunk.split('\n')) if (line) options.debugSink(prefix + line);
        });
      }

      const exits = new Emitter<ProcessExit>();
      let exited: ProcessExit | null = null;
      let killReason: string | undefined;
      let killTimer: NodeJS.Timeout | null = null;
      const finish = (exit: ProcessExit) => {
        if (exited) return;
        exited = exit;
        if (killTimer) clearTimeout(killTimer);
        exits.fire(exit);
        // The process is gone: its listeners are let go.
        exits.dispose();
      };
      child.on('exit', (code, signal) => {
        const exit = { code, signal, reason: killReason };
        // Told once its pipes are closed too ('close') and the loop has run its close callbacks (the
        // process's own handle closes in the phase after this one): whoever awaits the exit (a host's
        // dispose) then finds no handle of it left. Descendants holding its stdout or stderr open cannot
        // delay that for long.
        const timer = setTimeout(() => finish(exit), PIPES_CLOSE_WAIT_MS);
        timer.unref?.();
        child.once('close', () => {
          clearTimeout(timer);
          setImmediate(() => setImmediate(() => finish(exit)));
        });
      });
      child.on('error', (error) => {
        // fork() failing to spawn (or a failed kill): report once as an exit.
        if (child.exitCode === null && child.signalCode === null && child.pid === undefined) {
          finish({ code: null, signal: null, reason: `could not start: ${error.message}` });
        } else {
          options.debugSink?.(prefix + `process error: ${error.message}`);
        }
      });

      return {
        get pid() {
          return child.pid ?? null;
        },
        transport: createProcessTransport(child, { onMalformed: (problem) => options.debugSink?.(prefix + problem) }),
        onExit(listener) {
          if (exited) {
            const done = exited;
            queueMicrotask(() => listener(done));
            return () => {};
          }
          const subscription = exits.event(listener);
          return () => subscription.dispose();
        },
        kill(graceMs = DEFAULT_KILL_GRACE_MS) {
          if (exited) return;
          killReason ??= 'killed by the supervisor';
          try {
            child.kill('SIGTERM');
          } catch {
            // already gone
          }
          killTimer ??= setTimeout(() => {
            if (!exited) {
              try {
                child.kill('SIGKILL');
              } catch {
                // already gone
              }
            }
          }, graceMs);
          killTimer.unref?.();
        },
      };
    },
  };
}
