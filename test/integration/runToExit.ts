// Runs a Node script in its own process until it exits by itself: for tests
// that check a process ends with nothing left alive (hostDispose,
// desktopApp). The time limit bounds a hang (a handle kept alive), not a
// speed: the script is killed then, and the signal says so.

import { spawn } from 'node:child_process';

export interface ScriptExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The script's last stdout line, parsed (its report). */
  report<T>(): T;
}

export async function runToExit(script: string, args: string[], limitMs = 120_000): Promise<ScriptExit> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    return { code, signal, stdout, stderr, report: <T>() => JSON.parse(stdout.trim().split('\n').at(-1)!) as T };
  } finally {
    clearTimeout(killer);
  }
}
