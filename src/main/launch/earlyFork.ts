// An agent process forked before the code that will use it has loaded.
//
// `offload run` forks its first agent from bin/loadCli.js, before the CLI and
// host bundle is even read (cli/earlyAgent.ts), so that Node's start and the
// agent's load run on the other core while this process loads the host, reads
// the logs and asks for the model list (issue 11: spawn to the first model
// request). The process waits here, in a slot on globalThis (the early code and
// the host bundle are two separate bundles), until forkLauncher takes it for
// the launch it was made for: the same entry, folder and environment, so it is
// exactly the process that launch would have forked. Anything else kills it.

import { fork, type ChildProcess } from 'node:child_process';
import { launchKey, type LaunchOptions } from './launcher.js';

/** How every agent process is forked under plain Node (forkLauncher.ts, and here). */
export function forkAgentProcess(launch: LaunchOptions): ChildProcess {
  return fork(launch.entry, [], {
    cwd: launch.cwd,
    env: launch.env,
    serialization: 'json',
    // Not the host's own flags (a test runner's, a profiler's), and no V8 flag at all: any V8 flag
    // costs Node its built-in modules' code cache (every built-in the agent loads, node:http and
    // zlib among them, is compiled from source). A small young generation (--max-semi-space-size=1 --optimize-for-size) was tried:
    // a paused agent held 7 MB less in its first seconds, but the same 64-66 MB once V8's memory
    // reducer had run (~20 s), and `offload run` reached the model ~85 ms later (issue 11, bench/README.md).
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

interface EarlyProcess {
  key: string;
  child: ChildProcess;
  /** It failed to start, or said something before anyone listened: of no use. */
  spoiled: boolean;
  /** Sets `spoiled`: listens to 'error' and 'message' until the process is taken. */
  spoil: () => void;
}

const SLOT = Symbol.for('offload.earlyAgentProcess');
type Slot = { [SLOT]?: EarlyProcess };

/** Forks the process a coming launch with these options will take (at most one waits). */
export function forkEarly(launch: LaunchOptions): void {
  discardEarlyFork();
  const child = forkAgentProcess(launch);
  const early: EarlyProcess = {
    key: launchKey(launch),
    child,
    spoiled: false,
    spoil: () => void (early.spoiled = true),
  };
  // A fork that fails reports an 'error' event: with no listener that would end this process.
  child.on('error', early.spoil);
  // An agent says nothing before it is started; a message now would be lost, and so the process with it.
  child.on('message', early.spoil);
  // While it waits it must not keep this process alive: a command that fails before launching still exits.
  setHeld(child, false);
  (globalThis as Slot)[SLOT] = early;
}

/**
 * The waiting process, when it was forked for exactly this launch and is
 * alive; null otherwise (a waiting process of other options is killed).
 */
export function takeEarlyFork(launch: LaunchOptions): ChildProcess | null {
  const early = (globalThis as Slot)[SLOT];
  if (!early) return null;
  delete (globalThis as Slot)[SLOT];
  const alive = early.child.pid !== undefined && early.child.exitCode === null && early.child.signalCode === null;
  if (!early.spoiled && alive && early.key === launchKey(launch)) {
    // The launcher listens from here on.
    early.child.off('message', early.spoil).off('error', early.spoil);
    setHeld(early.child, true);
    return early.child;
  }
  // Its 'error' listener stays: a failed kill is reported as an 'error' event.
  early.child.kill();
  return null;
}

/** Whether the process, its IPC channel and its output pipes keep this process's event loop alive. */
function setHeld(child: ChildProcess, held: boolean): void {
  const handles: ({ ref(): unknown; unref(): unknown } | null | undefined)[] = [child, child.channel, child.stdout as never, child.stderr as never];
  for (const handle of handles) {
    if (held) handle?.ref?.();
    else handle?.unref?.();
  }
}

/** Kills a process still waiting (the command went through another host, or failed). */
export function discardEarlyFork(): void {
  const early = (globalThis as Slot)[SLOT];
  if (!early) return;
  delete (globalThis as Slot)[SLOT];
  early.child.off('message', early.spoil);
  early.child.kill();
}
