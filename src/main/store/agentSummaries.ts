// A small summary beside each agent's log (agents/<id>/summary.json): the
// agent's record as folded from the first `logBytes` bytes of its log. A host
// starting on a workspace with 500 agents in its history reads 500 small
// files instead of folding 500 full logs (issue 11: `offload serve` to an
// interactive Composer under 1 s, whatever the history).
//
// The log stays the only truth; a summary is a cache of its fold, trusted only
// while it provably matches the log:
// - the log has exactly `logBytes` bytes and the mtime it had: the record as stored;
// - the log grew (a crash after appending, before the summary was written, or
//   another process appended since): the events after `logBytes` are folded
//   onto the stored record, if they continue it (`logBytes` ends a line and the
//   first new event is lastSeq + 1);
// - anything else (a shorter or rewritten log, a summary of another release or
//   format, an unreadable file): the whole log is folded, as without summaries.
// Written atomically (a private temp file renamed into place); a summary that
// cannot be written only costs the next start a full read.

import { createHash, randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AgentRecord } from '../../shared/agent.js';
import { applyEvent, emptyRecord } from '../../shared/reduceAgent.js';
import { agentDir } from './homePaths.js';

/** Bumped when the stored shape changes; the release (package version) covers changes to the fold itself. */
export const SUMMARY_FORMAT = 1;

export interface AgentSummary {
  format: number;
  /** The Offload release whose fold made the record (another release folds again). */
  release: string;
  /** Bytes of the log the record folds: always the end of a whole line. */
  logBytes: number;
  /** The log's mtime when it had exactly those bytes. */
  logMtimeMs: number;
  record: AgentRecord;
}

/**
 * What a summary must have been made by to be used: this release, and the
 * same fold (its code's text, so a build from a checkout whose reducer
 * changed does not trust records folded by the old one).
 */
export function summaryRelease(version: string): string {
  const fold = createHash('sha256').update(String(emptyRecord)).update(String(applyEvent)).digest('hex').slice(0, 12);
  return `${version}+${fold}`;
}

export function summaryPath(stateDir: string, agentId: string): string {
  return join(agentDir(stateDir, agentId), 'summary.json');
}

/** The agent's summary when it is one this release wrote and can use, else null. */
export async function readSummary(stateDir: string, agentId: string, release: string): Promise<AgentSummary | null> {
  let value: Partial<AgentSummary>;
  try {
    value = JSON.parse(await readFile(summaryPath(stateDir, agentId), 'utf8')) as Partial<AgentSummary>;
  } catch {
    return null; // none yet, torn by a crash, or unreadable: the log is folded instead
  }
  if (value?.format !== SUMMARY_FORMAT || value.release !== release) return null;
  if (!Number.isInteger(value.logBytes) || (value.logBytes as number) < 0 || typeof value.logMtimeMs !== 'number') return null;
  const record = value.record;
  if (typeof record !== 'object' || record === null || record.id !== agentId || typeof record.lastSeq !== 'number') return null;
  return value as AgentSummary;
}

/** Stores the summary (best effort: a cache that cannot be written is folded again next time). */
export async function writeSummary(stateDir: string, agentId: string, summary: Omit<AgentSummary, 'format'>): Promise<void> {
  const path = summaryPath(stateDir, agentId);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify({ format: SUMMARY_FORMAT, ...summary }), { mode: 0o600 });
    await rename(temp, path);
  } catch {
    await unlink(temp).catch(() => undefined);
  }
}
