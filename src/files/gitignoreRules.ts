// .gitignore rules at every level of a workspace, read once per folder and
// kept until that .gitignore changes, for synchronous checks (the watcher's
// `ignored` callback cannot wait). .git and node_modules are always left out.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

const ALWAYS = new Set(['.git', 'node_modules']);

export class GitignoreRules {
  /** folder (relative, '' for the root) -> its rules, or null when it has no .gitignore. */
  private readonly layers = new Map<string, Ignore | null>();

  constructor(private readonly root: string) {}

  private layer(folder: string): Ignore | null {
    let rules = this.layers.get(folder);
    if (rules === undefined) {
      try {
        rules = ignore().add(readFileSync(path.join(this.root, folder, '.gitignore'), 'utf8'));
      } catch {
        rules = null;
      }
      this.layers.set(folder, rules);
    }
    return rules;
  }

  /** Forget a folder's rules (its .gitignore changed). */
  forget(folder: string): void {
    this.layers.delete(folder);
  }

  /** `relative`: forward slashes, relative to the root. */
  ignores(relative: string, isDir: boolean): boolean {
    if (relative === '' || relative === '.') return false;
    const parts = relative.split('/');
    if (parts.some((p) => ALWAYS.has(p))) return true;
    let folder = '';
    for (let i = 0; i < parts.length; i++) {
      const rules = this.layer(folder);
      if (rules) {
        const inner = parts.slice(i).join('/');
        if (rules.ignores(isDir ? `${inner}/` : inner)) return true;
      }
      folder = folder ? `${folder}/${parts[i]}` : parts[i]!;
    }
    return false;
  }
}
