// The OS sandbox every agent command runs in (the approach of Codex, Claude
// Code and Cursor): bubblewrap on Linux, sandbox-exec on macOS. The approval
// gate decides what runs; the sandbox makes "read-only" true whatever the
// gate's parser thought: a read-only command gets a read-only file system
// (workspace included, only a private /tmp writable) and no network, and the
// user's secrets are not there to read.
//
// Where no sandbox can run, the agent says so once and every command that is
// not on the user's allow list needs approval (runCommand).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bwrapCommand } from './bwrap.js';
import { seatbeltCommand } from './seatbelt.js';

export type SandboxKind = 'bwrap' | 'seatbelt' | 'none';

/**
 * What a command may do:
 * - read-only: nothing writable but a private /tmp, no network (the gate found it read-only);
 * - workspace-write: the workspace (and home, secrets still hidden) writable, no network (allowed by the user's pattern);
 * - workspace-write-network: as above, with network (a person approved it, or the policy is auto).
 */
export type SandboxAccess = 'read-only' | 'workspace-write' | 'workspace-write-network';

export interface SandboxSpec {
  workspace: string;
  access: SandboxAccess;
  home: string;
  /** Absolute paths that must not be visible at all (secret folders, OFFLOAD_HOME). */
  hidden: readonly string[];
  /** More folders a writing command may write (a worktree's shared git folder). */
  writableExtra?: readonly string[];
}

export interface Program {
  file: string;
  args: string[];
}

export function wrapInSandbox(kind: SandboxKind, spec: SandboxSpec, inner: Program): Program {
  if (kind === 'bwrap') return bwrapCommand(spec, inner);
  if (kind === 'seatbelt') return seatbeltCommand(spec, inner);
  return inner;
}

export const SANDBOX_MISSING_NOTICE =
  'No OS sandbox is available on this machine (Linux: install bubblewrap, e.g. `sudo apt-get install bubblewrap`; macOS has sandbox-exec built in), ' +
  "so this agent's commands run with your full permissions. Every command not on your allow list needs your approval, read-only ones included.";

function findOnPath(name: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '/usr/bin:/bin').split(':')) {
    if (!dir.startsWith('/')) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function probe(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000 }, (error) => resolve(!error));
  });
}

let detected: Promise<SandboxKind> | null = null;

/** Tests run both paths (with and without a sandbox) in one process. */
export function overrideSandboxForTests(kind: SandboxKind | null): void {
  detected = kind === null ? null : Promise.resolve(kind);
}

/**
 * Which sandbox works here, tried once per process with a real run (bwrap
 * can be installed yet refused user namespaces). OFFLOAD_SANDBOX=off (the
 * user's own environment) turns it off, e.g. inside a container that forbids
 * namespaces; the no-sandbox rules then apply.
 */
export function detectSandbox(env: Record<string, string | undefined> = process.env): Promise<SandboxKind> {
  detected ??= (async (): Promise<SandboxKind> => {
    if (env.OFFLOAD_SANDBOX === 'off') return 'none';
    if (process.platform === 'linux') {
      const bwrap = findOnPath('bwrap', env.PATH);
      if (bwrap && (await probe(bwrap, ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', '--die-with-parent', '/bin/true']))) {
        return 'bwrap';
      }
      return 'none';
    }
    if (process.platform === 'darwin' && existsSync('/usr/bin/sandbox-exec')) {
      return (await probe('/usr/bin/sandbox-exec', ['-p', '(version 1)(allow default)', '/usr/bin/true'])) ? 'seatbelt' : 'none';
    }
    return 'none';
  })();
  return detected;
}

/** The bwrap binary found by detectSandbox (absolute, so a PATH change cannot swap it). */
export function bwrapPath(env: Record<string, string | undefined> = process.env): string {
  return findOnPath('bwrap', env.PATH) ?? 'bwrap';
}
