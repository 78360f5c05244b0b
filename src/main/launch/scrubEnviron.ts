// Keeps secrets out of the host's readable environment. /proc/PID/environ
// shows the environment block the process started with (the bytes between
// env_start and env_end, proc(5)), whatever process.env says later, and any
// program of the same user can read it: an agent's command could print the
// host's ANTHROPIC_API_KEY from there. So at start the host zeroes the secret
// entries in that block through /proc/self/mem and keeps the values only in
// its own heap (setenv copies them there), which process.env still reads.
// Agents get the key over IPC (AgentInit), never in an environment.

import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { isSecretEnvName, isSecretEnvValue } from '../../shared/secretEnv.js';

/** env_start and env_end: fields 50 and 51 of /proc/self/stat (proc_pid_stat(5)). */
function environBounds(): { start: number; end: number } | null {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).trim().split(' ');
  const start = Number(fields[50 - 3]);
  const end = Number(fields[51 - 3]);
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && end > start ? { start, end } : null;
}

/**
 * Zeroes every secret `NAME=value` entry of this process's original
 * environment block (Linux), keeping the values in process.env. Returns the
 * names scrubbed; elsewhere (or when /proc/self/mem refuses) returns [].
 */
export function scrubSecretsFromEnviron(env: NodeJS.ProcessEnv = process.env): string[] {
  if (process.platform !== 'linux') return [];
  const secrets = Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && (isSecretEnvName(entry[0]) || isSecretEnvValue(entry[1])));
  if (secrets.length === 0) return [];
  let fd: number | null = null;
  const scrubbed: string[] = [];
  try {
    const bounds = environBounds();
    if (!bounds) return [];
    fd = openSync('/proc/self/mem', 'r+');
    const block = Buffer.alloc(bounds.end - bounds.start);
    readSync(fd, block, 0, block.length, bounds.start);
    for (const [name] of secrets) {
      const needle = Buffer.from(`${name}=`);
      for (let at = block.indexOf(needle); at !== -1; at = block.indexOf(needle, at + 1)) {
        if (at > 0 && block[at - 1] !== 0) continue; // the middle of another entry
        const end = block.indexOf(0, at);
        const length = (end === -1 ? block.length : end) - at;
        writeSync(fd, Buffer.alloc(length), 0, length, bounds.start + at);
        if (!scrubbed.includes(name)) scrubbed.push(name);
      }
    }
  } catch {
    return scrubbed;
  } finally {
    if (fd !== null) closeSync(fd);
  }
  // getenv no longer finds the zeroed entries: set the values again, in the heap.
  for (const [name, value] of secrets) env[name] = value;
  return scrubbed;
}
