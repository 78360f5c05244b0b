// The shadow object store: a bare git repository under the workspace's state
// folder (never inside the user's tree or .git), written with isomorphic-git.
// It holds every baseline and checkpoint blob, plus per-agent refs:
//   refs/offload/<agentId>/baseline     a commit whose tree is the agent's baselines
//   refs/offload/<agentId>/checkpoints  a chain of commits, one per step that changed files
// so `git --git-dir <stateDir>/review/shadow.git log refs/offload/<id>/checkpoints`
// shows an agent's history.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { existingStoreFs, privateFs } from '../store/privateFiles.js';
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

  constructor(gitdir: string, private readonly userObjectsDir: string | null) {
    this.gitdir = gitdir;
    this.fs = existingStoreFs(gitdir);
  }

  async init(): Promise<void> {
    if (!fs.existsSync(path.join(this.gitdir, 'HEAD'))) {
      const git = await loadGit();
      await git.init({ fs: privateFs, gitdir: this.gitdir, bare: true, defaultBranch: 'offload' });
    }
  }

  has(oid: string): boolean {
    return fs.existsSync(this.loosePath(oid));
  }

  /** Stores bytes as a blob (once) and returns its id. */
  async putBlob(content: Uint8Array, knownOid?: string): Promise<string> {
    const git = await loadGit();
    const oid = knownOid ?? blobOid(content);
    if (this.has(oid)) return oid;
    // Node's zlib is much faster than the stream-based deflate isomorphic-git
    // uses by default; the object is still written by isomorphic-git.
    const wrapped = Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]);
    await git.writeObject({ fs: this.fs, gitdir: this.gitdir, type: 'blob', object: zlib.deflateSync(wrapped, { level: 1 }), format: 'deflated', oid });
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
    const git = await loadGit();
    const tree = await this.writeNestedTree(files);
    const timestamp = Math.floor(Date.now() / 1000);
    const oid = await git.writeCommit({
      fs: this.fs,
      gitdir: this.gitdir,
      commit: {
        message,
        tree,
        parent: parent ? [parent] : [],
        author: { ...AUTHOR, timestamp },
        committer: { ...AUTHOR, timestamp },
      },
    });
    await git.writeRef({ fs: this.fs, gitdir: this.gitdir, ref, value: oid, force: true });
    return oid;
  }

  async writeRef(ref: string, oid: string): Promise<void> {
    const git = await loadGit();
    await git.writeRef({ fs: this.fs, gitdir: this.gitdir, ref, value: oid, force: true });
  }

  async deleteRef(ref: string): Promise<void> {
    const git = await loadGit();
    await git.deleteRef({ fs: this.fs, gitdir: this.gitdir, ref }).catch(() => undefined);
  }

  private async writeNestedTree(files: StoredFile[]): Promise<string> {
    const git = await loadGit();
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
      const entries: { mode: string; path: string; oid: string; type: 'blob' | 'tree' }[] = [];
      for (const [name, child] of node.dirs) entries.push({ mode: '040000', path: name, oid: await write(child), type: 'tree' });
      for (const [name, f] of node.files) {
        if (node.dirs.has(name)) continue; // a file and a folder of one name cannot both be in a tree
        entries.push({ mode: f.mode.toString(8).padStart(6, '0'), path: name, oid: f.oid, type: 'blob' });
      }
      return git.writeTree({ fs: this.fs, gitdir: this.gitdir, tree: entries });
    };
    return write(root);
  }

  private loosePath(oid: string): string {
    return path.join(this.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  }
}
