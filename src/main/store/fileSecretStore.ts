// The API key in a file only the user can read: <home>/secrets.json, mode 600,
// in a folder of mode 700. The fallback where no keychain answers; also where
// createDefaultSecretStore picks between the two.

import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import type { SecretStore } from './secretStore.js';
import { secretsFilePath } from './homePaths.js';
import { KeychainSecretStore } from './keychainSecretStore.js';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly description: string;
  readonly path: string;
  /** Serialises writes (read-modify-write of one file). */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(home: string) {
    this.path = secretsFilePath(home);
    this.description = `${tildify(this.path)} (mode 600)`;
  }

  async get(name: string): Promise<string | null> {
    const secrets = await this.readAll();
    const value = secrets[name];
    return typeof value === 'string' ? value : null;
  }

  set(name: string, value: string): Promise<void> {
    return this.write((secrets) => ({ ...secrets, [name]: value }));
  }

  delete(name: string): Promise<void> {
    return this.write((secrets) => {
      const { [name]: _removed, ...rest } = secrets;
      return rest;
    });
  }

  private write(change: (secrets: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
    const next = this.writing.catch(() => undefined).then(async () => {
      const dir = dirname(this.path);
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      await tighten(dir, DIR_MODE);
      const secrets = change(await this.readAll());
      // Written whole to a private temp file, then renamed: never half a file, never readable by others.
      const temp = `${this.path}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(secrets, null, 2) + '\n', { mode: FILE_MODE });
      await chmod(temp, FILE_MODE);
      await rename(temp, this.path);
    });
    this.writing = next;
    return next;
  }

  private async readAll(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    // Someone widened it (a copy, a backup tool): make it private again before trusting it.
    await tighten(this.path, FILE_MODE);
    await tighten(dirname(this.path), DIR_MODE);
    if (text.trim() === '') return {};
    try {
      const value = JSON.parse(text) as unknown;
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    } catch {
      // Never echo the file: it holds secrets.
      throw new Error(`${this.path} is not valid JSON. Delete it and save your API key again.`);
    }
  }
}

/** Removes group/other permissions if any are set (no-op on Windows, which has no such bits). */
async function tighten(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const current = (await stat(path)).mode & 0o777;
    if ((current & ~mode) !== 0) await chmod(path, mode);
  } catch {
    // Gone or not ours: the write that follows reports what matters.
  }
}

function tildify(path: string): string {
  const home = homedir();
  return home && path.startsWith(home + '/') ? '~' + path.slice(home.length) : path;
}

export interface DefaultSecretStoreOptions {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
}

/**
 * The OS keychain when one answers (macOS `security`, Linux `secret-tool` with
 * a Secret Service), else the user-only file. OFFLOAD_SECRET_STORE=file|keychain
 * forces one; tests (OFFLOAD_TEST=1) get the file so they never touch a real keychain.
 */
export async function createDefaultSecretStore(home: string, options: DefaultSecretStoreOptions = {}): Promise<SecretStore> {
  const env = options.env ?? process.env;
  const forced = env.OFFLOAD_SECRET_STORE?.trim().toLowerCase();
  if (forced === 'file' || (forced !== 'keychain' && env.OFFLOAD_TEST === '1')) return new FileSecretStore(home);
  const keychain = new KeychainSecretStore({ home, env, platform: options.platform });
  if (await keychain.isUsable()) return keychain;
  return new FileSecretStore(home);
}

/**
 * The default store, picked when a secret is first read or written rather than
 * when the host starts: picking it probes the keychain (a process, a D-Bus round
 * trip, up to a timeout when the Secret Service hangs), and a key from
 * ANTHROPIC_API_KEY, as in CI, never needs the store at all (issue 11: this
 * probe sat on the path from `offload run` to the first model request).
 * `kind` and `description` are known once a secret has been read or written,
 * which is when their readers (apiKey.ts, providerSecrets.ts) look.
 */
export function deferredDefaultSecretStore(home: string, options: DefaultSecretStoreOptions = {}): SecretStore {
  let picking: Promise<SecretStore> | null = null;
  let picked: SecretStore | null = null;
  const pick = () => (picking ??= createDefaultSecretStore(home, options).then((store) => (picked = store)));
  const known = (what: string): SecretStore => {
    if (!picked) throw new Error(`The secret store's ${what} is known only after a secret has been read or written.`);
    return picked;
  };
  return {
    get kind() {
      return known('kind').kind;
    },
    get description() {
      return known('description').description;
    },
    get: async (name) => (await pick()).get(name),
    set: async (name, value) => (await pick()).set(name, value),
    delete: async (name) => (await pick()).delete(name),
  };
}
