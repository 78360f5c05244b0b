// One warm spare agent process per host: started idle (Node up, the agent's
// code and the SDK loaded, waiting for `start`), claimed by the next launch
// with the same entry, folder and environment, and replaced in the background
// a little later, so a person's Send does not wait for a process to boot
// (bench/agentStart.ts). Without replacement (`replace: false`) it still lets
// a host fork an agent's process first and read what the agent needs meanwhile.
//
// A spare never outlives its host: dispose() kills it, and an agent process
// exits by itself when its parent's pipe closes (agent-process/main.ts). One
// that dies on its own is dropped, not restarted (no crash loop); the next
// launch makes a new one.

import { launchKey, type AgentLauncher, type AgentProcessHandle, type LaunchOptions } from './launcher.js';

/** How long after a claim the replacement starts: the claimed agent's first request goes first. */
export const SPARE_REPLACE_DELAY_MS = 500;

export interface WarmSpareLauncher extends AgentLauncher {
  /** Starts a spare for these launch options now, unless one is there (a long-lived host calls it at start). */
  prelaunch(options: LaunchOptions): void;
  /** Always true: tells a wrapped launcher from a plain one. */
  readonly keepsSpare: true;
  /** The spare's pid, when one is up (tests, benches). */
  readonly sparePid: number | null;
  /** Kills the spare and makes no more. */
  dispose(): void;
}

interface Spare {
  key: string;
  handle: AgentProcessHandle;
}

export interface WarmSpareOptions {
  /** Make a new spare after each claim (default true); a one-command CLI host uses its one early agent and no more. */
  replace?: boolean;
  replaceDelayMs?: number;
}

export function isWarmSpareLauncher(launcher: AgentLauncher): launcher is WarmSpareLauncher {
  return (launcher as Partial<WarmSpareLauncher>).keepsSpare === true;
}

export function withWarmSpare(inner: AgentLauncher, options: WarmSpareOptions = {}): WarmSpareLauncher {
  const replace = options.replace ?? true;
  const replaceDelayMs = options.replaceDelayMs ?? SPARE_REPLACE_DELAY_MS;
  let spare: Spare | null = null;
  let template: LaunchOptions | null = null;
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  const startSpare = (options: LaunchOptions) => {
    if (disposed || spare) return;
    const key = launchKey(options);
    const handle = inner.launch({ ...options, displayName: 'offload agent (spare)' });
    const entry: Spare = { key, handle };
    spare = entry;
    handle.onExit(() => {
      if (spare === entry) spare = null;
    });
  };

  const scheduleReplacement = () => {
    if (disposed || !replace) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (template) startSpare(template);
    }, replaceDelayMs);
    timer.unref?.();
  };

  return {
    launch(options: LaunchOptions): AgentProcessHandle {
      template = options;
      const key = launchKey(options);
      const claimed = spare;
      spare = null;
      scheduleReplacement();
      if (claimed && claimed.key === key) return claimed.handle;
      claimed?.handle.kill(500); // made for other options (e.g. another environment): of no use now
      return inner.launch(options);
    },
    prelaunch(options: LaunchOptions) {
      template = options;
      startSpare(options);
    },
    keepsSpare: true,
    get sparePid() {
      return spare?.handle.pid ?? null;
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      spare?.handle.kill(500);
      spare = null;
    },
  };
}
