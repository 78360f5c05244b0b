// Fuzzy matching of file paths for quick open (fuzzysort: Sublime-like
// scoring). The file's name weighs more than its folders: "edtab" finds
// src/editor/EditorTabs.tsx before a folder "ed/tab/".
//
// Speed (bench/editor.ts, 50,000 paths; target < 30 ms a keystroke): fuzzysort
// scores every path it is given, ~1-5 µs each, so a short query that matches
// all 50,000 paths ("c", "pkg") cost 50-600 ms a keystroke. So the work is
// bounded: a cheap pass over the paths (native indexOf and a subsequence test,
// shortest paths first) sorts them into tiers (the name starts with the query;
// contains it; the path contains it; the name, then the path, has its letters
// in order) and keeps at most CANDIDATES of them, best tier first, stopping as
// soon as the best tier is full. Only those are scored by fuzzysort and
// re-ranked with the name's weight. A query that extends an earlier one passes
// over only the paths that one matched; the last 16 queries' results are kept.

import fuzzysort, { type Prepared, type Result } from 'fuzzysort';

export interface FileMatch {
  path: string;
  /** Indexes of the matched characters in path. */
  indexes: readonly number[];
}

export interface FileMatcher {
  readonly size: number;
  /** The best matches, best first: at most `limit` (default 50, at most 200). */
  match(query: string, limit?: number): FileMatch[];
}

/** How many paths the cheap pass hands to fuzzysort at most. */
const CANDIDATES = 500;
/** How many of fuzzysort's best rows are re-ranked by the name's weight (and the most a match returns). */
const RERANK = 200;
/** How many recent queries' passes are kept. */
const KEPT_QUERIES = 16;
/** A match in the file's name counts this much more than one across folders. */
const NAME_WEIGHT = 1.2;
/** Below this (fuzzysort's 0..1 score), a match is noise: letters scattered over a long path. */
const MIN_SCORE = 0.1;
const TIERS = 5;

interface Entry {
  path: string;
  /** The path in lower case. */
  lower: string;
  /** The file's name in lower case. */
  name: string;
  prepared: Prepared | null;
}

export function createFileMatcher(paths: readonly string[]): FileMatcher {
  // Shortest first (a stable sort keeps the list's order among equals): among
  // equally good candidates the pass keeps the short ones, as fuzzysort would rank them.
  const entries: Entry[] = paths
    .map((path) => {
      const lower = path.toLowerCase();
      return { path, lower, name: lower.slice(lower.lastIndexOf('/') + 1), prepared: null };
    })
    .sort((a, b) => a.path.length - b.path.length);
  // Typing narrows: paths without an earlier query's letters in order cannot
  // have a longer query's. The last few queries are kept (erasing a letter,
  // or typing a query again, costs nothing), and a new one starts from the
  // kept query it extends that left the fewest paths.
  const kept = new Map<string, Pass>();
  return {
    size: paths.length,
    match(query, limit = 50) {
      const q = query.trim();
      if (!q) return paths.slice(0, limit).map((path) => ({ path, indexes: [] }));
      const lower = q.toLowerCase();
      let pass = kept.get(lower);
      if (pass) kept.delete(lower);
      else {
        let base: Pass | null = null;
        for (const [earlier, earlierPass] of kept) {
          if (lower.startsWith(earlier) && (!base || earlierPass.pool.length < base.pool.length)) base = earlierPass;
        }
        const { candidates, pool } = candidatesFor(base?.pool ?? entries, lower);
        pass = { pool, ranked: rankAll(q, candidates) };
      }
      kept.set(lower, pass);
      if (kept.size > KEPT_QUERIES) kept.delete(kept.keys().next().value!);
      return pass.ranked.slice(0, limit).map(({ path, indexes }) => ({ path, indexes }));
    },
  };
}

interface Ranked {
  path: string;
  score: number;
  indexes: readonly number[];
}

interface Pass {
  /** The paths a longer query can start from. */
  pool: readonly Entry[];
  /** The best RERANK matches, best first. */
  ranked: Ranked[];
}

function rankAll(query: string, candidates: Prepared[]): Ranked[] {
  const best = fuzzysort.go(query, candidates, { limit: RERANK, threshold: 0 });
  const ranked: Ranked[] = [];
  for (const hit of best) {
    const ranks = rank(query, hit);
    if (ranks.score >= MIN_SCORE) ranked.push(ranks);
  }
  // Equal scores in a stable order (shorter, then alphabetical), so the list does not shuffle as one types.
  ranked.sort((a, b) => b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return ranked;
}

/**
 * At most CANDIDATES paths that contain the query's letters in order, best
 * tier first; and the pool a longer query can start from (the paths that
 * matched, and those not looked at).
 */
function candidatesFor(entries: readonly Entry[], query: string): { candidates: Prepared[]; pool: readonly Entry[] } {
  const tiers: Entry[][] = Array.from({ length: TIERS }, () => []);
  const matched: Entry[] = [];
  // A query of several words (fuzzysort matches each word, in any order): every word's letters in order.
  const words = query.split(/\s+/);
  let pool: Entry[] | null = null;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const tier = words.length > 1 ? (words.every((w) => inOrder(entry.lower, w)) ? TIERS - 1 : -1) : tierOf(entry, query);
    if (tier < 0) continue;
    matched.push(entry);
    const bucket = tiers[tier]!;
    if (bucket.length < CANDIDATES) bucket.push(entry);
    // The best tier is full: nothing later can be better (and later paths are longer).
    if (tier === 0 && bucket.length === CANDIDATES) {
      pool = matched.concat(entries.slice(i + 1));
      break;
    }
  }
  const candidates: Prepared[] = [];
  for (const entry of tiers.flat()) {
    if (candidates.length === CANDIDATES) break;
    candidates.push((entry.prepared ??= fuzzysort.prepare(entry.path)));
  }
  return { candidates, pool: pool ?? matched };
}

// One indexOf decides most paths (contiguous matches, and most misses); the
// in-order tests run only on paths without the query as one piece.
function tierOf(entry: Entry, query: string): number {
  const at = entry.lower.indexOf(query);
  if (at < 0) {
    if (query.length === 1 || !inOrder(entry.lower, query)) return -1;
    return inOrder(entry.name, query) ? 3 : 4;
  }
  const nameAt = entry.lower.length - entry.name.length;
  // The first occurrence is in the name: it starts there, or it is further in.
  if (at >= nameAt) return at === nameAt ? 0 : 1;
  // The first occurrence is in a folder: the name may have it too.
  const inName = entry.name.indexOf(query);
  return inName === 0 ? 0 : inName > 0 ? 1 : 2;
}

/** The query's characters appear in the text in order (what a fuzzy match needs at least). */
function inOrder(text: string, query: string): boolean {
  let from = 0;
  for (let i = 0; i < query.length; i++) {
    const at = text.indexOf(query[i]!, from);
    if (at < 0) return false;
    from = at + 1;
  }
  return true;
}

/** The path's score: its whole-path match, or its name's match weighted up, whichever is higher. */
function rank(query: string, hit: Result): Ranked {
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
