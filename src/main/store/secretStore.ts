// Where the API key rests. Implementations: the OS keychain where there is one
// (Electron's safeStorage in the desktop app; the platform's keychain tool under
// Node), else a file only the user can read. The user is told which (`kind`).

import type { SecretStorageKind } from '../../shared/settings.js';

export interface SecretStore {
  readonly kind: Exclude<SecretStorageKind, 'environment' | 'none'>;
  /** Where it is, in words, for the user ("the GNOME keyring", "~/.config/offload/secrets.json (mode 600)"). */
  readonly description: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}
