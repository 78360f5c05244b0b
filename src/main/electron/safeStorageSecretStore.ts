// The API key at rest in the desktop app: encrypted with Electron's
// safeStorage (the macOS Keychain, Windows DPAPI, or the Linux keyring) into a
// file only the user can read. On Linux without a keyring, safeStorage would
// only obfuscate ('basic_text'); then we say so and use the fallback (the
// CLI's own store: a keychain tool or the user-only file) instead of pretending.

import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretStore } from '../store/secretStore.js';

/** The slice of Electron's safeStorage we use. */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export const ENCRYPTED_FILE = 'secrets.safestorage.json';

type SecretsFile = { version: 1; secrets: Record<string, string> };

async function readSecrets(file: string): Promise<Record<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<SecretsFile>;
    return parsed && typeof parsed.secrets === 'object' && parsed.secrets !== null ? { ...parsed.secrets } : {};
  } catch {
    return {};
  }
}

async function writeSecrets(dir: string, file: string, secrets: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  const body: SecretsFile = { version: 1, secrets };
  await writeFile(temp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

/** Why safeStorage cannot protect secrets here, or null when it can. */
export async function safeStorageUnavailableReason(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable().catch(() => false))) return 'the system offers no encryption to this app';
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text') return 'no keyring (GNOME Keyring or KWallet) is running';
    if (backend === 'unknown') return 'the keyring could not be determined';
  }
  return null;
}

export interface SafeStorageSecretStore extends SecretStore {
  /** Why safeStorage is not used (the fallback serves instead), or null when it is. */
  readonly fallbackReason: string | null;
}

/**
 * The desktop app's SecretStore: 'keychain' (encrypted by safeStorage) when
 * the system offers real encryption, else `fallback`, with the reason added to
 * its description. A secret the fallback already holds (saved by the CLI, or
 * before a keyring was available) is still found, and moves over on the next
 * save. Call after the app is ready.
 */
export async function createSafeStorageSecretStore(
  safeStorage: SafeStorageLike,
  options: { dir: string; fallback: SecretStore; platform?: NodeJS.Platform },
): Promise<SafeStorageSecretStore> {
  const { dir, fallback } = options;
  const platform = options.platform ?? process.platform;
  const reason = await safeStorageUnavailableReason(safeStorage, platform);
  if (reason) {
    return {
      kind: fallback.kind,
      description: `${fallback.description}; Electron's safeStorage is not used because ${reason}`,
      fallbackReason: reason,
      get: (name) => fallback.get(name),
      set: (name, value) => fallback.set(name, value),
      delete: (name) => fallback.delete(name),
    };
  }

  const file = join(dir, ENCRYPTED_FILE);
  const where = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : 'the system keyring';
  return {
    kind: 'keychain',
    description: `${file} (mode 600, encrypted with a key held by ${where})`,
    fallbackReason: null,
    async get(name) {
      const stored = (await readSecrets(file))[name];
      if (stored === undefined) return fallback.get(name);
      const { result } = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
      return result;
    },
    async set(name, value) {
      const secrets = await readSecrets(file);
      secrets[name] = (await safeStorage.encryptStringAsync(value)).toString('base64');
      await writeSecrets(dir, file, secrets);
      // No plaintext copy stays behind (a keychain-tool copy may: the CLI alone still finds the key there).
      if (fallback.kind === 'file') await fallback.delete(name);
    },
    async delete(name) {
      const secrets = await readSecrets(file);
      if (name in secrets) {
        delete secrets[name];
        await writeSecrets(dir, file, secrets);
      }
      await fallback.delete(name);
    },
  };
}
