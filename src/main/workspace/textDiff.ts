// Line diffs between a baseline and the file now, and applying or reverting
// one hunk, with the `diff` package (Myers line diff, unified hunks).
//
// Myers' cost grows with (size x edits): a 16,000-line rewrite took 53 s and
// froze the host (issue 13). So every diff is bounded: past
// MAX_EDIT_LENGTH edited lines (or DIFF_TIME_LIMIT_MS) the file is reported
// as too large to diff line by line (`tooLarge`), with counts from a linear
// line-multiset comparison, and is accepted or rejected as a whole. Diffs of
// more than INLINE_DIFF_MAX_LINES lines run on a worker thread (diffWorker.ts),
// so even a bounded one never holds the host's event loop.

import { applyPatch, reversePatch, structuredPatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';
import type { DiffHunk } from '../../shared/review.js';
import { textOrNull } from '../../files/textFiles.js';

/** Above this, files are listed as changed but not diffed as text (like binaries). */
export const MAX_TEXT_DIFF_BYTES = 8 * 1024 * 1024;
/** Side-by-side text (FileDiff.original/modified) is included only below this. */
export const MAX_SIDE_BY_SIDE_BYTES = 2 * 1024 * 1024;


/**
 * The text of some bytes, or null when they are not diffable text: a NUL in
 * the first 8000 bytes (git's rule), invalid UTF-8 (a hunk edit could not
 * round-trip the bytes), or too large.
 */
export function textOf(content: Buffer | null): string | null {
  if (content === null) return '';
  if (content.length > MAX_TEXT_DIFF_BYTES) return null;
  return textOrNull(content);
}

/** Above this many inserted plus deleted lines, a file is too large to diff line by line. */
export const MAX_EDIT_LENGTH = 2000;
/** A second bound, for pathological inputs where even MAX_EDIT_LENGTH edits take long. */
export const DIFF_TIME_LIMIT_MS = 1500;
/** Diffs of more lines (both sides together) than this run on the worker thread. */
export const INLINE_DIFF_MAX_LINES = 600;

/** A file's line diff, or the notice that it was too large to compute. */
export interface TextDiffResult {
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
  /** True when the bound was hit: `hunks` is empty and the counts are estimates. */
  tooLarge: boolean;
}

/** The hunks, or null when the diff would need more than MAX_EDIT_LENGTH edits (or DIFF_TIME_LIMIT_MS). */
export function diffHunks(oldText: string, newText: string): DiffHunk[] | null {
  const patch = structuredPatch('a', 'b', oldText, newText, undefined, undefined, {
    context: 3,
    maxEditLength: MAX_EDIT_LENGTH,
    timeout: DIFF_TIME_LIMIT_MS,
  });
  if (!patch) return null;
  return patch.hunks.map((h, index) => ({ index, oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines }));
}

/** The bounded diff of two texts, on this thread. */
export function diffTextsNow(oldText: string, newText: string): TextDiffResult {
  if (oldText === newText) return { hunks: [], additions: 0, deletions: 0, tooLarge: false };
  const hunks = diffHunks(oldText, newText);
  if (hunks) return { hunks, ...countLines(hunks), tooLarge: false };
  return { hunks: [], ...countChangedLines(oldText, newText), tooLarge: true };
}

function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The bounded diff of two texts; big ones on the diff worker thread, so the caller's event loop stays free. */
export async function diffTexts(oldText: string, newText: string): Promise<TextDiffResult> {
  if (oldText === newText) return { hunks: [], additions: 0, deletions: 0, tooLarge: false };
  if (lineCount(oldText) + lineCount(newText) <= INLINE_DIFF_MAX_LINES) return diffTextsNow(oldText, newText);
  const { diffOnWorker } = await import('./diffWorkerClient.js');
  return diffOnWorker(oldText, newText);
}

/**
 * Lines added and deleted, counted as a multiset difference of lines (linear
 * time): exact for edits without moved lines, a lower bound otherwise.
 */
export function countChangedLines(oldText: string, newText: string): { additions: number; deletions: number } {
  const seen = new Map<string, number>();
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  for (const line of oldLines) seen.set(line, (seen.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of newLines) {
    const left = seen.get(line) ?? 0;
    if (left > 0) seen.set(line, left - 1);
    else additions++;
  }
  return { additions, deletions: oldLines.length - (newLines.length - additions) };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function countLines(hunks: DiffHunk[]): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const h of hunks) {
    for (const line of h.lines) {
      if (line.startsWith('+')) additions++;
      else if (line.startsWith('-')) deletions++;
    }
  }
  return { additions, deletions };
}

function patchOf(hunk: DiffHunk): StructuredPatch {
  const h: StructuredPatchHunk = { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines: hunk.lines };
  return { oldFileName: 'a', newFileName: 'b', oldHeader: undefined, newHeader: undefined, hunks: [h] };
}

/** The baseline with one hunk of the agent's change taken in (accepting that hunk). */
export function applyHunk(baseText: string, hunk: DiffHunk): string {
  const out = applyPatch(baseText, patchOf(hunk));
  if (out === false) throw new Error(`hunk ${hunk.index} no longer applies to the baseline`);
  return out;
}

/** The file now with one hunk of the agent's change taken out (rejecting that hunk). */
export function revertHunk(currentText: string, hunk: DiffHunk): string {
  const out = applyPatch(currentText, reversePatch(patchOf(hunk)));
  if (out === false) throw new Error(`hunk ${hunk.index} no longer applies to the file`);
  return out;
}

/** A git-style unified diff of several files (for `offload diff ID` without --json). */
export function formatUnifiedDiff(files: { path: string; status: 'added' | 'modified' | 'deleted'; binary?: boolean; hunks: DiffHunk[] }[]): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(`diff --git a/${f.path} b/${f.path}`);
    if (f.status === 'added') out.push('new file');
    if (f.status === 'deleted') out.push('deleted file');
    if (f.binary) {
      out.push(`Binary files ${f.status === 'added' ? '/dev/null' : 'a/' + f.path} and ${f.status === 'deleted' ? '/dev/null' : 'b/' + f.path} differ`);
      continue;
    }
    if (f.hunks.length === 0) continue;
    out.push(`--- ${f.status === 'added' ? '/dev/null' : 'a/' + f.path}`);
    out.push(`+++ ${f.status === 'deleted' ? '/dev/null' : 'b/' + f.path}`);
    for (const h of f.hunks) {
      out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
      out.push(...h.lines);
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}
