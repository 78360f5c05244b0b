// Read-only access to the user's own git repository, used only as a source of
// file contents we do not have to copy: a file whose stat matches its entry in
// the user's index is byte-for-byte the blob named there, so a snapshot of the
// tree can point at that blob instead of storing the file again. Nothing here
// ever writes under the user's .git.

import fs from 'node:fs';
import path from 'node:path';

export interface UserIndexEntry {
  oid: string;
  mode: number;
  size: number;
  ino: number;
  /** Modification time in milliseconds, as Node reports it (fractional). */
  mtimeMs: number;
}

export interface UserRepo {
  /** Folder holding the work tree's .git entry. */
  root: string;
  /** The work tree's gitdir (index lives here). */
  gitdir: string;
  /** Where objects live (differs from gitdir for linked worktrees). */
  commondir: string;
  /** Workspace path relative to root, posix, '' when the workspace is the root. */
  prefix: string;
  /**
   * False when the repo may rewrite content between work tree and blob
   * (autocrlf, filters, eol attributes, sha256): then blobs are not the
   * worktree bytes and we never use them as a content source.
   */
  blobsAreWorktreeBytes: boolean;
}

/** Finds the git repository holding `workspace`, if any. */
export function findUserRepo(workspace: string): UserRepo | null {
  let dir = path.resolve(workspace);
  for (;;) {
    const dotGit = path.join(dir, '.git');
    let gitdir: string | null = null;
    try {
      const st = fs.statSync(dotGit);
      if (st.isDirectory()) gitdir = dotGit;
      else if (st.isFile()) {
        const m = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
        if (m) gitdir = path.resolve(dir, m[1]!.trim());
      }
    } catch {
      // no .git here
    }
    if (gitdir) {
      let commondir = gitdir;
      try {
        commondir = path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim());
      } catch {
        // not a linked worktree
      }
      const prefix = path.relative(dir, path.resolve(workspace)).split(path.sep).join('/');
      return { root: dir, gitdir, commondir, prefix, blobsAreWorktreeBytes: blobsMatchWorktree(dir, commondir) };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function blobsMatchWorktree(root: string, commondir: string): boolean {
  let config = '';
  try {
    config = fs.readFileSync(path.join(commondir, 'config'), 'utf8');
  } catch {
    return false;
  }
  if (/^\s*autocrlf\s*=\s*(true|input)\s*$/im.test(config)) return false;
  if (/^\s*objectformat\s*=\s*sha256/im.test(config)) return false;
  // Any attributes at the root or in info/ might set text/eol/filter; be safe.
  for (const f of [path.join(root, '.gitattributes'), path.join(commondir, 'info', 'attributes')]) {
    try {
      if (/\b(text|eol|filter|ident|working-tree-encoding)\b/.test(fs.readFileSync(f, 'utf8'))) return false;
    } catch {
      // absent
    }
  }
  return true;
}

/**
 * Parses the user's index (versions 2-4) into path -> entry, keeping only
 * stage-0 regular entries under `prefix` (paths made relative to it).
 * Entries whose mtime is not older than the index file itself are "racily
 * clean" in git's sense and are left out, so we hash those files ourselves.
 */
export function readUserIndex(repo: UserRepo): Map<string, UserIndexEntry> {
  const out = new Map<string, UserIndexEntry>();
  let buf: Buffer;
  let indexMtimeMs: number;
  try {
    const file = path.join(repo.gitdir, 'index');
    buf = fs.readFileSync(file);
    indexMtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return out;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return out;
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return out;
  const count = buf.readUInt32BE(8);
  const prefix = repo.prefix === '' ? '' : repo.prefix + '/';
  let pos = 12;
  let previousPath = '';
  for (let i = 0; i < count; i++) {
    const start = pos;
    const mtimeSec = buf.readUInt32BE(pos + 8);
    const mtimeNsec = buf.readUInt32BE(pos + 12);
    const ino = buf.readUInt32BE(pos + 20);
    const mode = buf.readUInt32BE(pos + 24);
    const size = buf.readUInt32BE(pos + 36);
    const oid = buf.toString('hex', pos + 40, pos + 60);
    const flags = buf.readUInt16BE(pos + 60);
    pos += 62;
    let extended = 0;
    if (version >= 3 && flags & 0x4000) {
      extended = buf.readUInt16BE(pos);
      pos += 2;
    }
    let name: string;
    if (version === 4) {
      // Prefix-compressed: varint of bytes to drop from the previous path.
      let byte = buf[pos++]!;
      let drop = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[pos++]!;
        drop = ((drop + 1) << 7) | (byte & 0x7f);
      }
      const end = buf.indexOf(0, pos);
      name = previousPath.slice(0, previousPath.length - drop) + buf.toString('utf8', pos, end);
      pos = end + 1;
    } else {
      const end = buf.indexOf(0, pos);
      name = buf.toString('utf8', pos, end);
      pos = start + ((end - start + 8) & ~7);
    }
    previousPath = name;
    const stage = (flags >> 12) & 3;
    const skipWorktree = (extended & 0x4000) !== 0;
    const intentToAdd = (extended & 0x2000) !== 0;
    const regular = (mode & 0o170000) === 0o100000;
    if (stage !== 0 || skipWorktree || intentToAdd || !regular) continue;
    if (!name.startsWith(prefix)) continue;
    const mtimeMs = mtimeSec * 1000 + mtimeNsec / 1e6;
    if (mtimeMs >= indexMtimeMs) continue;
    out.set(name.slice(prefix.length), { oid, mode, size, ino, mtimeMs });
  }
  return out;
}

/** Whether a file's lstat says it is exactly the index entry's content. */
export function statMatchesIndex(entry: UserIndexEntry, st: fs.Stats): boolean {
  return (
    entry.size === st.size % 2 ** 32 &&
    entry.ino === st.ino % 2 ** 32 &&
    Math.abs(entry.mtimeMs - st.mtimeMs) < 0.002 &&
    (entry.mode & 0o111) === (st.mode & 0o111)
  );
}
