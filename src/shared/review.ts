// Review of an agent's changes over the working tree (issue: review).

import type { FileChangeSummary } from './agent.js';

/** What the CLI says about a file whose diff hit the review's bound (FileChangeSummary.tooLarge). */
export const TOO_LARGE_NOTICE = 'too large to diff line by line: accept or reject the whole file';

export interface DiffHunk {
  /** 0-based index within the file's hunks; `--hunk N` and the UI use it. */
  index: number;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Unified-diff body lines, each starting with ' ', '+' or '-'. */
  lines: string[];
}

export interface FileDiff extends FileChangeSummary {
  hunks: DiffHunk[];
  /** Text of the baseline and of the file now, for a side-by-side view (null when binary or absent). */
  original?: string | null;
  modified?: string | null;
}

export interface Checkpoint {
  step: number;
  time: string;
  files: string[];
}
