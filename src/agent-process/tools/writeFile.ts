// write_file {path, content} and the write protocol edit_file shares: take the
// host's write lease (which keeps the baseline for review) before writing,
// tell it afterwards.

import { lstat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { ToolInputs } from '../../shared/tools.js';
import { assertInScope, resolveInWorkspace, type ResolvedPath } from './pathSafety.js';
import { approveProtectedWrite } from './protectedFiles.js';
import { writeAtomically } from './safeFiles.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

type WriteContext = Pick<ToolContext, 'workspace' | 'options' | 'host' | 'step' | 'searchIndex' | 'toolUseId'>;

/** Resolves a path a tool is about to write, refusing escapes and out-of-scope paths. */
export async function resolveForWrite(ctx: WriteContext, input: string, tool = 'write_file'): Promise<ResolvedPath> {
  if (input.trim() === '') throw new ToolError('A file path is needed.');
  const resolved = await resolveInWorkspace(ctx.workspace, input);
  if (resolved.relative === '.') throw new ToolError('The workspace root is a directory, not a file.');
  if (touchesGitMetadata(resolved.relative)) {
    throw new ToolError(
      `Writing "${resolved.relative}" is refused: files inside .git (or a .git file) are git's own configuration, ` +
        'and a change there could make a later git command run any program. Use git commands through run_command instead.',
    );
  }
  assertInScope(resolved.relative, ctx.options.scope);
  await approveProtectedWrite(ctx, tool, resolved.relative);
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
  // A temp file renamed over the target: a full disk leaves the old file whole.
  await writeAtomically(ctx.workspace, target.absolute, target.relative, content);
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
    const info = await lstat(target.absolute);
    if (info.isDirectory()) throw new ToolError(`"${target.relative}" is a directory; give a file path.`);
    if (!info.isFile()) throw new ToolError(`"${target.relative}" is not a regular file (a FIFO, socket or device), so it is not written.`);
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
