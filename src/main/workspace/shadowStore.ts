// The shadow object store: a bare git repository under the workspace's state
// folder (never inside the user's tree or .git): loose objects written here as
// git writes them, refs and reads through isomorphic-git.
// It holds every baseline and checkpoint blob, plus per-agent refs:
//   refs/offload/<agentId>/baseline     a commit whose tree is the agent's baselines
//   refs/offload/<agentId>/checkpoints  a chain of commits, one per step that changed files
// so `git --git-dir <stateDir>/review/shadow.git log refs/offload/<id>/checkpoints`
// shows an agent's history.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { existingStoreFs, privateFs, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../store/privateFiles.js';
import path from 'node:path';
import zlib from 'node:zlib';
import type IsomorphicGit from 'isomorphic-git';

// isomorphic-git (with pako) is ~800 KB of code: it loads when the store is
// first written or read, not with the host (a host that starts, lists agents
// or runs one that changes nothing never needs it; issue 11).
let gitModule: Promise<typeof IsomorphicGit> | null = null;
function loadGit(): Promise<typeof IsomorphicGit> {
  gitModule ??= import('isomorphic-git').then((m) => ((m as { default?: typeof IsomorphicGit }).default ?? m) as typeof IsomorphicGit);
  return gitModule;
}

/** Git's blob id of some bytes (what `git hash-object` prints). */
export function blobOid(content: Uint8Array): string {
  const hash = crypto.createHash('sha1');
  hash.update(`blob ${content.length}\0`);
  hash.update(content);
  return hash.digest('hex');
}

export interface StoredFile {
  path: string;
  oid: string;
  /** Git mode: 0o100644, 0o100755 or 0o120000 (symlink). */
  mode: number;
}

const AUTHOR = { name: 'Offload', email: 'offload@localhost', timezoneOffset: 0 };

export class ShadowStore {
  readonly gitdir: string;
  /** isomorphic-git's pack cache for reads from the user's repository. */
  private readonly userCache = {};

  /** For everything after init: never makes the store's folder again once it is gone. */
  private readonly fs: typeof privateFs;
  private initialised: Promise<void> | null = null;

  constructor(gitdir: string, private readonly userObjectsDir: string | null) {
    this.gitdir = gitdir;
    this.fs = existingStoreFs(gitdir);
  }

  /** Makes the store, and its folders, if it is not there yet. */
  async init(): Promise<void> {
    await this.make(privateFs);
  }

  private async make(withFs: typeof privateFs): Promise<void> {
    if (!fs.existsSync(path.join(this.gitdir, 'HEAD'))) {
      const git = await loadGit();
      await git.init({ fs: withFs, gitdir: this.gitdir, bare: true, defaultBranch: 'offload' });
    }
  }

  /**
   * The store is made on its first use, not when the host starts: a fresh
   * home's first agent reaches the model without loading isomorphic-git
   * (issue 11), and a host that only lists agents never makes it.
   */
  private ready(): Promise<void> {
    // Only the store's own folder is made here: when its parent is gone (a deleted or unmounted home), this fails (ENOENT).
    this.initialised ??= this.make(existingStoreFs(path.dirname(this.gitdir))).catch((error: unknown) => {
      this.initialised = null;
      throw error;
    });
    return this.initialised;
  }

  has(oid: string): boolean {
    return fs.existsSync(this.loosePath(oid));
  }

  /** Stores bytes as a blob (once) and returns its id. */
  async putBlob(content: Uint8Array, knownOid?: string): Promise<string> {
    return this.putObject('blob', content, knownOid);
  }

  /**
   * Stores a git object (once) and returns its id, as a loose object the way
   * isomorphic-git writes one. Node's zlib is much faster than the deflate
   * isomorphic-git uses (on Node 20, CompressionStream: about 6 ms for a tiny
   * tree or commit). Blobs are written synchronously: the agent waits for
   * them in its write hooks, and one synchronous create and write (about
   * 0.4 ms on ext4) beats isomorphic-git's exists-check, open, write and
   * close, each a trip through libuv's thread pool (0.2-0.6 ms each on a busy
   * machine; bench/supervisorOverhead). Trees and commits are history, written
   * after the hook answered: asynchronously, so they do not hold the event loop.
   */
  private async putObject(type: 'blob' | 'tree' | 'commit', content: Uint8Array, knownOid?: string): Promise<string> {
    await this.ready();
    const wrapped = Buffer.concat([Buffer.from(`${type} ${content.length}\0`), content]);
    const oid = knownOid ?? crypto.createHash('sha1').update(wrapped).digest('hex');
    if (this.has(oid)) return oid;
    const deflated = zlib.deflateSync(wrapped, { level: 1 });
    if (type === 'blob') writeLooseObjectNow(this.loosePath(oid), deflated);
    else await writeLooseObject(this.loosePath(oid), deflated);
    return oid;
  }

  /** Reads a blob from the shadow store, falling back to the user's own objects (read-only). */
  async getBlob(oid: string): Promise<Buffer> {
    const git = await loadGit();
    if (this.has(oid)) {
      const { blob } = await git.readBlob({ fs: this.fs, gitdir: this.gitdir, oid });
      return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    }
    if (this.userObjectsDir) {
      const { blob } = await git.readBlob({ fs, gitdir: this.userObjectsDir, oid, cache: this.userCache });
      return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
    }
    throw new Error(`Offload's review store has lost object ${oid}`);
  }

  /** Copies a blob found only in the user's repository into the shadow store, so it outlives their gc. */
  async adopt(oid: string): Promise<void> {
    if (this.has(oid)) return;
    await this.putBlob(await this.getBlob(oid), oid);
  }

  /** Writes a commit whose tree holds `files` (nested folders built as needed) and points `ref` at it. */
  async commitFiles(ref: string, files: StoredFile[], message: string, parent: string | null): Promise<string> {
    const [git] = await Promise.all([loadGit(), this.ready()]);
    const tree = await this.writeNestedTree(files);
    const timestamp = Math.floor(Date.now() / 1000);
    const who = `${AUTHOR.name} <${AUTHOR.email}> ${timestamp} +0000`;
    // A commit object as git writes one (git-cat-file(1) shows the format).
    const commit = `tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${who}\ncommitter ${who}\n\n${message}`;
    const oid = await this.putObject('commit', Buffer.from(commit, 'utf8'));
    await git.writeRef({ fs: this.fs, gitdir: this.gitdir, ref, value: oid, force: true });
    return oid;
  }

  async writeRef(ref: string, oid: string): Promise<void> {
    const [git] = await Promise.all([loadGit(), this.ready()]);
    await git.writeRef({ fs: this.fs, gitdir: this.gitdir, ref, value: oid, force: true });
  }

  async deleteRef(ref: string): Promise<void> {
    const git = await loadGit();
    await git.deleteRef({ fs: this.fs, gitdir: this.gitdir, ref }).catch(() => undefined);
  }

  private async writeNestedTree(files: StoredFile[]): Promise<string> {
    type Node = { files: Map<string, StoredFile>; dirs: Map<string, Node> };
    const root: Node = { files: new Map(), dirs: new Map() };
    for (const f of files) {
      const parts = f.path.split('/');
      let node = root;
      for (const dir of parts.slice(0, -1)) {
        let next = node.dirs.get(dir);
        if (!next) node.dirs.set(dir, (next = { files: new Map(), dirs: new Map() }));
        node = next;
      }
      node.files.set(parts[parts.length - 1]!, f);
    }
    const write = async (node: Node): Promise<string> => {
      const entries: TreeEntry[] = [];
      for (const [name, child] of node.dirs) entries.push({ mode: '40000', name, oid: await write(child), isTree: true });
      for (const [name, f] of node.files) {
        if (node.dirs.has(name)) continue; // a file and a folder of one name cannot both be in a tree
        entries.push({ mode: f.mode.toString(8), name, oid: f.oid, isTree: false });
      }
      return this.putObject('tree', encodeTree(entries));
    };
    return write(root);
  }

  private loosePath(oid: string): string {
    return path.join(this.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  }
}

/**
 * Writes a loose object's file, making its fan-out folder (objects/xx) when
 * missing; never the objects folder itself (a store that is gone stays gone:
 * ENOENT). An object already there (written meanwhile) is kept.
 */
function writeLooseObjectNow(file: string, deflated: Buffer): void {
  const write = () => fs.writeFileSync(file, deflated, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    write();
  } catch (error) {
    if (!needsFolder(error)) return;
    try {
      fs.mkdirSync(path.dirname(file), { mode: PRIVATE_DIR_MODE });
    } catch (mkdirError) {
      if ((mkdirError as NodeJS.ErrnoException).code !== 'EEXIST') throw mkdirError;
    }
    write();
  }
}

/** writeLooseObjectNow through the thread pool. */
async function writeLooseObject(file: string, deflated: Buffer): Promise<void> {
  const write = () => fs.promises.writeFile(file, deflated, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    await write();
  } catch (error) {
    if (!needsFolder(error)) return;
    await fs.promises.mkdir(path.dirname(file), { mode: PRIVATE_DIR_MODE }).catch((mkdirError: NodeJS.ErrnoException) => {
      if (mkdirError.code !== 'EEXIST') throw mkdirError;
    });
    await write();
  }
}

/** A loose object's write failed: false when it is there already (EEXIST), true when its folder is missing, else throws. */
function needsFolder(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST') return false;
  if (code === 'ENOENT') return true;
  throw error;
}

interface TreeEntry {
  /** Octal, no leading zero: 40000, 100644, 100755, 120000. */
  mode: string;
  name: string;
  oid: string;
  isTree: boolean;
}

/**
 * A tree object's bytes: per entry "<mode> <name>\0<20-byte id>", sorted by
 * name with a folder's name compared as if it ended in "/" (git's order;
 * fsck rejects any other).
 */
function encodeTree(entries: TreeEntry[]): Buffer {
  const sortKey = (e: TreeEntry) => Buffer.from(e.isTree ? `${e.name}/` : e.name, 'utf8');
  const sorted = entries.map((e) => ({ e, key: sortKey(e) })).sort((a, b) => Buffer.compare(a.key, b.key));
  return Buffer.concat(sorted.flatMap(({ e }) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')]));
}
