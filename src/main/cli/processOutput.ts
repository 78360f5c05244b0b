// The CLI's stdout/stderr and its way out (issue 13, item 2).
//
// Two things Node does not do for a command line by itself:
// - process.exit() does not wait for a pipe to take what was written: on
//   Linux, stdout to a pipe is asynchronous once the pipe's 64 KiB buffer is
//   full (https://nodejs.org/api/process.html#a-note-on-process-io), so
//   `offload diff --json | cat` used to stop at 65,536 bytes. Every exit goes
//   through exitAfterFlush, which waits until both streams have handed their
//   last byte to the OS.
// - A reader that goes away (`| head`) makes the next write fail with EPIPE,
//   an 'error' event that crashes the process with a stack trace when nobody
//   listens. Here it stops all further output and runs the broken-pipe
//   handler (the command's own stop path), then the process ends quietly with
//   EXIT_BROKEN_PIPE, the code a shell reports for a command ended by SIGPIPE.

/** 128 + SIGPIPE(13): what `yes | head` reports, so `set -o pipefail` scripts see the same. */
export const EXIT_BROKEN_PIPE = 141;

type Stream = NodeJS.WriteStream;

let brokenPipe = false;
let onBrokenPipe: (() => Promise<void> | void) | null = null;
let installed = false;

function isBrokenPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

/** Listens for EPIPE on stdout and stderr (once per process). */
export function installOutputGuards(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (!isBrokenPipe(error)) throw error;
      if (brokenPipe) return;
      brokenPipe = true;
      const stop = onBrokenPipe;
      void Promise.resolve(stop ? stop() : undefined)
        .catch(() => undefined)
        .finally(() => process.exit(EXIT_BROKEN_PIPE));
    });
  }
}

/** What the running command does when its reader goes away (close its session); null to clear. */
export function setBrokenPipeHandler(handler: (() => Promise<void> | void) | null): void {
  onBrokenPipe = handler;
}

/** True once stdout or stderr lost its reader: further output goes nowhere. */
export function outputClosed(): boolean {
  return brokenPipe;
}

export function writeOut(text: string): void {
  if (!brokenPipe && !process.stdout.destroyed) process.stdout.write(text);
}

export function writeErr(text: string): void {
  if (!brokenPipe && !process.stderr.destroyed) process.stderr.write(text);
}

/** Resolves once everything written to the stream so far has reached the OS (or the stream is gone). */
function flushed(stream: Stream): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    // A write's callback runs after it and every earlier write are handed over, or with the error that ended them.
    stream.write('', () => resolve());
  });
}

/** Waits for stdout and stderr to take all their output, then exits with `code`. */
export async function exitAfterFlush(code: number): Promise<never> {
  if (!brokenPipe) await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(brokenPipe ? EXIT_BROKEN_PIPE : code);
}
