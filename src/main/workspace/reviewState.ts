// What review remembers per agent, persisted as one small file per agent
// under <stateDir>/review/agents/, next to the shadow object store that holds
// the contents those records name by blob id.
//
// Each save appends the whole state as one JSON line; the last whole line is
// the state. Why not write a temp file and rename it over the old one: on
// ext4 (auto_da_alloc) a rename that replaces a file forces its data to disk
// first, which took 16 ms to seconds on a busy disk, on every write step, and
// blocked the host while it did (bench/supervisorOverhead). An append is one
// write into the page cache: once it returns, the state survives the host
// being killed, as the event log does. A save that fails part-way (a full
// disk) leaves a torn last line: reading skips it, and every append starts on
// a new line. The file is rewritten to its last state (temp file and rename)
// only when it has grown large. A file of the old format (one JSON object) is
// read as it is.

import fs from 'node:fs';
import path from 'node:path';

/** A file's content and git mode; `null` in its place means the file is absent. */
export interface FileState {
  oid: string;
  /** 0o100644, 0o100755 or 0o120000. */
  mode: number;
}

export interface StatFingerprint {
  size: number;
  /** -1 when the write was too recent to trust the timestamp (forces a re-hash). */
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface FileRecord {
  /** What the diff is taken against: the file before the agent's first change, moved forward by accepts. */
  baseline: FileState | null;
  /** The file before the agent first touched it (undo to a step before that restores it). */
  original: FileState | null;
  /** The file right after the agent's last write (tool or command): the user-edit check compares with it. */
  lastWrite: { state: FileState | null; stat: StatFingerprint | null } | null;
  /** True from the agent's write until the change is accepted or rejected. */
  open: boolean;
  firstStep: number;
  /** Folders (workspace-relative, deepest first) the agent's creation of this file made; reject removes them when empty. */
  createdDirs: string[];
}

export interface CheckpointRecord {
  step: number;
  time: string;
  /** The state each file was left in by this step. */
  files: Record<string, FileState | null>;
  /** The commit for this step in the shadow store (refs/offload/<agent>/checkpoints). */
  commit: string | null;
}

export interface AgentReviewState {
  version: 1;
  agentId: string;
  files: Record<string, FileRecord>;
  checkpoints: CheckpointRecord[];
  baselineCommit: string | null;
  /** Line counts by "baselineOid:currentOid", so listing changes does not re-diff unchanged files. */
  lineCounts: Record<string, [additions: number, deletions: number, binary: 0 | 1, tooLarge?: 0 | 1]>;
}

const MAX_CACHED_COUNTS = 2000;
/** The file is rewritten to its last state once it is this big and holds this many states. */
const COMPACT_BYTES = 1024 * 1024;
const COMPACT_STATES = 8;

export function sameState(a: FileState | null | undefined, b: FileState | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.oid === b.oid && a.mode === b.mode;
}

export class AgentStateFiles {
  private readonly cache = new Map<string, { key: string; state: AgentReviewState }>();
  /** Per agent: the write under way, and the state waiting to be written after it (saves in between coalesce). */
  private readonly writing = new Map<string, { done: Promise<void>; next: PendingSave | null }>();

  constructor(private readonly dir: string) {}

  fileOf(agentId: string): string {
    return path.join(this.dir, `${encodeURIComponent(agentId)}.json`);
  }

  /** The agent's state, re-read when another process (e.g. the CLI) changed the file. */
  load(agentId: string): AgentReviewState {
    const cached = this.cache.get(agentId);
    // Our own save is on its way to the file: what is in memory is newer than the file.
    if (cached && this.writing.has(agentId)) return cached.state;
    const file = this.fileOf(agentId);
    let key = 'absent';
    try {
      key = keyOf(fs.statSync(file));
    } catch {
      // no state yet
    }
    if (cached && cached.key === key) return cached.state;
    let state: AgentReviewState = { version: 1, agentId, files: {}, checkpoints: [], baselineCommit: null, lineCounts: {} };
    if (key !== 'absent') state = lastState(fs.readFileSync(file, 'utf8'), file) ?? state;
    this.cache.set(agentId, { key, state });
    return state;
  }

  /**
   * Makes `state` the agent's state at once (load returns it) and writes it;
   * resolves once it is in the file. Saves made while a write is under way
   * go out together in one write after it, the last state winning.
   */
  save(state: AgentReviewState): Promise<void> {
    const keys = Object.keys(state.lineCounts);
    if (keys.length > MAX_CACHED_COUNTS) for (const k of keys.slice(0, keys.length - MAX_CACHED_COUNTS)) delete state.lineCounts[k];
    const agentId = state.agentId;
    const previousKey = this.cache.get(agentId)?.key ?? 'absent';
    this.cache.set(agentId, { key: previousKey, state });
    const current = this.writing.get(agentId);
    if (current?.next) {
      current.next.state = state;
      return current.next.written;
    }
    const pending = deferredSave(state);
    if (current) {
      current.next = pending;
      return pending.written;
    }
    const entry = { done: Promise.resolve(), next: pending as PendingSave | null };
    this.writing.set(agentId, entry);
    entry.done = this.drain(agentId, entry);
    return pending.written;
  }

  /** Resolves once every save made so far is in its file (or failed). */
  async flushed(): Promise<void> {
    await Promise.all([...this.writing.values()].map((w) => w.done));
  }

  /** Writes the queued saves of one agent one after another until none is left. */
  private async drain(agentId: string, entry: { next: PendingSave | null }): Promise<void> {
    try {
      while (entry.next) {
        const pending = entry.next;
        entry.next = null;
        try {
          const key = await this.append(agentId, JSON.stringify(pending.state));
          const cached = this.cache.get(agentId);
          if (cached?.state === pending.state) cached.key = key;
          pending.resolve();
        } catch (error) {
          pending.reject(error);
        }
      }
    } finally {
      this.writing.delete(agentId);
    }
  }

  /**
   * Appends one state line; returns the file's key after it. Synchronously:
   * the agent waits for this save in its write hooks, and open, write, stat
   * and close through the thread pool cost 1-2 ms on a busy machine where the
   * calls themselves take tens of microseconds (bench/supervisorOverhead).
   */
  private async append(agentId: string, json: string): Promise<string> {
    const file = this.fileOf(agentId);
    const fd = openForAppend(file);
    let st: fs.Stats;
    try {
      // The leading newline ends a line torn by an earlier failed write (an empty line is skipped).
      fs.writeSync(fd, `\n${json}\n`);
      st = fs.fstatSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (st.size < COMPACT_BYTES || st.size < COMPACT_STATES * json.length) return keyOf(st);
    // Grown large: rewrite it to the state just written (a rename, so never half-written).
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, `${json}\n`, { mode: 0o600 });
    await fs.promises.rename(tmp, file);
    return keyOf(await fs.promises.stat(file));
  }

  /** Every agent with review state (for a host that just started). */
  agentIds(): string[] {
    try {
      return fs
        .readdirSync(this.dir)
        .filter((n) => n.endsWith('.json'))
        .map((n) => decodeURIComponent(n.slice(0, -5)));
    } catch {
      return [];
    }
  }
}

interface PendingSave {
  state: AgentReviewState;
  written: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferredSave(state: AgentReviewState): PendingSave {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const written = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { state, written, resolve, reject };
}

function keyOf(st: { mtimeMs: number; size: number; ino: number }): string {
  return `${st.mtimeMs}:${st.size}:${st.ino}`;
}

/**
 * Opens the state file for appending (private to the user). Only the file's
 * own folder is made: when the review's folder is gone (home deleted or
 * unmounted), this fails (ENOENT) rather than make a home again (issue 13).
 */
function openForAppend(file: string): number {
  try {
    return fs.openSync(file, 'a', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fs.openSync(file, 'a', 0o600);
}

/**
 * The last whole state in a state file's text; null when there is none. A
 * last line with no newline that does not parse was torn by a failed write
 * and is skipped (an old-format file, one object with no newline, parses).
 */
export function lastState(text: string, file: string): AgentReviewState | null {
  let end = text.length;
  let garbled = false;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).trim();
    const torn = end === text.length && !text.endsWith('\n');
    end = start - 1;
    if (!line) continue;
    try {
      return JSON.parse(line) as AgentReviewState;
    } catch {
      if (!torn) garbled = true;
    }
  }
  if (garbled) throw new Error(`The review state ${file} holds no readable state.`);
  return null;
}
