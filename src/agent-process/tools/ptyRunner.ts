// Runs one shell command in a pseudo-terminal (node-pty), so programs behave
// as in a terminal (colours, progress) and the user's terminal view can show
// them. The pty's child leads its own process group: timeouts, cancels and
// the end of the command signal the whole group.

import { existsSync } from 'node:fs';
import type * as NodePty from 'node-pty';
import stripAnsi from 'strip-ansi';

export const OUTPUT_HEAD_CHARS = 15_000;
export const OUTPUT_TAIL_CHARS = 15_000;
const STREAM_FLUSH_MS = 100;
const STREAM_FLUSH_CHARS = 16_384;
/**
 * When the pty's session leader exits, the kernel hangs the terminal up and
 * drops output still in flight, so a command's last lines could be lost. The
 * leader is therefore a small bash script: it runs the command in a subshell,
 * prints an invisible OSC marker with the exit code, and waits for our newline
 * before exiting. Everything before the marker has been read once we see it.
 */
const DONE_MARKER = /\x1b\]777;offload-done;(\d+)\x07/;
const LEADER_SCRIPT =
  '__offload_command=$1; shift; ( eval "$__offload_command" ); __offload_status=$?; printf \'\\033]777;offload-done;%d\\007\' "$__offload_status"; ' +
  'read -r -t 10 __offload_go; exit "$__offload_status"';

export interface PtyRunOptions {
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Raw output (with ANSI codes), batched. */
  onOutput?: (chunk: string) => void;
  onStart?: (pid: number) => void;
  /** When aborted: wait graceMs for the command to end, then SIGTERM its group, then SIGKILL. */
  cancelSignal?: AbortSignal;
  graceMs?: number;
  /** Signals the group (injected so the agent's registry does it). */
  signalGroup: (pid: number, signal: NodeJS.Signals) => void;
  /** Wraps the shell that runs the command (the OS sandbox). */
  wrap?: (inner: { file: string; args: string[] }) => { file: string; args: string[] };
  /** Called after the command's group was killed at its end: kills what left the group (no-sandbox path). */
  afterExit?: () => void;
}

export interface PtyRunResult {
  pid: number;
  exitCode: number | null;
  signal: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** For the model: ANSI stripped, progress redraws collapsed, head and tail kept. */
  output: string;
}

/** Keeps the first and last characters of a stream, counting what it drops. */
export class HeadTailBuffer {
  private head = '';
  private tail = '';
  private dropped = 0;

  constructor(private readonly headChars: number, private readonly tailChars: number) {}

  push(chunk: string): void {
    if (this.head.length < this.headChars) {
      const room = this.headChars - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
    }
    if (!chunk) return;
    this.tail += chunk;
    if (this.tail.length > this.tailChars * 2) this.trimTail();
  }

  private trimTail(): void {
    const extra = this.tail.length - this.tailChars;
    if (extra > 0) {
      this.dropped += extra;
      this.tail = this.tail.slice(extra);
    }
  }

  text(): string {
    this.trimTail();
    if (this.dropped === 0) return this.head + this.tail;
    return `${this.head}\n\n[... ${this.dropped} characters of output omitted ...]\n\n${this.tail}`;
  }
}

/** What the model reads: no ANSI codes, no carriage-return redraws. */
export function cleanTerminalText(raw: string): string {
  return stripAnsi(raw)
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map((line) => {
      const at = line.lastIndexOf('\r');
      return at === -1 ? line : line.slice(at + 1);
    })
    .join('\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

function leaderCommand(command: string): { file: string; args: string[] } {
  if (existsSync('/bin/bash')) return { file: '/bin/bash', args: ['-c', LEADER_SCRIPT, 'bash', command] };
  // Without bash, plain sh (no marker: the last output may be cut short).
  return { file: '/bin/sh', args: ['-c', command] };
}

// node-pty is a native module (~3 MB of an agent's memory): it loads with the
// first command, not with the tools (a paused or reading agent never needs it).
let ptyModule: Promise<typeof NodePty> | null = null;
function loadPty(): Promise<typeof NodePty> {
  ptyModule ??= import('node-pty').then((m) => ((m as { default?: typeof NodePty }).default ?? m) as typeof NodePty);
  return ptyModule;
}

export async function runInPty(options: PtyRunOptions): Promise<PtyRunResult> {
  return runWithPty(await loadPty(), options);
}

function runWithPty(pty: typeof NodePty, options: PtyRunOptions): Promise<PtyRunResult> {
  const { file, args } = options.wrap ? options.wrap(leaderCommand(options.command)) : leaderCommand(options.command);
  const child = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols: 120,
    rows: 40,
    cwd: options.cwd,
    env: options.env,
  });
  const pid = child.pid;
  options.onStart?.(pid);
  const captured = new HeadTailBuffer(OUTPUT_HEAD_CHARS, OUTPUT_TAIL_CHARS);
  let pending = '';
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (pending) options.onOutput?.(pending);
    pending = '';
  };
  let recent = '';
  let markedStatus: number | null = null;
  child.onData((raw) => {
    let data = raw;
    if (markedStatus === null) {
      recent = (recent + data).slice(-64);
      const mark = DONE_MARKER.exec(recent);
      if (mark) {
        markedStatus = Number(mark[1]);
        data = data.replace(DONE_MARKER, '');
        child.write('\n');
      }
    } else {
      return; // only the echo of our newline
    }
    captured.push(data);
    if (!options.onOutput) return;
    pending += data;
    if (pending.length >= STREAM_FLUSH_CHARS) flush();
    else flushTimer ??= setTimeout(flush, STREAM_FLUSH_MS);
  });

  let timedOut = false;
  let cancelled = false;
  let exited = false;
  const timers: NodeJS.Timeout[] = [];
  const terminate = (killAfterMs: number) => {
    if (exited) return;
    options.signalGroup(pid, 'SIGTERM');
    timers.push(setTimeout(() => !exited && options.signalGroup(pid, 'SIGKILL'), killAfterMs));
  };
  timers.push(
    setTimeout(() => {
      timedOut = true;
      terminate(2000);
    }, options.timeoutMs),
  );
  const onCancel = () => {
    timers.push(
      setTimeout(() => {
        if (exited) return;
        cancelled = true;
        terminate(1000);
      }, options.graceMs ?? 2000),
    );
  };
  if (options.cancelSignal?.aborted) onCancel();
  else options.cancelSignal?.addEventListener('abort', onCancel, { once: true });

  return new Promise((resolve) => {
    child.onExit(({ exitCode, signal }) => {
      exited = true;
      setImmediate(() => {
        for (const timer of timers) clearTimeout(timer);
        options.cancelSignal?.removeEventListener('abort', onCancel);
        flush();
        // Whatever the command left running in the background goes with it.
        options.signalGroup(pid, 'SIGKILL');
        options.afterExit?.();
        resolve({
          pid,
          exitCode: markedStatus ?? (signal ? null : exitCode),
          signal: markedStatus !== null ? null : signal || null,
          timedOut,
          cancelled,
          output: cleanTerminalText(captured.text()),
        });
      });
    });
  });
}
