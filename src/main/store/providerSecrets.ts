// Each provider's secret rests where the Anthropic key does (the keychain, else
// a file only the user can read), under "provider:<id>". The host's environment
// is the fallback, read here and passed to the agent over IPC: children's
// environments are scrubbed of every such variable (launch/childEnv.ts).
//
//   compatible, auth "bearer"  ANTHROPIC_AUTH_TOKEN (Ollama's and Claude Code's name for it)
//   bedrock                    AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key), else
//                              AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN),
//                              else the AWS SDK's own chain in the agent (~/.aws files)
//   vertex                     GOOGLE_APPLICATION_CREDENTIALS (a key file), else
//                              Application Default Credentials
// A compatible endpoint never gets ANTHROPIC_API_KEY: that key is Anthropic's.

import type { ProviderCredentials } from '../../shared/contract/agentHost.js';
import type { ResolvedProvider } from '../../shared/providers.js';
import type { ApiKeyStatus } from '../../shared/settings.js';
import { apiKeyHint } from './apiKey.js';
import type { SecretStore } from './secretStore.js';

export function providerSecretName(providerId: string): string {
  return `provider:${providerId}`;
}

export interface ProviderCredentialsResult {
  credentials: ProviderCredentials;
  status: ApiKeyStatus;
}

export async function resolveProviderCredentials(
  provider: ResolvedProvider,
  env: Record<string, string | undefined>,
  store: SecretStore,
): Promise<ProviderCredentialsResult> {
  let stored: string | null = null;
  try {
    stored = (await store.get(providerSecretName(provider.id)))?.trim() || null;
  } catch {
    // A locked keychain reads as "not set": the environment may still have one.
  }
  if (stored) return { credentials: { secret: stored }, status: { set: true, storage: store.kind, hint: apiKeyHint(stored) } };
  const fromEnv = (name: string) => env[name]?.trim() || undefined;
  const envSecret = (value: string | undefined): ProviderCredentialsResult | null =>
    value ? { credentials: { secret: value }, status: { set: true, storage: 'environment', hint: apiKeyHint(value) } } : null;
  const none: ProviderCredentialsResult = { credentials: {}, status: { set: false, storage: 'none', hint: null } };
  switch (provider.kind) {
    case 'compatible':
      return (provider.auth === 'bearer' ? envSecret(fromEnv('ANTHROPIC_AUTH_TOKEN')) : null) ?? none;
    case 'bedrock': {
      const bearer = envSecret(fromEnv('AWS_BEARER_TOKEN_BEDROCK'));
      if (bearer) return bearer;
      const accessKeyId = fromEnv('AWS_ACCESS_KEY_ID');
      const secretAccessKey = fromEnv('AWS_SECRET_ACCESS_KEY');
      if (accessKeyId && secretAccessKey) {
        const sessionToken = fromEnv('AWS_SESSION_TOKEN');
        return {
          credentials: { aws: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } },
          status: { set: true, storage: 'environment', hint: apiKeyHint(accessKeyId) },
        };
      }
      return none;
    }
    case 'vertex': {
      const keyFile = fromEnv('GOOGLE_APPLICATION_CREDENTIALS');
      return keyFile ? { credentials: { googleCredentialsFile: keyFile }, status: { set: true, storage: 'environment', hint: null } } : none;
    }
    default:
      return none;
  }
}

export async function saveProviderSecret(store: SecretStore, providerId: string, secret: string | null): Promise<void> {
  if (secret === null) await store.delete(providerSecretName(providerId));
  else await store.set(providerSecretName(providerId), secret);
}
