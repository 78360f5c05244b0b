// Where the API key comes from: ANTHROPIC_API_KEY in the environment wins (and
// reaches the SDK unchanged), else the secret store. What the UI may see of it
// is an ApiKeyStatus: whether one is set, where, and at most its last four
// characters. Nothing here logs a key.

import type { ApiKeyStatus } from '../../shared/settings.js';
import type { SecretStore } from './secretStore.js';

/** The secret store's name for the key. */
export const API_KEY_SECRET_NAME = 'anthropic-api-key';

export async function resolveApiKey(
  env: Record<string, string | undefined>,
  store: SecretStore,
): Promise<{ key: string | null; status: ApiKeyStatus }> {
  const fromEnv = env.ANTHROPIC_API_KEY?.trim();
  if (fromEnv) return { key: fromEnv, status: { set: true, storage: 'environment', hint: apiKeyHint(fromEnv) } };
  let stored: string | null = null;
  try {
    stored = (await store.get(API_KEY_SECRET_NAME))?.trim() || null;
  } catch {
    // An unreadable store (a locked keychain) reads as "no key": the user is told to set one.
    stored = null;
  }
  if (stored) return { key: stored, status: { set: true, storage: store.kind, hint: apiKeyHint(stored) } };
  return { key: null, status: { set: false, storage: 'none', hint: null } };
}

/**
 * "sk-ant-…3xQa": the public prefix and the last four characters, never more.
 * Short keys show less, so a hint never gives away a large part of a key.
 */
export function apiKeyHint(key: string): string {
  const prefix = key.startsWith('sk-ant-') ? 'sk-ant-' : '';
  const secretPart = key.slice(prefix.length);
  const shown = secretPart.length >= 16 ? 4 : secretPart.length >= 8 ? 2 : 0;
  return `${prefix}…${shown > 0 ? secretPart.slice(-shown) : ''}`;
}
