// Walks the workspace's files the way git sees them: .gitignore files at every
// level are respected, `.git` is skipped, symlinks are not followed (like rg).

import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface WorkspaceFile {
  /** Relative to the workspace root, forward slashes. */
  relative: string;
  absolute: string;
}

interface IgnoreLayer {
  /** Folder the .gitignore sits in, relative to the root ('' for the root). */
  base: string;
  rules: Ignore;
}

async function loadLayer(root: string, base: string): Promise<IgnoreLayer | null> {
  try {
    const text = await readFile(path.join(root, base, '.gitignore'), 'utf8');
    return { base, rules: ignore().add(text) };
  } catch {
    return null;
  }
}

function isIgnored(layers: IgnoreLayer[], relative: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const inner = layer.base === '' ? relative : relative.slice(layer.base.length + 1);
    if (layer.rules.ignores(isDir ? inner + '/' : inner)) return true;
  }
  return false;
}

/** Yields the files under `startRelative` ('' or '.' for the root), not ignored. */
export async function* walkWorkspace(root: string, startRelative = ''): AsyncGenerator<WorkspaceFile> {
  const start = startRelative === '.' ? '' : startRelative.replace(/\/+$/, '');
  // The .gitignore files of the start folder's ancestors apply too.
  const layers: IgnoreLayer[] = [];
  const parts = start === '' ? [] : start.split('/');
  for (let i = 0; i < parts.length; i++) {
    const layer = await loadLayer(root, parts.slice(0, i).join('/'));
    if (layer) layers.push(layer);
  }
  yield* walkFolder(root, start, layers);
}

async function* walkFolder(root: string, folder: string, parentLayers: IgnoreLayer[]): AsyncGenerator<WorkspaceFile> {
  const own = await loadLayer(root, folder);
  const layers = own ? [...parentLayers, own] : parentLayers;
  let entries;
  try {
    entries = await readdir(path.join(root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
    if (entry.isDirectory()) {
      if (isIgnored(layers, relative, true)) continue;
      yield* walkFolder(root, relative, layers);
    } else if (entry.isFile()) {
      if (isIgnored(layers, relative, false)) continue;
      yield { relative, absolute: path.join(root, relative) };
    }
  }
}

