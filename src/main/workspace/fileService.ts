// The editor's view of the workspace: list folders, read files, save them.
// Paths resolve inside the workspace by real path: neither "..", an absolute
// path nor a symlink can lead a caller outside it.
//
// Saving is atomic (a temp file in the same folder, fsync, rename over the
// original, its mode kept) and never clobbers a change the person has not
// seen: the page sends the version (content hash) its buffer started from, and
// a file whose bytes on disk differ is not overwritten unless they chose to.

import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, lstat, open, readdir, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
  LARGE_FILE_BYTES,
  type DirEntry,
  type FileContent,
  type WriteFileOptions,
  type WriteFileResult,
} from '../../shared/contract/editorService.js';
import { looksBinary } from '../../files/textFiles.js';
import { hostError } from '../app/hostErrors.js';
import { isInside } from '../../files/pathInside.js';

const HIDDEN = new Set(['.git']);

export function contentVersion(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

function toSlashes(rel: string): string {
  return rel.split(sep).join('/');
}

function outside(path: string): Error {
  return hostError('BAD_INPUT', `"${path}" is outside the workspace; only files inside the workspace can be opened or saved.`);
}

function escapes(path: string): Error {
  return hostError('BAD_INPUT', `"${path}" is a symbolic link that leads outside the workspace, so it is refused.`);
}

export interface FileServiceOptions {
  /** Real path of the workspace. */
  workspace: string;
  /** The agent holding a write lease on a workspace-relative path, if any (its display name). */
  leaseHolder?: (rel: string) => string | null;
  /** Told about every folder the page lists (the watcher's polling fallback polls those). */
  onFolderListed?: (rel: string) => void;
}

export class FileService {
  constructor(private readonly options: FileServiceOptions) {}

  private get root(): string {
    return this.options.workspace;
  }

  /** An existing file or folder inside the workspace (its real path). */
  private async existing(path: string): Promise<{ absolute: string; rel: string }> {
    const wanted = resolve(this.root, path || '.');
    if (!isInside(this.root, wanted)) throw outside(path);
    let real: string;
    try {
      real = await realpath(wanted);
    } catch {
      throw hostError('NOT_FOUND', `"${path}" does not exist in the workspace (it may have been deleted).`);
    }
    if (!isInside(this.root, real)) throw escapes(path);
    return { absolute: real, rel: toSlashes(relative(this.root, real)) };
  }

  async listDir(path = ''): Promise<DirEntry[]> {
    const { absolute, rel } = await this.existing(path);
    const entries = await readdir(absolute, { withFileTypes: true });
    this.options.onFolderListed?.(rel);
    const list: DirEntry[] = [];
    for (const e of entries) {
      if (HIDDEN.has(e.name)) continue;
      let kind: DirEntry['kind'] | null = e.isDirectory() ? 'dir' : e.isFile() ? 'file' : null;
      if (e.isSymbolicLink()) {
        // Shown as what it points at; opening one that leads outside is refused then.
        const target = await stat(join(absolute, e.name)).catch(() => null);
        kind = target?.isDirectory() ? 'dir' : target?.isFile() ? 'file' : null;
      }
      if (kind) list.push({ name: e.name, path: rel ? `${rel}/${e.name}` : e.name, kind });
    }
    return list.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind === 'dir' ? -1 : 1));
  }

  async readFile(path: string): Promise<FileContent> {
    const { absolute, rel } = await this.existing(path);
    const info = await stat(absolute);
    if (!info.isFile()) throw hostError('BAD_INPUT', `"${path}" is a folder, not a file.`);
    const tooLarge = info.size > LARGE_FILE_BYTES;
    const handle = await open(absolute, 'r');
    let bytes: Buffer;
    try {
      const length = Math.min(info.size, LARGE_FILE_BYTES);
      bytes = Buffer.alloc(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(bytes, read, length - read, read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      bytes = bytes.subarray(0, read);
    } finally {
      await handle.close();
    }
    const version = tooLarge ? `size:${info.size}:${info.mtimeMs}` : contentVersion(bytes);
    const binary = looksBinary(bytes.subarray(0, 8192), bytes.length <= 8192);
    const base = { path: rel, size: info.size, version, binary, tooLarge };
    if (binary) return { ...base, content: null, readOnly: 'This is a binary file; it is not shown as text.' };
    const writable = await isWritable(absolute, info.mode);
    const readOnly = tooLarge
      ? `This file is over ${LARGE_FILE_BYTES / 1024 / 1024} MB, so it opens read-only${info.size > bytes.length ? ` (showing its first ${LARGE_FILE_BYTES / 1024 / 1024} MB)` : ''}.`
      : writable
        ? null
        : 'You have no permission to write this file, so it opens read-only.';
    return { ...base, content: bytes.toString('utf8'), readOnly };
  }

  async writeFile(path: string, content: string, options: WriteFileOptions = {}): Promise<WriteFileResult> {
    const target = await this.saveTarget(path);
    const current = await readIfFile(target.absolute);
    if (current.kind === 'dir') throw hostError('BAD_INPUT', `"${path}" is a folder, not a file.`);
    if (current.kind === 'file') {
      if (!(await isWritable(target.absolute, current.mode))) {
        throw hostError('READ_ONLY', `"${target.rel}" was not saved: the file is read-only (no write permission). Your text is still in the editor.`);
      }
      if (options.expectedVersion && !options.overwrite && contentVersion(current.bytes) !== options.expectedVersion) {
        throw hostError('CONFLICT', `"${target.rel}" changed on disk since you opened it. Saving now would overwrite that change.`);
      }
    }
    const holder = this.options.leaseHolder?.(target.rel) ?? null;
    if (holder && !options.ignoreLease) {
      throw hostError('LEASED', `Agent ${holder} is editing "${target.rel}" right now; saving may overwrite its change.`);
    }
    const bytes = Buffer.from(content, 'utf8');
    await atomicWrite(target.absolute, bytes, current.kind === 'file' ? current.mode : 0o666);
    return { path: target.rel, version: contentVersion(bytes), size: bytes.length };
  }

  /** Where a save goes: the file's real path (through a symlink inside the workspace), which may not exist yet. */
  private async saveTarget(path: string): Promise<{ absolute: string; rel: string }> {
    const wanted = resolve(this.root, path);
    if (!isInside(this.root, wanted) || wanted === this.root) throw outside(path);
    let folder: string;
    try {
      folder = await realpath(dirname(wanted));
    } catch {
      throw hostError('NOT_FOUND', `The folder of "${path}" no longer exists, so it cannot be saved there.`);
    }
    if (!isInside(this.root, folder)) throw escapes(path);
    let absolute = join(folder, basename(wanted));
    const link = await lstat(absolute).catch(() => null);
    if (link?.isSymbolicLink()) {
      absolute = await realpath(absolute).catch(() => {
        throw escapes(path);
      });
      if (!isInside(this.root, absolute)) throw escapes(path);
    }
    return { absolute, rel: toSlashes(relative(this.root, absolute)) };
  }
}

/**
 * Whether the person may write the file. A rename over it would succeed
 * whatever the file's own mode (only the folder's counts), and root passes
 * every access check, so a file with no write bit is read-only too: that is
 * what its owner asked for.
 */
async function isWritable(absolute: string, mode: number): Promise<boolean> {
  if ((mode & 0o222) === 0) return false;
  return access(absolute, constants.W_OK).then(
    () => true,
    () => false,
  );
}

async function readIfFile(absolute: string): Promise<{ kind: 'missing' } | { kind: 'dir' } | { kind: 'file'; bytes: Buffer; mode: number }> {
  const info = await stat(absolute).catch(() => null);
  if (!info) return { kind: 'missing' };
  if (!info.isFile()) return { kind: 'dir' };
  const handle = await open(absolute, 'r').catch(() => null);
  if (!handle) return { kind: 'file', bytes: Buffer.alloc(0), mode: info.mode & 0o7777 };
  try {
    return { kind: 'file', bytes: await handle.readFile(), mode: info.mode & 0o7777 };
  } finally {
    await handle.close();
  }
}

/** Writes a temp file beside the target, flushes it, and renames it over the target. */
async function atomicWrite(absolute: string, bytes: Buffer, mode: number): Promise<void> {
  const temp = join(dirname(absolute), `.${basename(absolute)}.offload-${randomBytes(4).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx', mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw hostError('READ_ONLY', `"${basename(absolute)}" was not saved: its folder is read-only (${code}). Your text is still in the editor.`);
    }
    throw error;
  }
  try {
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temp, absolute);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw hostError('BAD_STATE', `"${basename(absolute)}" was not saved: the disk is full. Your text is still in the editor.`);
    throw error;
  }
}
