// Line diffs between a baseline and the file now, and applying or reverting
// one hunk, with the `diff` package (Myers line diff, unified hunks).

import { applyPatch, reversePatch, structuredPatch, type StructuredPatch, type StructuredPatchHunk } from 'diff';
import type { DiffHunk } from '../../shared/review.js';

/** Above this, files are listed as changed but not diffed as text (like binaries). */
export const MAX_TEXT_DIFF_BYTES = 8 * 1024 * 1024;
/** Side-by-side text (FileDiff.original/modified) is included only below this. */
export const MAX_SIDE_BY_SIDE_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of some bytes, or null when they are not diffable text: a NUL in
 * the first 8000 bytes (git's rule), invalid UTF-8 (a hunk edit could not
 * round-trip the bytes), or too large.
 */
export function textOf(content: Buffer | null): string | null {
  if (content === null) return '';
  if (content.length > MAX_TEXT_DIFF_BYTES) return null;
  if (content.subarray(0, 8000).includes(0)) return null;
  try {
    return utf8.decode(content);
  } catch {
    return null;
  }
}

export function diffHunks(oldText: string, newText: string): DiffHunk[] {
  const patch = structuredPatch('a', 'b', oldText, newText, undefined, undefined, { context: 3 });
  return patch.hunks.map((h, index) => ({ index, oldStart: h.oldStart, oldLines: h.oldLines, newStart: h.newStart, newLines: h.newLines, lines: h.lines }));
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
