// Review for agents that work in their own git worktree, beside the review of
// the working tree. Every review call is routed by agent: a worktree agent has
// its own WorkspaceReview rooted at its worktree (baselines, diffs,
// checkpoints, undo work exactly as in the working tree), and accepting its
// change carries it into the user's working tree (carryChanges.ts), file by
// file, reporting the files that no longer apply instead of applying them
// half-way. When such an agent has ended and nothing of its change is left to
// review, its worktree is removed.

import { mkdir, readFile, readdir, rm, unlink, writeFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AgentOptions, FileChangeSummary } from '../../../shared/agent.js';
import type { FileDiff } from '../../../shared/review.js';
import type { Settings } from '../../../shared/settings.js';
import { ReviewError } from '../reviewErrors.js';
import { WorkspaceReview } from '../workspaceReview.js';
import { carryFile } from './carryChanges.js';
import { createAgentWorktree, gitTopLevel, removeAgentWorktree } from './gitWorktree.js';

/** What an agent learns of where it works (logged as an `isolation` event). */
export interface IsolationNotice {
  mode: 'worktree' | 'working-tree';
  path: string;
  reason?: string;
  /** The worktree was made just now (its path is news for the agent's log). */
  created?: boolean;
}

interface WorktreeRecord {
  /** The user's repository top folder. */
  repo: string;
  /** The worktree's top folder. */
  dir: string;
  /** The agent's workspace inside it (dir + the workspace's path within the repo). */
  workspace: string;
}

interface Isolated extends WorktreeRecord {
  review: WorkspaceReview;
}

export interface IsolatedReviewsOptions {
  /** The user's workspace (the working tree). */
  workspace: string;
  /** <OFFLOAD_HOME>/workspaces/<name>. */
  stateDir: string;
  nameOf: (agentId: string) => string;
  settings: () => Settings;
  /** Is the agent ended (completed, failed, cancelled)? */
  isSettled: (agentId: string) => boolean | Promise<boolean>;
  debug?: (message: string) => void;
}

type AcceptRequest = { paths?: string[]; hunk?: number };
type RejectRequest = { paths?: string[]; hunk?: number; feedback?: string; force?: boolean };

export class IsolatedReviews {
  private readonly isolated = new Map<string, Isolated>();
  private readonly root: string;

  constructor(
    private readonly main: WorkspaceReview,
    private readonly options: IsolatedReviewsOptions,
  ) {
    this.root = path.join(options.stateDir, 'worktrees');
  }

  /** Picks up the worktrees of agents from before a restart. */
  async init(): Promise<void> {
    await this.main.init();
    const ids = await readdir(this.root).catch(() => [] as string[]);
    for (const id of ids) {
      const record = await readFile(path.join(this.root, id, 'worktree.json'), 'utf8')
        .then((text) => JSON.parse(text) as WorktreeRecord)
        .catch(() => null);
      if (record && (await stat(record.dir).catch(() => null))) await this.open(id, record);
    }
  }

  private async open(agentId: string, record: WorktreeRecord): Promise<Isolated> {
    const review = new WorkspaceReview({ workspace: record.workspace, stateDir: path.join(this.root, agentId, 'state'), nameOf: this.options.nameOf });
    await review.init();
    const isolated = { ...record, review };
    this.isolated.set(agentId, isolated);
    return isolated;
  }

  /**
   * Where the agent works. For `isolation: worktree` in a git repository: its
   * worktree (created on its first start, reused on resume). Elsewhere: the
   * working tree, with the reason when a worktree was asked for.
   */
  async workspaceFor(agentId: string, options: Pick<AgentOptions, 'isolation'>): Promise<IsolationNotice> {
    const existing = this.isolated.get(agentId);
    if (existing) return { mode: 'worktree', path: existing.workspace };
    if (options.isolation !== 'worktree') return { mode: 'working-tree', path: this.options.workspace };
    const repo = await gitTopLevel(this.options.workspace);
    if (!repo) {
      return {
        mode: 'working-tree',
        path: this.options.workspace,
        reason: 'Worktree isolation needs a git repository with git installed; this workspace is not one, so the agent works in your working tree.',
      };
    }
    const dir = path.join(this.root, agentId, 'tree');
    const settings = this.options.settings();
    try {
      await createAgentWorktree({ repo, dir, link: settings.worktreeLink, copy: settings.worktreeCopy });
    } catch (error) {
      return {
        mode: 'working-tree',
        path: this.options.workspace,
        reason: `Could not create a worktree (${(error as Error).message.split('\n')[0]}), so the agent works in your working tree.`,
      };
    }
    const record: WorktreeRecord = { repo, dir, workspace: path.join(dir, path.relative(repo, path.resolve(this.options.workspace))) };
    await mkdir(path.join(this.root, agentId), { recursive: true });
    await writeFile(path.join(this.root, agentId, 'worktree.json'), JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
    await this.open(agentId, record);
    return { mode: 'worktree', path: record.workspace, created: true };
  }

  /** The worktree folder of an agent, or null. */
  worktreeOf(agentId: string): string | null {
    return this.isolated.get(agentId)?.workspace ?? null;
  }

  private reviewOf(agentId: string): WorkspaceReview {
    return this.isolated.get(agentId)?.review ?? this.main;
  }

  // ---- the review port, routed ----

  beforeWrite(agentId: string, paths: string[], step: number) {
    return this.reviewOf(agentId).beforeWrite(agentId, paths, step);
  }
  afterWrite(agentId: string, paths: string[], step: number) {
    return this.reviewOf(agentId).afterWrite(agentId, paths, step);
  }
  beforeCommand(agentId: string, step: number) {
    return this.reviewOf(agentId).beforeCommand(agentId, step);
  }
  afterCommand(agentId: string, step: number) {
    return this.reviewOf(agentId).afterCommand(agentId, step);
  }
  listChanges(agentId: string): Promise<FileChangeSummary[]> {
    return this.reviewOf(agentId).listChanges(agentId);
  }
  getDiff(agentId: string, file?: string): Promise<FileDiff[]> {
    return this.reviewOf(agentId).getDiff(agentId, file);
  }
  checkpoints(agentId: string) {
    return this.reviewOf(agentId).checkpoints(agentId);
  }
  async undo(agentId: string, toStep: number, force?: boolean) {
    return this.reviewOf(agentId).undo(agentId, toStep, force);
  }
  async releaseLeases(agentId: string) {
    await this.reviewOf(agentId).releaseLeases(agentId);
    await this.removeWhenDone(agentId);
  }
  async reject(agentId: string, request: RejectRequest) {
    // Rejecting restores the baseline in the agent's worktree: the user's tree is never touched.
    const result = await this.reviewOf(agentId).reject(agentId, request);
    await this.removeWhenDone(agentId);
    return result;
  }

  /**
   * Accepting: in the working tree, the change is already there. From a
   * worktree, each file is carried into the user's working tree whole or not
   * at all; the files that no longer apply are reported as a conflict with the
   * reason and the agent's hunks, and stay in the review.
   */
  async accept(agentId: string, request: AcceptRequest) {
    const isolated = this.isolated.get(agentId);
    if (!isolated) return this.main.accept(agentId, request);
    const diffs = (await isolated.review.getDiff(agentId)).filter((d) => !request.paths?.length || request.paths.includes(d.path));
    if (request.paths?.length) {
      const missing = request.paths.filter((p) => !diffs.some((d) => d.path === p));
      if (missing.length) throw new ReviewError('NOT_FOUND', `No change of ${this.options.nameOf(agentId)} to accept in ${missing.join(', ')}.`, missing);
    }
    const conflicts: string[] = [];
    const carried: string[] = [];
    for (const diff of diffs) {
      const hunks = request.hunk === undefined ? diff.hunks : diff.hunks.filter((h) => h.index === request.hunk);
      if (request.hunk !== undefined && hunks.length === 0) {
        throw new ReviewError('NOT_FOUND', `${diff.path} has no hunk ${request.hunk}.`, [diff.path]);
      }
      const userPath = path.join(this.options.workspace, ...diff.path.split('/'));
      const agentPath = path.join(isolated.workspace, ...diff.path.split('/'));
      const [userFile, agentFile] = await Promise.all([readFile(userPath).catch(() => null), readFile(agentPath).catch(() => null)]);
      const outcome = carryFile(diff, hunks, userFile, agentFile);
      if (outcome.kind === 'conflict') {
        conflicts.push(`${diff.path}: ${outcome.reason}\n${hunks.flatMap((h) => [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, ...h.lines]).join('\n')}`);
        continue;
      }
      if (outcome.kind === 'write') await writeAtomically(userPath, outcome.content, agentPath);
      if (outcome.kind === 'delete') await unlink(userPath).catch(() => undefined);
      carried.push(diff.path);
    }
    if (carried.length > 0) await isolated.review.accept(agentId, { paths: carried, hunk: request.hunk });
    await this.removeWhenDone(agentId);
    if (conflicts.length > 0) {
      throw new ReviewError(
        'USER_EDITED',
        `${carried.length ? `Accepted ${carried.join(', ')}. ` : ''}Not applied, because your working tree changed where the agent's change goes (nothing of these files was written):\n\n${conflicts.join('\n\n')}`,
        diffs.map((d) => d.path).filter((p) => !carried.includes(p)),
      );
    }
  }

  /** Removes an ended agent's worktree once nothing of its change is left to review. */
  private async removeWhenDone(agentId: string): Promise<void> {
    const isolated = this.isolated.get(agentId);
    if (!isolated || !(await this.options.isSettled(agentId))) return;
    if ((await isolated.review.listChanges(agentId)).length > 0) return;
    this.isolated.delete(agentId);
    await isolated.review.dispose().catch(() => undefined);
    await removeAgentWorktree(isolated.repo, isolated.dir);
    await rm(path.join(this.root, agentId), { recursive: true, force: true });
    this.options.debug?.(`removed the worktree of ${agentId}`);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.main.dispose(), ...[...this.isolated.values()].map((i) => i.review.dispose())]);
  }
}

/** Writes through a temp file in the same folder and renames, keeping the agent file's mode. */
async function writeAtomically(target: string, content: Buffer, modeFrom: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const mode = (await stat(modeFrom).catch(() => null))?.mode ?? 0o644;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.offload-${process.pid}-${Date.now()}.tmp`);
  await writeFile(temp, content, { mode: mode & 0o777 });
  await rename(temp, target);
}
