// bubblewrap arguments for one agent command (Linux). Man page:
// https://manpages.debian.org/bookworm/bubblewrap/bwrap.1.en.html
//
// - `--ro-bind / /`: the whole file system, read-only;
// - `--dev /dev`, `--proc /proc` with `--unshare-pid`: a fresh /proc that shows
//   only the sandbox's own processes, so /proc/<host>/environ is not there;
// - `--tmpfs /tmp`: a private, writable temp folder;
// - secret folders (~/.ssh, ~/.aws, OFFLOAD_HOME, ...) covered by an empty
//   tmpfs (folders) or /dev/null (files): not mounted, so not readable;
// - the workspace bound read-only or writable according to the access;
// - `--unshare-net` unless the command was approved for network use;
// - `--die-with-parent` and the PID namespace: when the command's leader
//   dies, the namespace's init dies and the kernel kills every process in it,
//   setsid and double-forked ones included (issue 13, item 5).

import { existsSync, statSync } from 'node:fs';
import { bwrapPath, type Program, type SandboxSpec } from './sandbox.js';

export function bwrapArguments(spec: SandboxSpec, inner: Program): string[] {
  const args = [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--cap-drop', 'ALL',
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    '--tmpfs', '/tmp',
    '--tmpfs', '/var/tmp',
    '--setenv', 'TMPDIR', '/tmp',
  ];
  if (spec.access !== 'workspace-write-network') args.push('--unshare-net');
  if (spec.access !== 'read-only' && existsSync(spec.home)) args.push('--bind', spec.home, spec.home);
  for (const hidden of spec.hidden) {
    let info;
    try {
      info = statSync(hidden);
    } catch {
      continue;
    }
    if (info.isDirectory()) args.push('--tmpfs', hidden);
    else args.push('--ro-bind', '/dev/null', hidden);
  }
  args.push(spec.access === 'read-only' ? '--ro-bind' : '--bind', spec.workspace, spec.workspace);
  for (const extra of spec.writableExtra ?? []) if (existsSync(extra)) args.push('--bind', extra, extra);
  args.push('--chdir', spec.workspace, '--', inner.file, ...inner.args);
  return args;
}

export function bwrapCommand(spec: SandboxSpec, inner: Program): Program {
  return { file: bwrapPath(), args: bwrapArguments(spec, inner) };
}
