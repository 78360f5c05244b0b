// The editor shell's read-only view of the workspace (listDir/readFile of the
// service). Paths resolve inside the workspace by real path: a symlink cannot
// lead a caller outside it.

import { open, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { DirEntry } from '../../shared/contract/offloadService.js';
import { hostError } from './hostErrors.js';

const MAX_READ_BYTES = 2 * 1024 * 1024;
const HIDDEN = new Set(['.git']);

async function insideWorkspace(workspace: string, path: string): Promise<{ absolute: string; rel: string }> {
  const root = await realpath(workspace);
  const wanted = resolve(root, path || '.');
  let real: string;
  try {
    real = await realpath(wanted);
  } catch {
    throw hostError('NOT_FOUND', `No such file or folder in the workspace: ${path}`);
  }
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel)) throw hostError('BAD_INPUT', `${path} is outside the workspace.`);
  return { absolute: real, rel: rel.split(sep).join('/') };
}

export async function listWorkspaceDir(workspace: string, path = ''): Promise<DirEntry[]> {
  const { absolute, rel } = await insideWorkspace(workspace, path);
  const entries = await readdir(absolute, { withFileTypes: true });
  return entries
    .filter((e) => !HIDDEN.has(e.name) && (e.isDirectory() || e.isFile()))
    .map((e) => ({ name: e.name, path: rel ? `${rel}/${e.name}` : e.name, kind: e.isDirectory() ? ('dir' as const) : ('file' as const) }))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
}

export async function readWorkspaceFile(
  workspace: string,
  path: string,
): Promise<{ path: string; content: string | null; binary: boolean; tooLarge: boolean }> {
  const { absolute, rel } = await insideWorkspace(workspace, path);
  const info = await stat(absolute);
  if (!info.isFile()) throw hostError('BAD_INPUT', `${path} is not a file.`);
  if (info.size > MAX_READ_BYTES) return { path: rel, content: null, binary: false, tooLarge: true };
  const handle = await open(absolute, 'r');
  try {
    const buffer = Buffer.alloc(info.size);
    await handle.read(buffer, 0, info.size, 0);
    if (buffer.subarray(0, 8000).includes(0)) return { path: rel, content: null, binary: true, tooLarge: false };
    return { path: rel, content: buffer.toString('utf8'), binary: false, tooLarge: false };
  } finally {
    await handle.close();
  }
}
