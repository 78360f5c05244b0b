// Review of agents' changes over the user's working tree: baselines, diffs,
// accept/reject (whole file or one hunk), checkpoints per step, undo to a
// step, and write leases so two agents never change one file at once.
//
// Where things live (all under `stateDir/review/`, never in the user's tree or .git):
//   shadow.git/         bare git repo (shadowStore.ts): every baseline and
//                       checkpoint blob; refs/offload/<agentId>/baseline and
//                       refs/offload/<agentId>/checkpoints (one commit per step,
//                       written just after the hook that made it answered)
//   agents/<id>.json    per agent: each file's baseline, original, last-write fingerprint,
//                       open flag; the checkpoint list; cached line counts
//   snapshot.json       the tree snapshot index used around shell commands
// Leases are in memory only: they belong to running agents, and a restarted
// host has none running.
//
// How changes are found without scanning the tree: file tools call
// beforeWrite/afterWrite with the paths; shell commands are bracketed by
// beforeCommand/afterCommand, which refresh the snapshot index (a stat walk
// that re-hashes only files whose stat changed) and compare.

import fs from 'node:fs';
import path from 'node:path';
import type { FileChangeSummary } from '../../shared/agent.js';
import type { AcceptRequest, RejectRequest } from '../../shared/contract/offloadService.js';
import type { Checkpoint, FileDiff } from '../../shared/review.js';
import { ReviewError } from './reviewErrors.js';
import { AgentStateFiles, sameState, type AgentReviewState, type FileRecord, type FileState, type StatFingerprint } from './reviewState.js';
import { blobOid, ShadowStore, type StoredFile } from './shadowStore.js';
import { TOO_LARGE_NOTICE } from '../../shared/review.js';
import { applyHunk, diffTexts, MAX_SIDE_BY_SIDE_BYTES, revertHunk, textOf } from './textDiff.js';
import { entryChanged, gitMode, TreeSnapshotter, type Snapshot } from './treeSnapshot.js';
import { findUserRepo } from './userGit.js';

export interface WorkspaceReviewOptions {
  /** Absolute project folder. */
  workspace: string;
  /** Per-workspace state folder under OFFLOAD_HOME. */
  stateDir: string;
  /** An agent's display name, for messages. */
  nameOf: (agentId: string) => string;
}

/** A file on disk now: its state and, when present, its bytes and stat. */
interface DiskFile {
  state: FileState | null;
  content: Buffer | null;
  stat: fs.Stats | null;
}

const RACY_MS = 2000;
/** Files up to this size are read synchronously in the write hooks (readDisk). */
const SYNC_READ_BYTES = 256 * 1024;

export class WorkspaceReview {
  private readonly workspace: string;
  private readonly realWorkspace: string;
  private readonly root: string;
  private readonly store: ShadowStore;
  private readonly states: AgentStateFiles;
  private readonly snapshotter: TreeSnapshotter;
  private readonly nameOf: (agentId: string) => string;
  /** path -> agent id holding its write lease. */
  private readonly leases = new Map<string, string>();
  /** Paths whose lease was taken by a file tool (not inferred from a command). */
  private readonly toolLeased = new Set<string>();
  /** agent id -> the snapshot taken before its running command. */
  private readonly commandBefore = new Map<string, Snapshot>();
  private warming: Promise<void> | null = null;
  /** Every public operation runs one at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The history commits (refs/offload/<id>/baseline and .../checkpoints) are
   * written after the hook that made them has answered, next in the queue:
   * tree, commit and ref cost 4-16 ms of file writes per write step, and
   * nothing the agent or a reviewer does reads them (diff, accept, reject and
   * undo work from the state file and the blobs, both written before the
   * answer). Per agent: baseline commits still to write, as they were when
   * their baselines were set.
   */
  private readonly pendingBaselines = new Map<string, { files: StoredFile[]; absent: string[] }[]>();
  /** Agents whose history write is queued, and the writes on their way to the queue (dispose waits for them). */
  private readonly historyQueued = new Set<string>();
  private readonly historyQueuing = new Set<Promise<void>>();
  /** Per agent: why its last history write failed, told by its next write hook (the agent stops on a full disk). */
  private readonly historyFailures = new Map<string, unknown>();

  constructor(options: WorkspaceReviewOptions) {
    this.workspace = path.resolve(options.workspace);
    try {
      this.realWorkspace = fs.realpathSync(this.workspace);
    } catch {
      this.realWorkspace = this.workspace;
    }
    this.nameOf = options.nameOf;
    this.root = path.join(options.stateDir, 'review');
    const repo = findUserRepo(this.workspace);
    this.store = new ShadowStore(path.join(this.root, 'shadow.git'), repo && repo.blobsAreWorktreeBytes ? repo.commondir : null);
    this.states = new AgentStateFiles(path.join(this.root, 'agents'));
    this.snapshotter = new TreeSnapshotter(this.workspace, this.store, repo, path.join(this.root, 'snapshot.json'), [
      path.resolve(options.stateDir),
    ]);
  }

  /** Makes the review's folder; its shadow store is made on first use (ShadowStore). */
  async init(): Promise<void> {
    await fs.promises.mkdir(this.root, { recursive: true, mode: 0o700 });
  }

  /**
   * Starts building the snapshot index in the background (once), so an
   * agent's first shell command does not pay for it: in a workspace without
   * git every file's content is stored once. Called on an agent's first write
   * or command; the supervisor may call it when an agent starts. Review-only
   * use (diff, accept, reject from the CLI) never walks the tree.
   */
  warmUp(): Promise<void> {
    this.warming ??= this.snapshotter.refresh().then(
      () => undefined,
      () => undefined,
    );
    return this.warming;
  }

  /** Agents that have review state in this workspace (including from before a restart). */
  agentsWithState(): string[] {
    return this.states.agentIds();
  }

  beforeWrite(agentId: string, paths: string[], step: number): Promise<void> {
    void this.warmUp();
    return this.serial(async () => {
      this.throwHistoryFailure(agentId);
      const rels = paths.map((p) => this.toRel(p));
      for (const rel of rels) {
        const holder = this.leases.get(rel);
        if (holder !== undefined && holder !== agentId) throw this.conflict(rel, holder);
      }
      const state = this.states.load(agentId);
      const newBaselines: string[] = [];
      for (const rel of rels) {
        this.leases.set(rel, agentId);
        this.toolLeased.add(rel);
        const rec = state.files[rel];
        if (rec?.open) continue;
        const disk = await this.readDisk(rel, true);
        const createdDirs = disk.state ? [] : this.missingDirs(rel);
        if (rec) {
          rec.baseline = disk.state;
          rec.open = true;
          rec.createdDirs = createdDirs;
        } else {
          state.files[rel] = { baseline: disk.state, original: disk.state, lastWrite: null, open: true, firstStep: step, createdDirs };
        }
        newBaselines.push(rel);
      }
      if (newBaselines.length > 0) this.commitBaselines(state, newBaselines);
      await this.states.save(state);
    });
  }

  afterWrite(agentId: string, paths: string[], step: number): Promise<void> {
    return this.serial(async () => {
      this.throwHistoryFailure(agentId);
      const state = this.states.load(agentId);
      const changes: Record<string, FileState | null> = {};
      for (const rel of paths.map((p) => this.toRel(p))) {
        const rec = state.files[rel];
        if (!rec) continue; // no beforeWrite: nothing to diff against
        const disk = await this.readDisk(rel, true);
        rec.lastWrite = { state: disk.state, stat: fingerprint(disk.stat) };
        changes[rel] = disk.state;
      }
      if (Object.keys(changes).length > 0) this.recordCheckpoint(state, step, changes);
      await this.states.save(state);
    });
  }

  async beforeCommand(agentId: string, _step: number): Promise<void> {
    // Wait for the first build of the snapshot index outside the queue, so other agents' writes are not held up.
    await this.warmUp();
    return this.serial(async () => {
      this.throwHistoryFailure(agentId);
      this.commandBefore.set(agentId, await this.snapshotter.refresh());
    });
  }

  afterCommand(agentId: string, step: number): Promise<string[]> {
    return this.serial(async () => {
      const before = this.commandBefore.get(agentId);
      this.commandBefore.delete(agentId);
      const after = await this.snapshotter.refresh();
      if (!before) return [];
      const changed = new Set<string>();
      for (const [rel, entry] of after) if (entryChanged(before.get(rel), entry)) changed.add(rel);
      for (const rel of before.keys()) if (!after.has(rel)) changed.add(rel);
      if (changed.size === 0) return [];

      const state = this.states.load(agentId);
      const changes: Record<string, FileState | null> = {};
      const newBaselines: string[] = [];
      for (const rel of [...changed].sort()) {
        const b = before.get(rel);
        const a = after.get(rel);
        const afterState: FileState | null = a ? { oid: a.oid, mode: gitMode(a.mode) } : null;
        // Another agent's file tool wrote this while the command ran: that change is theirs.
        // (When two agents' commands overlap, a path either could have changed is
        // attributed to both: we cannot tell which process wrote it.)
        const holder = this.leases.get(rel);
        if (holder !== undefined && holder !== agentId && this.toolLeased.has(rel)) {
          const theirs = this.states.load(holder).files[rel]?.lastWrite?.state;
          if (theirs !== undefined && sameState(theirs, afterState)) {
            changed.delete(rel);
            continue;
          }
        }
        if (a?.inUserGit) await this.store.adopt(a.oid);
        const beforeState: FileState | null = b ? { oid: b.oid, mode: gitMode(b.mode) } : null;
        if (b?.inUserGit) await this.store.adopt(b.oid);
        const rec = state.files[rel];
        if (!rec) {
          state.files[rel] = { baseline: beforeState, original: beforeState, lastWrite: null, open: true, firstStep: step, createdDirs: [] };
          newBaselines.push(rel);
        } else if (!rec.open) {
          rec.baseline = beforeState;
          rec.open = true;
          newBaselines.push(rel);
        }
        if (holder === undefined) this.leases.set(rel, agentId);
        state.files[rel]!.lastWrite = {
          state: afterState,
          stat: fingerprint(a ?? null),
        };
        changes[rel] = afterState;
      }
      if (newBaselines.length > 0) this.commitBaselines(state, newBaselines);
      if (Object.keys(changes).length > 0) this.recordCheckpoint(state, step, changes);
      await this.states.save(state);
      return [...changed].sort();
    });
  }

  /** Throws a clear error when the workspace folder is gone (deleted, or its disk unmounted). */
  private async requireWorkspace(): Promise<void> {
    try {
      if (!(await fs.promises.stat(this.workspace)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new Error(`The workspace folder ${this.workspace} is gone (deleted, or its disk was unmounted): its changes cannot be listed.`);
    }
  }

  /**
   * Every open change with its line counts. Counts are cached per (baseline,
   * current) pair; missing ones are computed outside the review queue (a big
   * diff must not hold up other agents' writes), then stored.
   */
  async listChanges(agentId: string): Promise<FileChangeSummary[]> {
    // Over a tree that is gone every file the agent added would look unchanged (absent before and
    // after) and every other one deleted: an error says what happened instead.
    await this.requireWorkspace();
    const { out, missing } = await this.serial(async () => {
      const state = this.states.load(agentId);
      const out: FileChangeSummary[] = [];
      const missing: { summary: FileChangeSummary; key: string; input: DiffInput }[] = [];
      let dirty = false;
      for (const rel of Object.keys(state.files).sort()) {
        const rec = state.files[rel]!;
        // A closed record (accepted or rejected) is not the agent's change any more, whatever happens to the file.
        if (!rec.open) continue;
        const { current, refreshed } = await this.currentState(rel, rec);
        dirty ||= refreshed;
        if (sameState(current, rec.baseline)) continue;
        const key = `${rec.baseline?.oid ?? '-'}:${current?.oid ?? '-'}`;
        const summary: FileChangeSummary = { path: rel, status: statusOf(rec.baseline, current), additions: 0, deletions: 0 };
        out.push(summary);
        const counts = state.lineCounts[key];
        if (counts) applyCounts(summary, counts);
        else {
          const input = await this.diffInput(rel, rec);
          if (input) missing.push({ summary, key, input });
        }
      }
      // Only refreshed fingerprints (a cache): the listing need not wait for them to be written.
      if (dirty) void this.states.save(state).catch(() => undefined);
      return { out, missing };
    });
    if (missing.length === 0) return out;
    const computed: Record<string, CachedCounts> = {};
    for (const { summary, key, input } of missing) {
      const diff = await diffOf(input, false);
      const counts: CachedCounts = [diff.additions, diff.deletions, diff.binary ? 1 : 0, diff.tooLarge ? 1 : 0];
      applyCounts(summary, counts);
      computed[key] = counts;
    }
    await this.serial(async () => {
      const state = this.states.load(agentId);
      Object.assign(state.lineCounts, computed);
      // Cached line counts: the listing need not wait for them to be written.
      void this.states.save(state).catch(() => undefined);
    });
    return out;
  }

  async getDiff(agentId: string, onePath?: string): Promise<FileDiff[]> {
    // What to compare is read in the queue; the diffs themselves are computed outside it.
    const inputs = await this.serial(async () => {
      const state = this.states.load(agentId);
      const rels = onePath !== undefined ? [this.toRel(onePath)] : Object.keys(state.files).sort();
      const found: DiffInput[] = [];
      for (const rel of rels) {
        const rec = state.files[rel];
        if (!rec?.open) continue;
        const input = await this.diffInput(rel, rec);
        if (input) found.push(input);
      }
      return found;
    });
    const out: FileDiff[] = [];
    for (const input of inputs) out.push(await diffOf(input, true));
    return out;
  }

  accept(agentId: string, request: AcceptRequest = {}): Promise<string[]> {
    return this.serial(async () => {
      const state = this.states.load(agentId);
      const targets = await this.targetsOf(agentId, state, request.paths, request.hunk, 'accept');
      for (const { rel, rec, disk } of targets) {
        if (request.hunk === undefined || !rec.baseline || !disk.state) {
          if (disk.content !== null) await this.store.putBlob(disk.content, disk.state!.oid);
          rec.baseline = disk.state;
        } else {
          const { hunk, baseText } = await this.hunkOf(agentId, rel, rec, disk, request.hunk);
          const newBase = Buffer.from(applyHunk(baseText, hunk));
          rec.baseline = { oid: await this.store.putBlob(newBase), mode: rec.baseline.mode };
        }
        if (sameState(rec.baseline, disk.state)) this.close(agentId, rel, rec);
      }
      this.commitBaselines(state, targets.map((t) => t.rel));
      await this.states.save(state);
      return targets.map((t) => t.rel);
    });
  }

  reject(agentId: string, request: RejectRequest = {}): Promise<string[]> {
    return this.serial(async () => {
      const state = this.states.load(agentId);
      const targets = await this.targetsOf(agentId, state, request.paths, request.hunk, 'reject');
      for (const { rel } of targets) {
        const holder = this.leases.get(rel);
        if (holder !== undefined && holder !== agentId) throw this.conflict(rel, holder);
      }
      if (!request.force) this.refuseUserEdits(agentId, targets.map((t) => ({ rel: t.rel, rec: t.rec, current: t.disk.state })), 'reject');
      for (const { rel, rec, disk } of targets) {
        if (request.hunk === undefined || !rec.baseline || !disk.state) {
          await this.restore(rel, rec.baseline, rec.createdDirs);
        } else {
          const { hunk } = await this.hunkOf(agentId, rel, rec, disk, request.hunk);
          const reverted = Buffer.from(revertHunk(textOf(disk.content)!, hunk));
          await this.restore(rel, { oid: await this.store.putBlob(reverted), mode: disk.state.mode }, []);
        }
        const now = await this.readDisk(rel, false);
        rec.lastWrite = { state: now.state, stat: fingerprint(now.stat) };
        if (sameState(rec.baseline, now.state)) this.close(agentId, rel, rec);
      }
      await this.states.save(state);
      return targets.map((t) => t.rel);
    });
  }

  /** The agent's checkpoints; their history commits are written first when still pending (git log then shows them). */
  checkpoints(agentId: string): Promise<Checkpoint[]> {
    return this.serial(async () => {
      await this.writeHistory(agentId).catch((error: unknown) => this.historyFailures.set(agentId, error));
      return this.states.load(agentId).checkpoints.map((cp) => ({ step: cp.step, time: cp.time, files: Object.keys(cp.files).sort() }));
    });
  }

  undo(agentId: string, toStep: number, force = false): Promise<string[]> {
    return this.serial(async () => {
      const state = this.states.load(agentId);
      const plan: { rel: string; rec: FileRecord; target: FileState | null; current: FileState | null }[] = [];
      for (const rel of Object.keys(state.files).sort()) {
        const rec = state.files[rel]!;
        const target = stateAfterStep(state, rel, rec, toStep);
        const { current } = await this.currentState(rel, rec);
        if (sameState(current, target)) continue;
        const holder = this.leases.get(rel);
        if (holder !== undefined && holder !== agentId) throw this.conflict(rel, holder);
        plan.push({ rel, rec, target, current });
      }
      if (!force) this.refuseUserEdits(agentId, plan, 'undo');
      for (const { rel, rec, target } of plan) {
        await this.restore(rel, target, rec.createdDirs);
        const now = await this.readDisk(rel, false);
        rec.lastWrite = { state: now.state, stat: fingerprint(now.stat) };
        if (sameState(rec.baseline, now.state)) this.close(agentId, rel, rec);
        else {
          rec.open = true;
          if (!this.leases.has(rel)) this.leases.set(rel, agentId);
        }
      }
      // Steps after N are no longer the history of the tree.
      const kept = state.checkpoints.filter((cp) => cp.step <= toStep);
      if (kept.length !== state.checkpoints.length) {
        state.checkpoints = kept;
        await this.writeHistory(agentId);
        const last = kept[kept.length - 1];
        if (last?.commit) await this.store.writeRef(this.refOf(agentId, 'checkpoints'), last.commit);
        else await this.store.deleteRef(this.refOf(agentId, 'checkpoints'));
      }
      await this.states.save(state);
      return plan.map((p) => p.rel);
    });
  }

  releaseLeases(agentId: string): void {
    for (const [rel, holder] of this.leases) {
      if (holder === agentId) {
        this.leases.delete(rel);
        this.toolLeased.delete(rel);
      }
    }
    this.commandBefore.delete(agentId);
  }

  /** Every write lease held now: [workspace-relative path, agent id] (the editor badges these files). */
  leasedPaths(): [string, string][] {
    return [...this.leases];
  }

  /** Who holds the write lease on a path, if anyone. */
  leaseHolder(p: string): string | null {
    return this.leases.get(this.toRel(p)) ?? null;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.historyQueuing);
    await this.queue.catch(() => undefined);
    await this.states.flushed();
    await this.warming;
    this.snapshotter.flush();
    this.leases.clear();
    this.toolLeased.clear();
    this.commandBefore.clear();
  }

  // ---- internals ----

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private toRel(p: string): string {
    const abs = path.resolve(this.workspace, p);
    for (const base of [this.workspace, this.realWorkspace]) {
      const rel = path.relative(base, abs);
      if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
    }
    throw new ReviewError('BAD_REQUEST', `${p} is not a file inside the workspace ${this.workspace}`, [p]);
  }

  private abs(rel: string): string {
    return path.join(this.workspace, ...rel.split('/'));
  }

  private conflict(rel: string, holder: string): ReviewError {
    return new ReviewError(
      'CONFLICT',
      `${rel} is being changed by agent ${this.nameOf(holder)}; it can be written once that change is accepted or rejected, or that agent ends`,
      [rel],
      holder,
    );
  }

  private close(agentId: string, rel: string, rec: FileRecord): void {
    rec.open = false;
    if (this.leases.get(rel) === agentId) {
      this.leases.delete(rel);
      this.toolLeased.delete(rel);
    }
  }

  /**
   * Reads a file's bytes and state; with `store`, its bytes also go into the
   * shadow store. A small file is read synchronously: the agent waits on
   * this in its write hooks, and lstat, open, read and close each through the
   * thread pool cost more than reading it (bench/supervisorOverhead).
   */
  private async readDisk(rel: string, store: boolean): Promise<DiskFile> {
    const abs = this.abs(rel);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return { state: null, content: null, stat: null };
    }
    let content: Buffer;
    if (st.isSymbolicLink()) content = Buffer.from(fs.readlinkSync(abs));
    else if (st.isFile()) content = st.size <= SYNC_READ_BYTES ? fs.readFileSync(abs) : await fs.promises.readFile(abs);
    else return { state: null, content: null, stat: null }; // a folder now stands there: the file is gone
    const oid = store ? await this.store.putBlob(content) : blobOid(content);
    return { state: { oid, mode: gitMode(st.mode) }, content, stat: st };
  }

  /** The file's state now, without reading it when its stat still matches the agent's last write. */
  private async currentState(rel: string, rec: FileRecord): Promise<{ current: FileState | null; refreshed: boolean }> {
    const fp = rec.lastWrite?.stat;
    if (rec.lastWrite && fp) {
      try {
        const st = await fs.promises.lstat(this.abs(rel));
        if (st.size === fp.size && st.mtimeMs === fp.mtimeMs && st.ctimeMs === fp.ctimeMs && st.ino === fp.ino) {
          return { current: rec.lastWrite.state, refreshed: false };
        }
      } catch {
        // fall through to a full read
      }
    } else if (rec.lastWrite && rec.lastWrite.state === null && !fs.existsSync(this.abs(rel))) {
      return { current: null, refreshed: false };
    }
    const disk = await this.readDisk(rel, false);
    // The content is still the agent's last write: remember the new stat so later checks skip the read.
    if (rec.lastWrite && sameState(rec.lastWrite.state, disk.state) && disk.stat) {
      const fresh = fingerprint(disk.stat);
      if (fresh && fresh.mtimeMs !== -1) {
        rec.lastWrite.stat = fresh;
        return { current: disk.state, refreshed: true };
      }
    }
    return { current: disk.state, refreshed: false };
  }

  private async contentOf(state: FileState | null): Promise<Buffer | null> {
    return state ? this.store.getBlob(state.oid) : null;
  }

  /** What diffOf needs to compare a file with its baseline, or null when it has no change. */
  private async diffInput(rel: string, rec: FileRecord): Promise<DiffInput | null> {
    const disk = await this.readDisk(rel, false);
    if (sameState(disk.state, rec.baseline)) return null;
    return { rel, status: statusOf(rec.baseline, disk.state), base: await this.contentOf(rec.baseline), current: disk.content, hasBaseline: rec.baseline !== null, hasCurrent: disk.state !== null };
  }

  private async targetsOf(
    agentId: string,
    state: AgentReviewState,
    paths: string[] | undefined,
    hunk: number | undefined,
    verb: 'accept' | 'reject',
  ): Promise<{ rel: string; rec: FileRecord; disk: DiskFile }[]> {
    const explicit = paths !== undefined && paths.length > 0;
    const rels = explicit ? paths.map((p) => this.toRel(p)) : Object.keys(state.files).sort();
    const out: { rel: string; rec: FileRecord; disk: DiskFile }[] = [];
    for (const rel of rels) {
      const rec = state.files[rel];
      const disk = rec?.open ? await this.readDisk(rel, false) : null;
      if (!rec || !disk || !rec.open || sameState(disk.state, rec.baseline)) {
        if (explicit) throw new ReviewError('NOT_FOUND', `${rel} has no change by agent ${this.nameOf(agentId)} to ${verb}`, [rel]);
        continue;
      }
      out.push({ rel, rec, disk });
    }
    if (hunk !== undefined && out.length !== 1) {
      throw new ReviewError('BAD_REQUEST', out.length === 0 ? `agent ${this.nameOf(agentId)} has no changes to ${verb}` : `--hunk needs exactly one file; give the file's path`);
    }
    return out;
  }

  private async hunkOf(agentId: string, rel: string, rec: FileRecord, disk: DiskFile, index: number) {
    const baseText = textOf(await this.contentOf(rec.baseline));
    const curText = textOf(disk.content);
    if (baseText === null || curText === null) {
      throw new ReviewError('BAD_REQUEST', `${rel} is binary (or too large to diff); accept or reject the whole file, without --hunk`, [rel]);
    }
    const diff = await diffTexts(baseText, curText);
    if (diff.tooLarge) {
      throw new ReviewError('BAD_REQUEST', `${rel} is ${TOO_LARGE_NOTICE}, without --hunk`, [rel]);
    }
    const hunks = diff.hunks;
    const hunk = hunks[index];
    if (!hunk) {
      throw new ReviewError('NOT_FOUND', `${rel} has no hunk ${index} in agent ${this.nameOf(agentId)}'s change; its hunks are 0 to ${hunks.length - 1}`, [rel]);
    }
    return { hunk, baseText, curText };
  }

  private refuseUserEdits(agentId: string, files: { rel: string; rec: FileRecord; current: FileState | null }[], verb: 'reject' | 'undo'): void {
    const edited = files.filter((f) => f.rec.lastWrite && !sameState(f.rec.lastWrite.state, f.current)).map((f) => f.rel);
    if (edited.length === 0) return;
    const list = edited.join(', ');
    throw new ReviewError(
      'USER_EDITED',
      `${list} ${edited.length === 1 ? 'was' : 'were'} edited after agent ${this.nameOf(agentId)}'s last write; ${verb === 'reject' ? 'rejecting' : 'undoing'} would discard that edit. Use --force to ${verb} anyway.`,
      edited,
    );
  }

  /** Puts a file in a given state (absent, or blob + mode), creating folders as needed. */
  private async restore(rel: string, target: FileState | null, createdDirs: string[]): Promise<void> {
    const abs = this.abs(rel);
    if (target === null) {
      await fs.promises.rm(abs, { force: true });
      for (const dir of createdDirs) {
        try {
          await fs.promises.rmdir(this.abs(dir));
        } catch {
          break; // not empty (or gone): leave it and its parents
        }
      }
      return;
    }
    const content = await this.store.getBlob(target.oid);
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
    const st = await fs.promises.lstat(abs).catch(() => null);
    if (target.mode === 0o120000) {
      if (st) await fs.promises.rm(abs, { recursive: st.isDirectory(), force: true });
      await fs.promises.symlink(content.toString(), abs);
      return;
    }
    if (st && !st.isFile()) await fs.promises.rm(abs, { recursive: true, force: true });
    await fs.promises.writeFile(abs, content);
    await fs.promises.chmod(abs, target.mode === 0o100755 ? 0o755 : 0o644);
  }

  /** Ancestor folders of rel that do not exist yet, deepest first. */
  private missingDirs(rel: string): string[] {
    const out: string[] = [];
    let dir = path.posix.dirname(rel);
    while (dir !== '.' && !fs.existsSync(this.abs(dir))) {
      out.push(dir);
      dir = path.posix.dirname(dir);
    }
    return out;
  }

  private refOf(agentId: string, what: 'baseline' | 'checkpoints'): string {
    return `refs/offload/${agentId.replace(/[^A-Za-z0-9_-]/g, '_')}/${what}`;
  }

  /**
   * Records new baselines as a commit on the agent's baseline ref (written
   * next in the queue: writeHistory). Each commit holds only the files whose
   * baseline was just set (the chain holds them all), so its cost follows the
   * files changed, not the tree or the agent's history.
   */
  private commitBaselines(state: AgentReviewState, rels: string[]): void {
    const files = rels
      .filter((rel) => state.files[rel]?.baseline)
      .map((rel) => ({ path: rel, oid: state.files[rel]!.baseline!.oid, mode: state.files[rel]!.baseline!.mode }));
    const absent = rels.filter((rel) => state.files[rel] && !state.files[rel]!.baseline);
    const pending = this.pendingBaselines.get(state.agentId) ?? [];
    pending.push({ files, absent });
    this.pendingBaselines.set(state.agentId, pending);
    this.queueHistory(state.agentId);
  }

  /** Records the step's changes in its checkpoint (its commit is written next in the queue: writeHistory). */
  private recordCheckpoint(state: AgentReviewState, step: number, changes: Record<string, FileState | null>): void {
    let cp = state.checkpoints[state.checkpoints.length - 1];
    if (!cp || cp.step !== step) {
      cp = { step, time: new Date().toISOString(), files: {}, commit: null };
      state.checkpoints.push(cp);
    }
    Object.assign(cp.files, changes);
    cp.time = new Date().toISOString();
    cp.commit = null;
    this.queueHistory(state.agentId);
  }

  /**
   * Queues the agent's history write (once, however many commits it has),
   * from the next turn of the event loop: the hook's answer goes out first.
   */
  private queueHistory(agentId: string): void {
    if (this.historyQueued.has(agentId)) return;
    this.historyQueued.add(agentId);
    const queued = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
      this.serial(async () => {
        this.historyQueued.delete(agentId);
        await this.writeHistory(agentId).catch((error: unknown) => this.historyFailures.set(agentId, error));
      }),
    );
    this.historyQueuing.add(queued);
    void queued.finally(() => this.historyQueuing.delete(queued));
  }

  /**
   * Writes the agent's pending history commits: its new baselines, then a
   * commit for every checkpoint without one, each the child of the one
   * before (a step written twice gets a new commit). What failed stays
   * pending and is tried again by the next write.
   */
  private async writeHistory(agentId: string): Promise<void> {
    const state = this.states.load(agentId);
    let wrote = false;
    const baselines = this.pendingBaselines.get(agentId) ?? [];
    while (baselines.length > 0) {
      const { files, absent } = baselines[0]!;
      state.baselineCommit = await this.store.commitFiles(
        this.refOf(agentId, 'baseline'),
        files,
        `baselines of agent ${agentId}\n\n${JSON.stringify({ absent })}\n`,
        state.baselineCommit,
      );
      baselines.shift();
      wrote = true;
    }
    this.pendingBaselines.delete(agentId);
    let parent: string | null = null;
    for (const cp of state.checkpoints) {
      if (!cp.commit) {
        const present = Object.entries(cp.files)
          .filter((e): e is [string, FileState] => e[1] !== null)
          .map(([p, s]) => ({ path: p, oid: s.oid, mode: s.mode }));
        const deleted = Object.entries(cp.files).filter(([, s]) => s === null).map(([p]) => p);
        cp.commit = await this.store.commitFiles(
          this.refOf(agentId, 'checkpoints'),
          present,
          `step ${cp.step} of agent ${agentId}\n\n${JSON.stringify({ step: cp.step, deleted })}\n`,
          parent,
        );
        wrote = true;
      }
      parent = cp.commit;
    }
    if (wrote) await this.states.save(state);
  }

  /** A history write of this agent's failed since its last hook: its storage is in trouble, said now. */
  private throwHistoryFailure(agentId: string): void {
    const failure = this.historyFailures.get(agentId);
    if (failure === undefined) return;
    this.historyFailures.delete(agentId);
    throw failure;
  }
}

type CachedCounts = AgentReviewState['lineCounts'][string];

/** A changed file's two sides, read from disk and the shadow store, ready to diff. */
interface DiffInput {
  rel: string;
  status: FileChangeSummary['status'];
  base: Buffer | null;
  current: Buffer | null;
  hasBaseline: boolean;
  hasCurrent: boolean;
}

function applyCounts(summary: FileChangeSummary, counts: CachedCounts): void {
  summary.additions = counts[0];
  summary.deletions = counts[1];
  if (counts[2]) summary.binary = true;
  if (counts[3]) summary.tooLarge = true;
}

/** The file's diff (bounded; big ones on the diff worker), with its two texts when `withText`. */
async function diffOf(input: DiffInput, withText: boolean): Promise<FileDiff> {
  const { rel: path, status, base, current } = input;
  const oldText = textOf(base);
  const newText = textOf(current);
  if (oldText === null || newText === null) {
    return { path, status, additions: 0, deletions: 0, binary: true, hunks: [], original: null, modified: null };
  }
  const result = await diffTexts(oldText, newText);
  const diff: FileDiff = { path, status, additions: result.additions, deletions: result.deletions, hunks: result.hunks };
  if (result.tooLarge) diff.tooLarge = true;
  if (withText) {
    // Too large to diff here is too large for the page's diff editor too.
    const small = !result.tooLarge && (base?.length ?? 0) < MAX_SIDE_BY_SIDE_BYTES && (current?.length ?? 0) < MAX_SIDE_BY_SIDE_BYTES;
    diff.original = small && input.hasBaseline ? oldText : null;
    diff.modified = small && input.hasCurrent ? newText : null;
  }
  return diff;
}

function statusOf(baseline: FileState | null, current: FileState | null): FileChangeSummary['status'] {
  if (!baseline) return 'added';
  if (!current) return 'deleted';
  return 'modified';
}

function fingerprint(st: Pick<fs.Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'> | null): StatFingerprint | null {
  if (!st) return null;
  const racy = st.mtimeMs >= Date.now() - RACY_MS;
  return { size: st.size, mtimeMs: racy ? -1 : st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

/** What a file was right after step N: its last checkpoint at or before N, else as before the agent touched it. */
function stateAfterStep(state: AgentReviewState, rel: string, rec: FileRecord, step: number): FileState | null {
  for (let i = state.checkpoints.length - 1; i >= 0; i--) {
    const cp = state.checkpoints[i]!;
    if (cp.step <= step && rel in cp.files) return cp.files[rel]!;
  }
  return rec.original;
}
