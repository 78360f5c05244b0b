// The editor shell's integrated terminal: the person's own shells, each in a
// pseudo-terminal (node-pty) started in the workspace. These are not an
// agent's commands, so there is no approval gate; what keeps them in check is
// a cap on how many run at once and that every one dies with the host.
//
// Output is batched (one event per 16 ms or 64 KB, whichever comes first) so a
// chatty program becomes a few dozen events a second, not thousands.

import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { IPty } from 'node-pty';
import { hostError } from './hostErrors.js';

// node-pty (a native module) loads when the first terminal opens: most hosts
// (every CLI command) never open one, and loading it cost start-up time.
const loadCommonJs = createRequire(import.meta.url);
let ptyModule: typeof import('node-pty') | null = null;
function nodePty(): typeof import('node-pty') {
  ptyModule ??= loadCommonJs('node-pty') as typeof import('node-pty');
  return ptyModule;
}

export const TERMINAL_FLUSH_MS = 16;
export const TERMINAL_FLUSH_CHARS = 64 * 1024;
export const MAX_TERMINALS = 10;
/** Recent output kept per shell, so a reloaded page can redraw it. */
export const TERMINAL_SCROLLBACK_CHARS = 256 * 1024;
/** After SIGHUP, how long a closing shell may take before it gets SIGKILL. */
const CLOSE_GRACE_MS = 1000;

/**
 * Variables Offload (or Electron, or Node's IPC) sets for its own processes and
 * that would make programs in the terminal misbehave: with ELECTRON_RUN_AS_NODE
 * an `electron` the user starts would run as plain Node; NODE_CHANNEL_FD would
 * make a `node` think it has an IPC parent.
 */
const INTERNAL_NAMES = new Set(['ELECTRON_RUN_AS_NODE', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']);

/**
 * The terminal's environment is the person's own environment, as their own
 * terminal app would give them, secrets included: unlike an agent's
 * run_command (see agent-process/commandEnvironment.ts), nothing a model
 * decides runs here, only what the person types, and they may well want their
 * ANTHROPIC_API_KEY (or other tokens) for their own tools. Only Offload's
 * internal plumbing variables are removed; TERM and friends describe xterm.js.
 */
export function terminalEnvironment(base: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || INTERNAL_NAMES.has(name)) continue;
    env[name] = value;
  }
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  env.TERM_PROGRAM = 'Offload';
  return env;
}

/** The person's shell: $SHELL, else bash, else sh; on Windows PowerShell (or COMSPEC). */
export function defaultShell(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): { file: string; args: string[] } {
  if (platform === 'win32') {
    const root = env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
    const powershell = `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
    return existsSync(powershell) ? { file: powershell, args: ['-NoLogo'] } : { file: env.COMSPEC ?? 'cmd.exe', args: [] };
  }
  const candidates = [env.SHELL, '/bin/bash', '/usr/bin/bash', '/bin/sh'].filter((s): s is string => Boolean(s && s.trim()));
  const file = candidates.find((s) => existsSync(s)) ?? '/bin/sh';
  // macOS terminals start login shells (that is where its PATH is set up); Linux ones do not.
  return { file, args: platform === 'darwin' ? ['-l'] : [] };
}

export interface TerminalSessionsOptions {
  /** Where shells start (the workspace). */
  cwd: string;
  /** The host's environment (what terminalEnvironment filters). */
  env: Record<string, string | undefined>;
  onData: (id: string, data: string) => void;
  onExit: (id: string, exitCode: number | null) => void;
  maxTerminals?: number;
  /** How long output gathers before it is sent (default TERMINAL_FLUSH_MS). */
  flushMs?: number;
  /** Default: defaultShell(env). */
  shell?: { file: string; args: string[] };
}

interface Session {
  id: string;
  shell: string;
  pty: IPty;
  /** The last TERMINAL_SCROLLBACK_CHARS of output. */
  scrollback: string;
  pending: string;
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
  hasExited: boolean;
}

export class TerminalSessions {
  private readonly sessions = new Map<string, Session>();
  private disposed = false;

  constructor(private readonly options: TerminalSessionsOptions) {}

  /** How many shells are running. */
  get size(): number {
    return this.sessions.size;
  }

  /** The shell's process id (tests check it is gone after close). */
  pidOf(id: string): number | undefined {
    return this.sessions.get(id)?.pty.pid;
  }

  open(size: { cols?: number; rows?: number } = {}): { id: string; shell: string } {
    if (this.disposed) throw hostError('BAD_STATE', 'The host is shutting down.');
    const max = this.options.maxTerminals ?? MAX_TERMINALS;
    if (this.sessions.size >= max) throw hostError('BAD_STATE', `At most ${max} terminals can be open at once; close one first.`);
    const shell = this.options.shell ?? defaultShell(this.options.env);
    let child: IPty;
    try {
      child = nodePty().spawn(shell.file, shell.args, {
        name: 'xterm-256color',
        cols: size.cols ?? 80,
        rows: size.rows ?? 24,
        cwd: this.options.cwd,
        env: terminalEnvironment(this.options.env),
      });
    } catch (error) {
      throw hostError('BAD_STATE', `Could not start ${shell.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const id = `term-${randomBytes(6).toString('hex')}`;
    let markExited!: () => void;
    const session: Session = {
      id,
      shell: shell.file,
      pty: child,
      scrollback: '',
      pending: '',
      timer: null,
      exited: new Promise<void>((resolve) => (markExited = resolve)),
      hasExited: false,
    };
    this.sessions.set(id, session);
    child.onData((data) => {
      session.pending += data;
      if (session.pending.length >= TERMINAL_FLUSH_CHARS) this.flush(session);
      else session.timer ??= setTimeout(() => this.flush(session), this.options.flushMs ?? TERMINAL_FLUSH_MS);
    });
    child.onExit(({ exitCode, signal }) => {
      session.hasExited = true;
      this.flush(session);
      this.sessions.delete(id);
      // Ended by a signal (closed, or killed from elsewhere): no exit code of its own.
      this.options.onExit(id, signal ? null : exitCode);
      markExited();
    });
    return { id, shell: shell.file };
  }

  /** The running shells, oldest first. */
  list(): { id: string; shell: string }[] {
    return [...this.sessions.values()].map((s) => ({ id: s.id, shell: s.shell }));
  }

  /** A shell's recent output (what was already sent, and what is about to be). */
  buffer(id: string): string {
    const session = this.require(id);
    return session.scrollback + session.pending;
  }

  write(id: string, data: string): void {
    const session = this.require(id);
    session.pty.write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    const session = this.require(id);
    try {
      session.pty.resize(cols, rows);
    } catch {
      // The shell ended between the lookup and the resize: its exit event says so.
    }
  }

  /** Hangs the shell (and what runs in its process group) up, as closing a terminal window does. */
  async close(id: string): Promise<void> {
    const session = this.require(id);
    await this.terminate(session);
  }

  /** Kills every shell; later opens fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.sessions.values()].map((session) => this.terminate(session)));
  }

  private require(id: string): Session {
    const session = this.sessions.get(id);
    if (!session) throw hostError('NOT_FOUND', `No open terminal ${id}.`);
    return session;
  }

  private flush(session: Session): void {
    if (session.timer) clearTimeout(session.timer);
    session.timer = null;
    if (!session.pending) return;
    const data = session.pending;
    session.pending = '';
    session.scrollback += data;
    if (session.scrollback.length > TERMINAL_SCROLLBACK_CHARS) session.scrollback = session.scrollback.slice(-TERMINAL_SCROLLBACK_CHARS);
    this.options.onData(session.id, data);
  }

  private async terminate(session: Session): Promise<void> {
    if (session.hasExited) return session.exited;
    signalGroup(session.pty, 'SIGHUP');
    const killTimer = setTimeout(() => signalGroup(session.pty, 'SIGKILL'), CLOSE_GRACE_MS);
    try {
      await session.exited;
    } finally {
      clearTimeout(killTimer);
    }
  }
}

/**
 * The shell leads its own session and process group (node-pty starts it with
 * setsid), so signalling -pid reaches it and the programs it runs in the
 * foreground. On Windows there are no groups: node-pty's kill ends the tree.
 */
function signalGroup(child: IPty, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    try {
      child.kill();
    } catch {
      // already gone
    }
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
