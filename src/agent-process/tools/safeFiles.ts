// Opening and writing workspace files without check-then-use races.
//
// A path checked by resolveInWorkspace can be swapped (for a symlink, or a
// folder for a link out of the workspace) before it is used. So files are
// opened with O_NOFOLLOW, and what was opened is checked through the
// descriptor: fstat for its type (FIFOs, sockets and devices are refused,
// O_NONBLOCK keeps a FIFO from hanging the open) and, on Linux,
// /proc/self/fd/N for where it really is. Writes go to a temporary file in
// the same folder that is renamed over the target, so a full disk or a crash
// never leaves a half-written file, and the file's mode is kept.

import { constants, type Stats } from 'node:fs';
import { lstat, open, readlink, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ToolError } from './toolContext.js';
import { isInside } from '../../files/pathInside.js';

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** Where an open descriptor really is (Linux), or null where /proc is not there. */
async function descriptorPath(handle: FileHandle): Promise<string | null> {
  try {
    return await readlink(`/proc/self/fd/${handle.fd}`);
  } catch {
    return null;
  }
}

/**
 * Checks that an opened file is a regular file inside the workspace. Where
 * /proc is missing (macOS), the path is resolved again and must name the very
 * same file (device and inode) as the descriptor.
 */
async function assertOpenedInside(handle: FileHandle, workspace: string, absolute: string, relative: string): Promise<Stats> {
  const info = await handle.stat();
  if (info.isDirectory()) throw new ToolError(`"${relative}" is a directory. Use list_dir to see its entries.`);
  if (!info.isFile()) throw new ToolError(`"${relative}" is ${kindOf(info)}, so it is not read or written. Only regular files are.`);
  const real = await descriptorPath(handle);
  if (real !== null) {
    if (!isInside(workspace, real)) throw new ToolError(`"${relative}" changed into a link out of the workspace while it was opened; it was not used.`);
    return info;
  }
  const again = await stat(await realpath(absolute)).catch(() => null);
  if (!again || again.ino !== info.ino || again.dev !== info.dev || !isInside(workspace, await realpath(absolute))) {
    throw new ToolError(`"${relative}" changed while it was opened; it was not used.`);
  }
  return info;
}

/** Opens an existing workspace file for reading: no symlink at the end, no FIFO hang, checked through the descriptor. */
export async function openForRead(workspace: string, absolute: string, relative: string): Promise<{ handle: FileHandle; info: Stats }> {
  let handle: FileHandle;
  try {
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ToolError(`File not found: "${relative}". Use list_dir or grep to find the right path.`);
    if (code === 'ELOOP') throw new ToolError(`"${relative}" became a symbolic link after it was checked; it was not read.`);
    if (code === 'EISDIR') throw new ToolError(`"${relative}" is a directory. Use list_dir to see its entries.`);
    if (code === 'ENXIO' || code === 'EOPNOTSUPP') throw new ToolError(`"${relative}" is not a regular file (a socket or device), so it is not read.`);
    throw new ToolError(`"${relative}" could not be opened: ${(error as Error).message}`);
  }
  try {
    const info = await assertOpenedInside(handle, workspace, absolute, relative);
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Reads at most `maxBytes` of an open file; `complete` says whether that was all of it. */
export async function readUpTo(handle: FileHandle, maxBytes: number): Promise<{ bytes: Buffer; complete: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const room = Math.min(64 * 1024, maxBytes + 1 - total);
    if (room <= 0) break;
    const buffer = Buffer.allocUnsafe(room);
    const { bytesRead } = await handle.read(buffer, 0, room, null);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
  }
  const all = Buffer.concat(chunks);
  return total > maxBytes ? { bytes: all.subarray(0, maxBytes), complete: false } : { bytes: all, complete: true };
}

function writeFailure(relative: string, error: unknown): ToolError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOSPC' ? 'the disk is full (ENOSPC)'
    : code === 'EDQUOT' ? 'the disk quota is used up (EDQUOT)'
    : code === 'EROFS' ? 'the file system is read-only (EROFS)'
    : code === 'EACCES' || code === 'EPERM' ? `permission was denied (${code})`
    : (error as Error).message;
  return new ToolError(`Writing "${relative}" failed: ${why}. Nothing was changed: the file is as it was before.`);
}

/**
 * Replaces (or creates) a workspace file atomically: a temporary file in the
 * same folder (created with O_EXCL | O_NOFOLLOW and checked through its
 * descriptor) gets the content, is synced, takes the old file's mode and is
 * renamed over the target. The target must not have become a symlink.
 */
export async function writeAtomically(workspace: string, absolute: string, relative: string, content: string): Promise<void> {
  const swapped = () => new ToolError(`The folder of "${relative}" changed into a link out of the workspace; nothing was written.`);
  const realFolder = await realpath(path.dirname(absolute)).catch((error) => {
    throw writeFailure(relative, error);
  });
  if (!isInside(workspace, realFolder)) throw swapped();
  // The folder is opened once and checked through its descriptor; on Linux
  // every later path goes through /proc/self/fd/N, which names that very
  // folder however its path is swapped meanwhile (openat without openat).
  let folderHandle: FileHandle;
  try {
    folderHandle = await open(realFolder, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') throw swapped();
    throw writeFailure(relative, error);
  }
  try {
    const opened = await descriptorPath(folderHandle);
    if (opened !== null && !isInside(workspace, opened)) throw swapped();
    await replaceFile(opened === null ? realFolder : `/proc/self/fd/${folderHandle.fd}`, absolute, relative, content);
  } finally {
    await folderHandle.close();
  }
}

async function replaceFile(folder: string, absolute: string, relative: string, content: string): Promise<void> {
  const target = path.join(folder, path.basename(absolute));
  let mode = 0o666;
  const existing = await lstat(target).catch(() => null);
  if (existing) {
    if (existing.isSymbolicLink()) throw new ToolError(`"${relative}" became a symbolic link while it was being written; nothing was written.`);
    if (!existing.isFile()) throw new ToolError(`"${relative}" is ${kindOf(existing)}, so it is not written. Only regular files are.`);
    // A hard link shares the file with another path, perhaps outside the workspace.
    if (existing.nlink > 1) {
      throw new ToolError(`"${relative}" has other hard links (perhaps outside the workspace), so it is not written. Write a new file instead.`);
    }
    mode = existing.mode & 0o7777;
  }
  const temp = path.join(folder, `.${path.basename(absolute)}.offload-${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle;
  try {
    handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, existing ? 0o600 : mode);
  } catch (error) {
    throw writeFailure(relative, error);
  }
  let renamed = false;
  try {
    try {
      await handle.writeFile(content, 'utf8');
      if (existing) await handle.chmod(mode);
      await handle.sync();
    } catch (error) {
      throw writeFailure(relative, error);
    }
    await handle.close();
    const now = await lstat(target).catch(() => null);
    if (now?.isSymbolicLink()) throw new ToolError(`"${relative}" became a symbolic link while it was being written; nothing was written.`);
    try {
      await rename(temp, target);
      renamed = true;
    } catch (error) {
      throw writeFailure(relative, error);
    }
  } finally {
    await handle.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}
