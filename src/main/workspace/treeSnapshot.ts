// A snapshot index of the workspace: path -> {stat, blob id}, refreshed
// incrementally. Around an agent's shell command we refresh it before and
// after; the paths whose blob changed are what the command changed, and the
// "before" blob is the baseline. Refreshing costs one stat per file; only files
// whose stat changed are read and hashed. Content is always recoverable: a file
// clean against the user's git index points at the user's blob (read-only);
// any other file is copied into the shadow store when hashed.
//
// What is walked: everything except `.git`, any `node_modules` folder and
// paths ignored by .gitignore files (plus .git/info/exclude). Ignored output
// such as node_modules or build folders is regenerable and is not reviewed:
// `npm install` shows up as its package.json / package-lock.json changes.
// Files tracked by the user's git are walked even when a .gitignore matches them.

import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { blobOid, type ShadowStore } from './shadowStore.js';
import { readUserIndex, statMatchesIndex, type UserIndexEntry, type UserRepo } from './userGit.js';

export interface SnapshotEntry {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
  /** lstat mode (file type and permission bits). */
  mode: number;
  oid: string;
  /** The content lives in the user's git objects, not (yet) in the shadow store. */
  inUserGit: boolean;
}

export type Snapshot = ReadonlyMap<string, SnapshotEntry>;

/** Entries modified this close to the walk are re-hashed next time (coarse mtime clocks). */
const RACY_MS = 2000;
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
const sep = path.sep;
const YIELD_EVERY = 2000;
/**
 * After the first build, the index file is rewritten at most this often (and
 * on dispose): it is only a cache, so a lost write costs some re-hashing after
 * a crash, never a wrong answer, and rewriting megabytes on every command would.
 */
const SAVE_DELAY_MS = 30_000;

export class TreeSnapshotter {
  private current: Map<string, SnapshotEntry> = new Map();
  private loaded = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private statsSinceYield = 0;
  private savedOnce = false;
  private readonly ignores = new Map<string, { key: string; ig: Ignore }>();
  private userIndex: { key: string; entries: Map<string, UserIndexEntry> } | null = null;

  constructor(
    private readonly workspace: string,
    private readonly store: ShadowStore,
    private readonly repo: UserRepo | null,
    private readonly file: string,
    /** Absolute folders never walked (e.g. Offload's own state when it sits inside the workspace). */
    private readonly excluded: string[] = [],
  ) {}

  private lock: Promise<unknown> = Promise.resolve();

  /** Walks the tree, re-hashing only files whose stat changed, and returns the new snapshot (one walk at a time). */
  refresh(): Promise<Snapshot> {
    const run = this.lock.then(() => this.walkAndHash());
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async walkAndHash(): Promise<Snapshot> {
    this.load();
    const previous = this.current;
    const index = this.readIndex();
    const next = new Map<string, SnapshotEntry>();
    const walkStart = Date.now();
    const toHash: { rel: string; abs: string; st: fs.Stats }[] = [];
    await this.walk(this.workspace, '', [], index, (rel, abs, st) => {
      const old = previous.get(rel);
      if (old && sameStat(old, st)) {
        next.set(rel, old);
        return;
      }
      const indexed = index?.get(rel);
      if (indexed && st.isFile() && statMatchesIndex(indexed, st)) {
        next.set(rel, entryOf(st, indexed.oid, true, walkStart));
        return;
      }
      toHash.push({ rel, abs, st });
    });
    for (const { rel, abs, st } of toHash) {
      let content: Buffer;
      try {
        content = st.isSymbolicLink() ? Buffer.from(fs.readlinkSync(abs)) : fs.readFileSync(abs);
      } catch {
        continue; // vanished while we walked
      }
      const oid = await this.store.putBlob(content);
      next.set(rel, entryOf(st, oid, false, walkStart));
    }
    let changed = toHash.length > 0 || next.size !== previous.size;
    if (!changed) for (const k of previous.keys()) if (!next.has(k)) { changed = true; break; }
    this.current = next;
    if (changed) this.scheduleSave();
    return next;
  }

  /** Writes a pending save now (on dispose). */
  flush(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      this.save();
    }
  }

  private scheduleSave(): void {
    if (!this.savedOnce) {
      this.savedOnce = true;
      this.save();
      return;
    }
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private readIndex(): Map<string, UserIndexEntry> | null {
    if (!this.repo || !this.repo.blobsAreWorktreeBytes) return null;
    let key = '';
    try {
      const st = fs.statSync(path.join(this.repo.gitdir, 'index'));
      key = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return null;
    }
    if (this.userIndex?.key !== key) this.userIndex = { key, entries: readUserIndex(this.repo) };
    return this.userIndex.entries;
  }

  /**
   * Synchronous readdir/lstat are the fastest way to stat many files from
   * Node, but a long walk would hold up the host's event loop, so the walk
   * yields every YIELD_EVERY files.
   */
  private async walk(
    abs: string,
    rel: string,
    matchers: { base: string; ig: Ignore }[],
    index: Map<string, UserIndexEntry> | null,
    visit: (rel: string, abs: string, st: fs.Stats) => void,
  ): Promise<void> {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    let here = matchers;
    if (rel === '' && this.repo) {
      const ig = this.ignoreFile(path.join(this.repo.commondir, 'info', 'exclude'));
      if (ig) here = [{ base: '', ig }, ...here];
    }
    if (names.some((d) => d.name === '.gitignore' && !d.isDirectory())) {
      const ig = this.ignoreFile(path.join(abs, '.gitignore'));
      if (ig) here = [...here, { base: rel, ig }];
    }
    const noMatchers = here.length === 0;
    for (const d of names) {
      const name = d.name;
      if (ALWAYS_SKIPPED.has(name)) continue;
      const childRel = rel === '' ? name : rel + '/' + name;
      const childAbs = abs + sep + name;
      const isDir = d.isDirectory();
      if (isDir && this.excluded.includes(childAbs)) continue;
      if (!noMatchers && isIgnored(here, childRel, isDir) && !(index?.has(childRel) ?? false)) continue;
      if (isDir) {
        await this.walk(childAbs, childRel, here, index, visit);
        continue;
      }
      const st = fs.lstatSync(childAbs, { throwIfNoEntry: false });
      if (st && (st.isFile() || st.isSymbolicLink())) visit(childRel, childAbs, st);
      if (++this.statsSinceYield >= YIELD_EVERY) {
        this.statsSinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  /**
   * The matcher for one ignore file, kept across refreshes while the file is
   * unchanged: the `ignore` package caches each path's answer, which makes
   * every walk after the first several times cheaper.
   */
  private ignoreFile(file: string): Ignore | null {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) return null;
    const key = `${st.mtimeMs}:${st.size}`;
    const cached = this.ignores.get(file);
    if (cached?.key === key) return cached.ig;
    let ig: Ignore;
    try {
      ig = ignore().add(fs.readFileSync(file, 'utf8'));
    } catch {
      return null;
    }
    this.ignores.set(file, { key, ig });
    return ig;
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { version: number; entries: [string, number, number, number, number, number, string, number][] };
      if (data.version !== 1) return;
      // A wiped or replaced store means the index names objects we no longer
      // have: sample a few entries rather than checking all of them.
      const ours = data.entries.filter((e) => e[7] === 0);
      for (let i = 0; i < ours.length; i += Math.max(1, Math.floor(ours.length / 16))) {
        if (!this.store.has(ours[i]![6])) return;
      }
      for (const [p, mtimeMs, ctimeMs, size, ino, mode, oid, u] of data.entries) {
        this.current.set(p, { mtimeMs, ctimeMs, size, ino, mode, oid, inUserGit: u === 1 });
      }
    } catch {
      // first run, or an unreadable index: start empty (everything is re-hashed once)
    }
  }

  private save(): void {
    const entries = [...this.current].map(([p, e]) => [p, e.mtimeMs, e.ctimeMs, e.size, e.ino, e.mode, e.oid, e.inUserGit ? 1 : 0]);
    writeFileAtomic(this.file, JSON.stringify({ version: 1, entries }));
  }
}

function isIgnored(matchers: { base: string; ig: Ignore }[], rel: string, isDir: boolean): boolean {
  // The deepest .gitignore that has an opinion wins, as in git.
  for (let i = matchers.length - 1; i >= 0; i--) {
    const { base, ig } = matchers[i]!;
    const sub = base === '' ? rel : rel.slice(base.length + 1);
    const result = ig.test(isDir ? sub + '/' : sub);
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

function sameStat(e: SnapshotEntry, st: fs.Stats): boolean {
  return e.mtimeMs === st.mtimeMs && e.ctimeMs === st.ctimeMs && e.size === st.size && e.ino === st.ino && e.mode === st.mode;
}

function entryOf(st: fs.Stats, oid: string, inUserGit: boolean, walkStart: number): SnapshotEntry {
  const racy = st.mtimeMs >= walkStart - RACY_MS;
  return { mtimeMs: racy ? -1 : st.mtimeMs, ctimeMs: st.ctimeMs, size: st.size, ino: st.ino, mode: st.mode, oid, inUserGit };
}

/** Whether two snapshot entries (or absences) hold different content or executable bit. */
export function entryChanged(a: SnapshotEntry | undefined, b: SnapshotEntry | undefined): boolean {
  if (!a || !b) return a !== b;
  return a.oid !== b.oid || gitMode(a.mode) !== gitMode(b.mode);
}

/** Git's file mode for an lstat mode: symlink, executable or plain. */
export function gitMode(statMode: number): number {
  if ((statMode & 0o170000) === 0o120000) return 0o120000;
  return statMode & 0o111 ? 0o100755 : 0o100644;
}

export function writeFileAtomic(file: string, content: string): void {
  // Review state lives under OFFLOAD_HOME: the user's alone (700/600). Only the file's own
  // folder is made: when the review's folder is gone (home deleted or unmounted), this fails
  // (ENOENT) rather than make a home again (issue 13).
  try {
    fs.mkdirSync(path.dirname(file), { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export { blobOid };
