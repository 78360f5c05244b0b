// An agent's own git worktree (`--isolation worktree`): a checkout of the
// user's current HEAD under OFFLOAD_HOME, detached, so no branch or other ref
// is ever written to the user's repository; with the user's uncommitted
// changes (tracked and untracked, not ignored) copied in, and the ignored
// paths the project needs (node_modules, .env) linked or copied as the
// workspace's settings say. Uses the git command line: isomorphic-git has no
// worktrees (https://isomorphic-git.org/docs/en/alphabetic lists none).

import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { copyFile, cp, lstat, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', cwd, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
  return stdout;
}

/** The top folder of the git work tree holding `workspace`, or null when it is not in one (or git is missing). */
export async function gitTopLevel(workspace: string): Promise<string | null> {
  try {
    return path.resolve((await git(workspace, ['rev-parse', '--show-toplevel'])).trim());
  } catch {
    return null;
  }
}

export interface WorktreeSetup {
  /** The user's repository top folder. */
  repo: string;
  /** Where the worktree goes (must not exist). */
  dir: string;
  /** Workspace-relative ignored paths to symlink (e.g. node_modules). */
  link: string[];
  /** Workspace-relative ignored paths to copy (e.g. .env). */
  copy: string[];
}

/** Paths with uncommitted changes: status porcelain v1 -z, untracked files listed one by one. */
async function uncommitted(repo: string): Promise<{ changed: string[]; deleted: string[] }> {
  const out = await git(repo, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames']);
  const changed: string[] = [];
  const deleted: string[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const file = entry.slice(3);
    if (code.includes('D')) deleted.push(file);
    else changed.push(file);
  }
  return { changed, deleted };
}

/** Creates the worktree at the user's HEAD and carries their uncommitted changes over. */
export async function createAgentWorktree(setup: WorktreeSetup): Promise<void> {
  const { repo, dir } = setup;
  await mkdir(path.dirname(dir), { recursive: true });
  const hasHead = await git(repo, ['rev-parse', '--verify', '-q', 'HEAD']).then(
    () => true,
    () => false,
  );
  // An unborn HEAD (no commit yet) has nothing to check out: an orphan worktree would need a branch.
  if (!hasHead) throw new Error('The repository has no commit yet, so there is no HEAD to branch a worktree from.');
  await git(repo, ['worktree', 'add', '--detach', '--quiet', dir, 'HEAD']);
  try {
    const { changed, deleted } = await uncommitted(repo);
    for (const rel of changed) {
      const from = path.join(repo, rel);
      const to = path.join(dir, rel);
      const info = await lstat(from).catch(() => null);
      if (!info || info.isDirectory()) continue;
      await mkdir(path.dirname(to), { recursive: true });
      await rm(to, { force: true });
      // Keeps the mode; a symlink is copied as the link it is.
      if (info.isSymbolicLink()) await cp(from, to, { verbatimSymlinks: true });
      else await copyFile(from, to, constants.COPYFILE_FICLONE);
    }
    for (const rel of deleted) await rm(path.join(dir, rel), { force: true });
    for (const rel of setup.link) {
      const from = path.join(repo, rel);
      if (!(await lstat(from).catch(() => null))) continue;
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await rm(path.join(dir, rel), { recursive: true, force: true });
      await symlink(from, path.join(dir, rel));
    }
    for (const rel of setup.copy) {
      const from = path.join(repo, rel);
      if (!(await lstat(from).catch(() => null))) continue;
      await cp(from, path.join(dir, rel), { recursive: true, verbatimSymlinks: true, force: true });
    }
  } catch (error) {
    await removeAgentWorktree(repo, dir).catch(() => undefined);
    throw error;
  }
}

/** Removes the worktree and its administrative files from the user's .git; `git worktree list` no longer shows it. */
export async function removeAgentWorktree(repo: string, dir: string): Promise<void> {
  await git(repo, ['worktree', 'remove', '--force', '--force', dir]).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  await git(repo, ['worktree', 'prune']).catch(() => undefined);
}
