// Paths that hold the user's secrets (keys, cloud credentials, Offload's own
// secret store): a command that names one, or a folder above one, needs
// approval, whatever program reads it. The sandbox does not even mount them;
// this keeps the no-sandbox path (and the approval card) honest.

import path from 'node:path';
import { isInside } from '../../files/pathInside.js';

export interface SecretPlaces {
  /** The user's home folder. */
  home?: string;
  /** The workspace's real path (relative words are resolved from it). */
  workspace?: string;
  /** More absolute paths to protect (OFFLOAD_HOME, other workspaces...). */
  paths?: readonly string[];
}

/** Path parts that name credentials wherever they sit. */
const SECRET_PARTS = new Set(['.ssh', '.aws', '.gnupg', '.netrc', '.git-credentials', '.pgpass', '.kube', '.docker', '.azure', '.password-store', 'secrets.json']);
const SECRET_SUBPATHS = ['.config/gcloud', '.config/gh', '.config/op', '.local/share/keyrings'];

/** Folders under the home folder that hold secrets. */
export const HOME_SECRET_FOLDERS = ['.ssh', '.aws', '.gnupg', '.netrc', '.git-credentials', '.pgpass', '.kube', '.docker', '.azure', '.password-store', ...SECRET_SUBPATHS];

export function secretRoots(places: SecretPlaces): string[] {
  const roots = [...(places.paths ?? [])];
  if (places.home) roots.push(...HOME_SECRET_FOLDERS.map((name) => path.join(places.home!, name)));
  return roots.map((root) => path.resolve(root));
}

/** Why `word` reaches a secret, or null. Checks the word and the value of `--opt=value`. */
export function secretPathReason(word: string, places: SecretPlaces | undefined): string | null {
  const candidates = word.includes('=') ? [word, word.slice(word.indexOf('=') + 1)] : [word];
  for (const candidate of candidates) {
    const clean = candidate.replace(/\/+$/, '') || candidate;
    const parts = clean.split('/');
    if (parts.some((part) => SECRET_PARTS.has(part)) || SECRET_SUBPATHS.some((sub) => clean.includes(sub))) {
      return `reads a place that holds secrets (${word})`;
    }
    if (!places) continue;
    let absolute: string | null = null;
    if (clean === '~' || clean.startsWith('~/')) absolute = places.home ? path.join(places.home, clean.slice(1)) : null;
    else if (clean.startsWith('/')) absolute = path.posix.normalize(clean);
    else if (places.workspace && parts.includes('..')) absolute = path.resolve(places.workspace, clean);
    if (clean.startsWith('~') && absolute === null) return `names a path in the home folder (${word})`;
    if (absolute === null) continue;
    // The agent's own workspace is never a secret place, even where it lies under OFFLOAD_HOME (a worktree).
    if (places.workspace && isInside(places.workspace, absolute)) continue;
    for (const root of secretRoots(places)) {
      if (isInside(root, absolute)) return `reads a place that holds secrets (${word})`;
      if (isInside(absolute, root)) return `names a folder that holds secrets (${word})`;
    }
  }
  return null;
}
