// write_file {path, content} and the write protocol edit_file shares: take the
// host's write lease (which keeps the baseline for review) before writing,
// tell it afterwards.

import { constants } from 'node:fs';
import { mkdir, open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ToolInputs } from '../../shared/tools.js';
import { assertInScope, resolveInWorkspace, type ResolvedPath } from './pathSafety.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

type WriteContext = Pick<ToolContext, 'workspace' | 'options' | 'host' | 'step' | 'searchIndex'>;

/** Resolves a path a tool is about to write, refusing escapes and out-of-scope paths. */
export async function resolveForWrite(ctx: WriteContext, input: string): Promise<ResolvedPath> {
  if (typeof input !== 'string' || input.trim() === '') throw new ToolError('A file path is needed.');
  const resolved = await resolveInWorkspace(ctx.workspace, input);
  if (resolved.relative === '.') throw new ToolError('The workspace root is a directory, not a file.');
  if (touchesGitMetadata(resolved.relative)) {
    throw new ToolError(
      `Writing "${resolved.relative}" is refused: files inside .git (or a .git file) are git's own configuration, ` +
        'and a change there could make a later git command run any program. Use git commands through run_command instead.',
    );
  }
  assertInScope(resolved.relative, ctx.options.scope);
  return resolved;
}

/**
 * A path with a `.git` part: .git/config can set core.fsmonitor or
 * diff.external, which `git status` or `git diff` (read-only, run without
 * approval) would then execute. Case-folded, with trailing dots and spaces
 * dropped, since case-insensitive file systems read `.GIT` as `.git`.
 */
export function touchesGitMetadata(relative: string): boolean {
  return relative.split('/').some((part) => part.toLowerCase().replace(/[. ]+$/, '') === '.git');
}

/**
 * Writes through a descriptor opened without following a final symlink, after
 * checking the folder's real path again: a file swapped for a link (or a
 * folder swapped for a link out of the workspace) after resolveForWrite
 * checked it makes the write fail instead of landing outside.
 */
async function writeInsideWorkspace(workspace: string, absolute: string, content: string): Promise<void> {
  const folder = await realpath(path.dirname(absolute));
  const rel = path.relative(workspace, folder);
  if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) {
    throw new ToolError(`The folder of "${path.relative(workspace, absolute)}" changed into a link out of the workspace; nothing was written.`);
  }
  let handle;
  try {
    handle = await open(path.join(folder, path.basename(absolute)), constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new ToolError(`"${path.relative(workspace, absolute)}" became a symbolic link while it was being written; nothing was written.`);
    }
    throw error;
  }
  try {
    // A hard link shares the file with another path, perhaps outside the
    // workspace (or a package store): writing would change that one too.
    if ((await handle.stat()).nlink > 1) {
      throw new ToolError(`"${path.relative(workspace, absolute)}" has other hard links (perhaps outside the workspace), so it is not written. Write a new file instead.`);
    }
    await handle.truncate(0);
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
}

/** beforeWrite (lease + baseline), the write itself, afterWrite. */
export async function writeThroughHost(ctx: WriteContext, target: ResolvedPath, content: string): Promise<void> {
  const intent = { paths: [target.relative], step: ctx.step };
  try {
    await ctx.host.beforeWrite(intent);
  } catch (error) {
    const err = error as { message?: string; code?: string };
    if (err.code === 'CONFLICT') {
      throw new ToolError(`${err.message ?? 'Another agent is changing this file.'} Work on other files, or try again later.`);
    }
    throw new ToolError(`The host did not allow writing "${target.relative}": ${err.message ?? String(error)}`);
  }
  await mkdir(path.dirname(target.absolute), { recursive: true });
  // Writing in place (not write-and-rename) keeps the file's mode and links.
  await writeInsideWorkspace(ctx.workspace, target.absolute, content);
  ctx.searchIndex.markChanged(target.relative);
  await ctx.host.afterWrite(intent);
}

function countLines(content: string): number {
  if (content === '') return 0;
  return content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
}

export async function writeFileTool(input: ToolInputs['write_file'], ctx: WriteContext): Promise<ToolOutcome> {
  const target = await resolveForWrite(ctx, input.path);
  let existed = false;
  try {
    const info = await stat(target.absolute);
    if (info.isDirectory()) throw new ToolError(`"${target.relative}" is a directory; give a file path.`);
    existed = true;
  } catch (error) {
    if (error instanceof ToolError) throw error;
  }
  await writeThroughHost(ctx, target, input.content);
  const size = `${countLines(input.content)} lines, ${Buffer.byteLength(input.content)} bytes`;
  return {
    ok: true,
    content: existed ? `Overwrote ${target.relative} (${size}).` : `Created ${target.relative} (${size}).`,
    changedPaths: [target.relative],
  };
}
