// Fuzzy matching of file paths for quick open (fuzzysort: Sublime-like
// scoring, prepared once per file list). The file's name weighs more than its
// folders: "edtab" finds src/editor/EditorTabs.tsx before a folder "ed/tab/".

import fuzzysort, { type KeysOptions, type KeysResult, type Prepared } from 'fuzzysort';

export interface FileMatch {
  path: string;
  /** Indexes of the matched characters in path. */
  indexes: readonly number[];
}

export interface FileMatcher {
  readonly size: number;
  match(query: string, limit?: number): FileMatch[];
}

interface Entry {
  path: string;
  name: Prepared;
  full: Prepared;
  nameOffset: number;
}

export function createFileMatcher(paths: readonly string[]): FileMatcher {
  const entries: Entry[] = paths.map((path) => {
    const nameOffset = path.lastIndexOf('/') + 1;
    return { path, name: fuzzysort.prepare(path.slice(nameOffset)), full: fuzzysort.prepare(path), nameOffset };
  });
  return {
    size: entries.length,
    match(query, limit = 50) {
      const q = query.trim();
      if (!q) return entries.slice(0, limit).map((e) => ({ path: e.path, indexes: [] }));
      const options: KeysOptions<Entry> = {
        keys: ['name', 'full'],
        limit,
        threshold: 0.1,
        // The name counts more than the whole path.
        scoreFn: (r: KeysResult<Entry>) => Math.max((r[0]?.score ?? 0) * 1.2, r[1]?.score ?? 0),
      };
      const results = fuzzysort.go(q, entries, options);
      return results.map((r: KeysResult<Entry>) => {
        const nameHit = r[0];
        const indexes = nameHit && nameHit.score * 1.2 >= (r[1]?.score ?? 0) ? nameHit.indexes.map((i) => i + r.obj.nameOffset) : (r[1]?.indexes ?? []);
        return { path: r.obj.path, indexes };
      });
    },
  };
}
