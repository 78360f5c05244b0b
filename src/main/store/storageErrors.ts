// Errors of the storage under OFFLOAD_HOME itself (issue 13, item 3): a full
// disk, a read-only or vanished folder. They are not bugs to retry: the
// affected agents fail with a message that says what could not be written,
// why, and what to do.

import fs from 'node:fs';
import path from 'node:path';

const STORAGE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'the folder is gone',
  EIO: 'an input/output error of the disk',
};

/** True for an error that means the storage is unusable (full, read-only, gone). */
export function isStorageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in STORAGE_ERRORS;
}

/** The error, with a message that says what could not be written and why, keeping its code. */
export function storageError(error: unknown, what: string): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code in STORAGE_ERRORS)) return error as Error;
  const wrapped = new Error(`Offload could not write ${what}: ${STORAGE_ERRORS[code]} (${code}).`, { cause: error });
  (wrapped as Error & { code: string }).code = code;
  return wrapped;
}

/**
 * Creates a private state folder (700), or throws an error that says why it
 * cannot be: a recursive mkdir reports a read-only file system as ENOENT, so
 * the nearest existing folder is asked what is wrong.
 */
export function makeStateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    let code = (error as NodeJS.ErrnoException).code;
    let probe = path.dirname(dir);
    while (!fs.existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
    try {
      fs.accessSync(probe, fs.constants.W_OK);
    } catch (probeError) {
      code = (probeError as NodeJS.ErrnoException).code ?? code;
    }
    const failure = storageError(Object.assign(new Error(String(error)), { code }), `its data folder ${dir}`);
    failure.message += ' Free space or make it writable, or point OFFLOAD_HOME at another folder.';
    throw failure;
  }
}
