// Every path a tool touches is resolved inside the workspace. Real paths are
// compared (the deepest existing ancestor is passed through fs.realpath), so
// neither `..`, an absolute path nor a symlink can reach outside it.

import { lstat, readlink, realpath } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { ToolError } from './toolContext.js';
import { isInside } from '../../files/pathInside.js';

export interface ResolvedPath {
  /** Absolute real path (inside the workspace). */
  absolute: string;
  /** Relative to the workspace root, with forward slashes ('.' for the root). */
  relative: string;
}

function toRelative(root: string, absolute: string): string {
  const rel = path.relative(root, absolute);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

function outside(input: string): ToolError {
  return new ToolError(
    `Path "${input}" is outside the workspace. Only files inside the workspace can be used; give a path relative to the workspace root.`,
  );
}

/**
 * Resolves `input` (relative to the workspace root, or absolute inside it).
 * `workspaceReal` must already be a real path.
 */
export async function resolveInWorkspace(workspaceReal: string, input: string | undefined): Promise<ResolvedPath> {
  const raw = input === undefined || input.trim() === '' ? '.' : input;
  if (raw.includes('\0')) throw new ToolError(`Path "${raw.replace(/\0/g, '\\0')}" contains a NUL byte.`);
  const lexical = path.resolve(workspaceReal, raw);
  if (!isInside(workspaceReal, lexical)) throw outside(raw);
  const real = await realPathAllowingMissing(lexical, 0);
  if (!isInside(workspaceReal, real)) {
    throw new ToolError(
      `Path "${raw}" leads outside the workspace through a symbolic link, so it is refused. Use files inside the workspace.`,
    );
  }
  return { absolute: real, relative: toRelative(workspaceReal, real) };
}

/**
 * fs.realpath of the deepest existing ancestor, with the missing rest appended.
 * A dangling symlink is followed by hand, so a link to a not-yet-existing file
 * outside the workspace is caught too.
 */
async function realPathAllowingMissing(target: string, depth: number): Promise<string> {
  if (depth > 40) throw new ToolError('Too many levels of symbolic links.');
  try {
    return await realpath(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
  let info;
  try {
    info = await lstat(target);
  } catch {
    info = null;
  }
  if (info?.isSymbolicLink()) {
    const link = await readlink(target);
    return realPathAllowingMissing(path.resolve(path.dirname(target), link), depth + 1);
  }
  const parent = path.dirname(target);
  if (parent === target) return target;
  return path.join(await realPathAllowingMissing(parent, depth + 1), path.basename(target));
}

/** Refuses a write outside the agent's scope globs (an empty scope allows everything). */
export function assertInScope(relative: string, scope: readonly string[]): void {
  if (scope.length === 0) return;
  // A plain folder name ("src") means everything under it.
  const globs = scope.flatMap((entry) => {
    const clean = entry.replace(/^\.\//, '').replace(/\/+$/, '');
    return picomatch.scan(clean).isGlob ? [clean] : [clean, `${clean}/**`];
  });
  const matches = picomatch(globs, { dot: true });
  if (matches(relative)) return;
  throw new ToolError(
    `Writing "${relative}" is outside this agent's scope (${scope.join(', ')}), so it is refused. ` +
      'Change only files that match the scope, or use ask_user if the task needs more.',
  );
}
