// Everything under OFFLOAD_HOME is the user's alone (issue 13, item 7): the
// review store holds baselines of the user's files, the logs hold what agents
// read and ran. Folders are created 700 and files 600 whatever the umask, and
// a check at host start makes existing ones so (a home made by an older
// version, a copy, a restore from backup) and says what it changed.

import fs from 'node:fs';
import path from 'node:path';
import { isInside } from '../../files/pathInside.js';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

type WriteFileOptions = Parameters<typeof fs.promises.writeFile>[2];

/**
 * node:fs for isomorphic-git, with every folder and file it creates made
 * private (it passes no modes of its own for a bare repository's objects and refs).
 */
export const privateFs = {
  promises: {
    ...fs.promises,
    writeFile: (file: string, data: string | Uint8Array, options?: WriteFileOptions) =>
      fs.promises.writeFile(
        file,
        data,
        typeof options === 'string' ? { encoding: options, mode: PRIVATE_FILE_MODE } : { ...(options ?? {}), mode: PRIVATE_FILE_MODE },
      ),
    mkdir: (dir: string, options?: fs.MakeDirectoryOptions) => fs.promises.mkdir(dir, { ...(options ?? {}), mode: PRIVATE_DIR_MODE }),
  },
};

/**
 * privateFs for a store that already exists at `root`: isomorphic-git makes
 * missing parent folders one by one, so after the store's folder was deleted
 * or its disk unmounted it would make a new, empty store in its place (under
 * a home made again). Here making `root` itself or anything above it fails
 * with ENOENT: the store is gone, and says so (issue 13).
 */
export function existingStoreFs(root: string): typeof privateFs {
  const top = path.resolve(root);
  return {
    promises: {
      ...privateFs.promises,
      mkdir: (dir: string, options?: fs.MakeDirectoryOptions) => {
        const target = path.resolve(dir);
        if (isInside(target, top)) {
          return Promise.reject(Object.assign(new Error(`ENOENT: the store ${top} is gone, mkdir '${target}'`), { code: 'ENOENT', path: target }));
        }
        return privateFs.promises.mkdir(dir, options);
      },
    },
  };
}

export interface PrivacyCheck {
  /** Paths (relative to the home) that other users could read or enter, now made private. */
  fixed: string[];
  /** Paths that could not be made private, with the reason. */
  failed: { path: string; reason: string }[];
}

/** Limits the walk: a home with more entries is checked up to here (the folders above still protect the rest). */
const MAX_ENTRIES = 200_000;

/**
 * Makes the home and everything in it owned-by-user-only: folders 700, files
 * 600 (symlinks are left alone: their mode means nothing). Only group and
 * other bits are taken away; the owner's own bits are kept. Creates the home
 * (700) if it does not exist.
 */
export async function makeHomePrivate(home: string): Promise<PrivacyCheck> {
  const result: PrivacyCheck = { fixed: [], failed: [] };
  await fs.promises.mkdir(home, { recursive: true, mode: PRIVATE_DIR_MODE });
  let seen = 0;
  const visit = async (abs: string): Promise<void> => {
    if (++seen > MAX_ENTRIES) return;
    let st: fs.Stats;
    try {
      st = await fs.promises.lstat(abs);
    } catch {
      return; // gone meanwhile
    }
    if (st.isSymbolicLink()) return;
    const rel = path.relative(home, abs) || '.';
    if ((st.mode & 0o077) !== 0) {
      const target = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
      try {
        await fs.promises.chmod(abs, (st.mode & 0o700) | (target & 0o700));
        result.fixed.push(rel);
      } catch (error) {
        result.failed.push({ path: rel, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      }
    }
    if (!st.isDirectory()) return;
    let names: string[];
    try {
      names = await fs.promises.readdir(abs);
    } catch (error) {
      result.failed.push({ path: rel, reason: `cannot list it (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
      return;
    }
    for (const name of names) await visit(path.join(abs, name));
  };
  await visit(home);
  return result;
}

/** Written after a full walk found (or made) the home private; a later start then checks only a few paths. */
const MARKER = '.private-v1';

/**
 * The check at host start: a full walk the first time (or when one of the
 * paths that matter is open to others again), a few stats after that. Files
 * Offload creates are private already, so the full walk is for homes made by
 * older versions, copies and hand edits.
 */
export async function checkHomePrivacy(home: string, stateDir: string): Promise<PrivacyCheck> {
  const spots = [
    home,
    path.join(home, 'workspaces'),
    path.join(home, 'settings.json'),
    stateDir,
    path.join(stateDir, 'agents'),
    path.join(stateDir, 'review'),
    path.join(stateDir, 'review', 'shadow.git'),
    path.join(stateDir, 'review', 'snapshot.json'),
    path.join(stateDir, 'review', 'agents'),
  ];
  let needsWalk = !fs.existsSync(path.join(home, MARKER));
  for (const spot of spots) {
    if (needsWalk) break;
    try {
      if ((fs.lstatSync(spot).mode & 0o077) !== 0) needsWalk = true;
    } catch {
      // not there yet
    }
  }
  if (!needsWalk) return { fixed: [], failed: [] };
  const result = await makeHomePrivate(home);
  if (result.failed.length === 0) {
    await fs.promises.writeFile(path.join(home, MARKER), 'Offload checked that everything here is private (700/600).\n', { mode: PRIVATE_FILE_MODE }).catch(() => undefined);
  }
  return result;
}

/** What the start-up check tells the person, or null when everything was private already. */
export function describePrivacyCheck(home: string, check: PrivacyCheck): string | null {
  const parts: string[] = [];
  if (check.fixed.length > 0) {
    const examples = check.fixed.slice(0, 3).join(', ') + (check.fixed.length > 3 ? `, and ${check.fixed.length - 3} more` : '');
    parts.push(
      `Offload's data folder ${home} had ${check.fixed.length} ${check.fixed.length === 1 ? 'entry' : 'entries'} other local users could read (${examples}); they are now yours alone (folders 700, files 600).`,
    );
  }
  if (check.failed.length > 0) {
    const examples = check.failed
      .slice(0, 3)
      .map((f) => `${f.path}: ${f.reason}`)
      .join('; ');
    parts.push(`Could not make private: ${examples}. Run \`chmod -R go-rwx ${home}\` to fix it.`);
  }
  return parts.length ? parts.join(' ') : null;
}
