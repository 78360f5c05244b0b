// Accepting a worktree agent's change means carrying it into the user's
// working tree, where the person may have edited the same file meanwhile.
// The agent's hunks (its baseline → its version) are applied to the user's
// file as it is now, with no fuzz: they apply when the lines they touch (and
// their context) are still as the agent saw them, wherever they moved; when
// the person changed those lines, the file is a conflict and is left as it
// is. A file is carried whole or not at all.

import { applyPatch, type StructuredPatch } from 'diff';
import type { DiffHunk, FileDiff } from '../../../shared/review.js';
import { textOrNull } from '../../../files/textFiles.js';

export type CarryOutcome =
  | { kind: 'write'; content: Buffer }
  | { kind: 'delete' }
  | { kind: 'unchanged' }
  | { kind: 'conflict'; reason: string };


function patchOf(hunks: DiffHunk[]): StructuredPatch {
  return {
    oldFileName: 'a',
    newFileName: 'b',
    oldHeader: undefined,
    newHeader: undefined,
    hunks: hunks.map((h) => ({ oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines })),
  };
}

/**
 * What to do to the user's file to take in the agent's change.
 * `userFile`: the user's bytes now (null: absent); `agentFile`: the agent's
 * bytes in its worktree (null: it deleted the file); `hunks`: the hunks being
 * accepted (all of the file's, or one).
 */
export function carryFile(diff: FileDiff, hunks: DiffHunk[], userFile: Buffer | null, agentFile: Buffer | null): CarryOutcome {
  if (diff.status === 'added') {
    if (userFile === null) return agentFile ? { kind: 'write', content: agentFile } : { kind: 'unchanged' };
    if (agentFile && userFile.equals(agentFile)) return { kind: 'unchanged' };
    return { kind: 'conflict', reason: 'the agent created this file, and a file of that name now exists in your working tree with other content' };
  }
  if (userFile === null) {
    return diff.status === 'deleted'
      ? { kind: 'unchanged' }
      : { kind: 'conflict', reason: 'you deleted this file in your working tree after the agent started' };
  }
  if (agentFile && userFile.equals(agentFile)) return { kind: 'unchanged' };
  if (diff.binary) {
    return { kind: 'conflict', reason: 'a binary file changed in both places; copy the agent\'s version from its worktree by hand if you want it' };
  }
  const text = textOrNull(userFile);
  if (text === null) return { kind: 'conflict', reason: 'your version is no longer text' };
  const result = applyPatch(text, patchOf(hunks));
  if (result === false) {
    return { kind: 'conflict', reason: 'you changed the same lines in your working tree; the agent\'s hunks no longer apply' };
  }
  if (diff.status === 'deleted' && result === '') return { kind: 'delete' };
  return { kind: 'write', content: Buffer.from(result, 'utf8') };
}
