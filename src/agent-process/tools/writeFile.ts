// write_file {path, content} and the write protocol edit_file shares: take the
// host's write lease (which keeps the baseline for review) before writing,
// tell it afterwards.

import { mkdir, stat, writeFile } from 'node:fs/promises';
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
  assertInScope(resolved.relative, ctx.options.scope);
  return resolved;
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
  await writeFile(target.absolute, content, 'utf8');
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
