// Saving or removing the API key from the service (Settings in the UI). The
// key goes to the secret store; callers only ever get its status back.

import type { ApiKeyStatus } from '../../shared/settings.js';
import { API_KEY_SECRET_NAME, resolveApiKey } from '../store/apiKey.js';
import type { SecretStore } from '../store/secretStore.js';

export async function saveApiKey(
  env: Record<string, string | undefined>,
  store: SecretStore,
  key: string | null,
): Promise<ApiKeyStatus> {
  if (key === null) await store.delete(API_KEY_SECRET_NAME);
  else await store.set(API_KEY_SECRET_NAME, key);
  return (await resolveApiKey(env, store)).status;
}
