// A sandbox-exec (Seatbelt) profile for one agent command (macOS), the same
// rules as bwrap.ts: read everything but the secret folders, write only a
// private temp folder (plus the workspace and home when the command may
// write), network only when approved for it. Profile language: Apple's
// sandbox-exec(1) and the profiles in /System/Library/Sandbox/Profiles;
// modelled on the base policy Codex ships (codex-rs/core/src/seatbelt_base_policy.sbpl).
// macOS has no PID namespaces: runCommand's tracked-descendant kill covers
// processes that leave the group there.

import os from 'node:os';
import type { Program, SandboxSpec } from './sandbox.js';

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function seatbeltProfile(spec: SandboxSpec, tmp: string): string {
  const lines = [
    '(version 1)',
    '(deny default)',
    '(allow process-exec)',
    '(allow process-fork)',
    '(allow signal (target same-sandbox))',
    '(allow process-info* (target same-sandbox))',
    '(allow sysctl-read)',
    '(allow mach-lookup)',
    '(allow ipc-posix-shm)',
    '(allow pseudo-tty)',
    '(allow file-read*)',
    '(allow file-ioctl (regex #"^/dev/ttys[0-9]+") (literal "/dev/ptmx"))',
    '(allow file-write* (literal "/dev/null") (literal "/dev/zero") (literal "/dev/dtracehelper") (regex #"^/dev/ttys[0-9]+") (literal "/dev/ptmx"))',
    `(allow file-write* (subpath ${quote(tmp)}))`,
  ];
  if (spec.access !== 'read-only') {
    lines.push(`(allow file-write* (subpath ${quote(spec.workspace)}))`);
    lines.push(`(allow file-write* (subpath ${quote(spec.home)}))`);
    for (const extra of spec.writableExtra ?? []) lines.push(`(allow file-write* (subpath ${quote(extra)}))`);
  }
  if (spec.access === 'workspace-write-network') lines.push('(allow network*)', '(allow system-socket)');
  // Last, so they win over the allows above.
  // The workspace stays usable when it lies inside a hidden folder (a worktree under OFFLOAD_HOME).
  for (const hidden of spec.hidden) {
    lines.push(`(deny file-read* file-write* (require-all (subpath ${quote(hidden)}) (require-not (subpath ${quote(spec.workspace)}))))`);
  }
  return lines.join('\n');
}

export function seatbeltCommand(spec: SandboxSpec, inner: Program): Program {
  const tmp = os.tmpdir();
  return { file: '/usr/bin/sandbox-exec', args: ['-p', seatbeltProfile(spec, tmp), inner.file, ...inner.args] };
}
