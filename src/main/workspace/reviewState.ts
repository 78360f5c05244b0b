// What review remembers per agent, persisted as one small JSON file per agent
// under <stateDir>/review/agents/ (atomically replaced), next to the shadow
// object store that holds the contents those records name by blob id.

import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './treeSnapshot.js';

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

export function sameState(a: FileState | null | undefined, b: FileState | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.oid === b.oid && a.mode === b.mode;
}

export class AgentStateFiles {
  private readonly cache = new Map<string, { key: string; state: AgentReviewState }>();

  constructor(private readonly dir: string) {}

  fileOf(agentId: string): string {
    return path.join(this.dir, `${encodeURIComponent(agentId)}.json`);
  }

  /** The agent's state, re-read when another process (e.g. the CLI) changed the file. */
  load(agentId: string): AgentReviewState {
    const file = this.fileOf(agentId);
    let key = 'absent';
    try {
      const st = fs.statSync(file);
      key = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      // no state yet
    }
    const cached = this.cache.get(agentId);
    if (cached && cached.key === key) return cached.state;
    let state: AgentReviewState = { version: 1, agentId, files: {}, checkpoints: [], baselineCommit: null, lineCounts: {} };
    if (key !== 'absent') state = JSON.parse(fs.readFileSync(file, 'utf8')) as AgentReviewState;
    this.cache.set(agentId, { key, state });
    return state;
  }

  save(state: AgentReviewState): void {
    const keys = Object.keys(state.lineCounts);
    if (keys.length > MAX_CACHED_COUNTS) for (const k of keys.slice(0, keys.length - MAX_CACHED_COUNTS)) delete state.lineCounts[k];
    const file = this.fileOf(state.agentId);
    writeFileAtomic(file, JSON.stringify(state));
    const st = fs.statSync(file);
    this.cache.set(state.agentId, { key: `${st.mtimeMs}:${st.size}:${st.ino}`, state });
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
