// Fuzzy matching of file paths for quick open (fuzzysort: Sublime-like
// scoring). The file's name weighs more than its folders: "edtab" finds
// src/editor/EditorTabs.tsx before a folder "ed/tab/".
//
// Speed (bench/editor.ts, 50,000 paths): the paths go into one fuzzysort
// snapshot, made once per file list. A snapshot keeps the rows the last query
// matched, so typing one more character searches only those (incremental
// narrowing), and with no score function and no threshold fuzzysort prunes
// rows that cannot beat the current top results. The name's weight is applied
// afterwards, to a few hundred best rows only. (Two prepared keys per path with
// a score function, as before, cost ~50 ms a keystroke there.)

import fuzzysort, { type Result } from 'fuzzysort';

export interface FileMatch {
  path: string;
  /** Indexes of the matched characters in path. */
  indexes: readonly number[];
}

export interface FileMatcher {
  readonly size: number;
  match(query: string, limit?: number): FileMatch[];
}

/** How many of fuzzysort's best rows are re-ranked by the name's weight. */
const RERANK = 200;
/** A match in the file's name counts this much more than one across folders. */
const NAME_WEIGHT = 1.2;
/** Below this (fuzzysort's 0..1 score), a match is noise: letters scattered over a long path. */
const MIN_SCORE = 0.1;

export function createFileMatcher(paths: readonly string[]): FileMatcher {
  const snapshot = fuzzysort.snapshot(paths);
  // The snapshot builds its index on its first query: pay for that here, when the list arrives, not on the first keystroke.
  fuzzysort.go('a', snapshot, { limit: 1 });
  return {
    size: paths.length,
    match(query, limit = 50) {
      const q = query.trim();
      if (!q) return paths.slice(0, limit).map((path) => ({ path, indexes: [] }));
      const best = fuzzysort.go(q, snapshot, { limit: Math.max(limit, RERANK), threshold: 0 });
      const ranked: { path: string; score: number; indexes: readonly number[] }[] = [];
      for (const hit of best) {
        const ranks = rank(q, hit);
        if (ranks.score >= MIN_SCORE) ranked.push(ranks);
      }
      ranked.sort((a, b) => b.score - a.score || a.path.length - b.path.length);
      return ranked.slice(0, limit).map(({ path, indexes }) => ({ path, indexes }));
    },
  };
}

/** The path's score: its whole-path match, or its name's match weighted up, whichever is higher. */
function rank(query: string, hit: Result): { path: string; score: number; indexes: readonly number[] } {
  const path = hit.target;
  const nameOffset = path.lastIndexOf('/') + 1;
  // A file at the root: its name is the whole path.
  if (nameOffset === 0) return { path, score: hit.score * NAME_WEIGHT, indexes: hit.indexes };
  const name = fuzzysort.single(query, path.slice(nameOffset));
  if (name && name.score * NAME_WEIGHT >= hit.score) {
    return { path, score: name.score * NAME_WEIGHT, indexes: name.indexes.map((i) => i + nameOffset) };
  }
  return { path, score: hit.score, indexes: hit.indexes };
}
