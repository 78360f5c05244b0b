// The host's view of the configured providers: what an agent of a provider is
// launched with, which models each offers (its GET /v1/models where it has one,
// plus the models the settings name), and what Settings shows of each. Settings
// are read again on every call, so an edit of the settings file counts at the
// next agent without a restart.

import type { ModelInfo, ProviderInfo } from '../../shared/contract/offloadService.js';
import { missingFeatures, type ResolvedProvider } from '../../shared/providers.js';
import { loadProviders } from '../store/extensionSettings.js';
import { resolveProviderCredentials } from '../store/providerSecrets.js';
import type { SecretStore } from '../store/secretStore.js';
import type { ApiKeyStatus } from '../../shared/settings.js';
import { hostError } from './hostErrors.js';
import type { ModelListing } from './modelChoice.js';
import type { ProviderLaunch } from './agents/agentStarter.js';

export interface ProviderCatalogOptions {
  home: string;
  env: Record<string, string | undefined>;
  store: SecretStore;
  /** The Anthropic provider's models (the host's existing cached listing). */
  anthropicModels: () => Promise<ModelInfo[]>;
  /** The Anthropic API key's status (ANTHROPIC_API_KEY or the stored key). */
  anthropicKeyStatus: () => Promise<ApiKeyStatus>;
}

/** GET /v1/models of an Anthropic-compatible endpoint, through the real SDK. */
async function listEndpointModels(provider: ResolvedProvider, secret: string | undefined): Promise<ModelListing[]> {
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  const bearer = provider.auth === 'bearer';
  const value = secret || 'no-key';
  const client = new Anthropic({
    baseURL: provider.baseUrl,
    apiKey: bearer ? null : value,
    authToken: bearer ? value : null,
    maxRetries: 0,
    timeout: 5_000,
  });
  const out: ModelListing[] = [];
  for await (const model of client.models.list({ limit: 100 })) {
    out.push({ id: model.id, created_at: model.created_at, display_name: model.display_name });
    if (out.length >= 200) break;
  }
  return out;
}

export function createProviderCatalog(options: ProviderCatalogOptions) {
  /** Listings per provider id; a failed one is not kept. */
  const listings = new Map<string, Promise<ModelListing[]>>();

  const providers = async () => (await loadProviders(options.home, options.env)).providers;

  async function find(id: string): Promise<ResolvedProvider> {
    const all = await providers();
    const provider = all.find((p) => p.id === id);
    if (!provider) {
      const known = all.map((p) => p.id).join(', ');
      throw hostError('BAD_INPUT', `No provider "${id}" is configured. The providers are: ${known} (settings "providers").`);
    }
    return provider;
  }

  async function modelsOf(provider: ResolvedProvider): Promise<{ models: ModelInfo[]; error?: string }> {
    const configured = provider.models.map((id) => ({ id, displayName: id, provider: provider.id }));
    if (provider.kind === 'anthropic') {
      const listed = await options.anthropicModels().catch(() => []);
      return { models: [...listed.map((m) => ({ ...m, provider: provider.id })), ...configured.filter((c) => !listed.some((m) => m.id === c.id))] };
    }
    if (!provider.listsModels) return { models: configured };
    let listing = listings.get(provider.id);
    if (!listing) {
      const { credentials } = await resolveProviderCredentials(provider, options.env, options.store);
      listing = listEndpointModels(provider, credentials.secret);
      listings.set(provider.id, listing);
      listing.catch(() => listings.delete(provider.id));
    }
    try {
      const listed = (await listing).map((m) => ({ id: m.id, displayName: m.display_name ?? m.id, provider: provider.id }));
      return { models: [...listed, ...configured.filter((c) => !listed.some((m) => m.id === c.id))] };
    } catch (error) {
      // An endpoint without a model list (or one that is down): the configured models, and a typed name.
      return { models: configured, error: `${provider.label} lists no models: ${(error as Error).message}` };
    }
  }

  return {
    providers,
    defaultProvider: async () => (await loadProviders(options.home, options.env)).defaultProvider,

    /** What the supervisor launches an agent of a non-Anthropic provider with. */
    async launch(id: string): Promise<ProviderLaunch | null> {
      if (id === 'anthropic') return null;
      const provider = await find(id);
      if (provider.kind === 'anthropic') return null;
      const { credentials } = await resolveProviderCredentials(provider, options.env, options.store);
      return {
        provider,
        credentials,
        defaultModel: async () => {
          if (provider.defaultModel) return provider.defaultModel;
          const { models } = await modelsOf(provider);
          const first = models[0]?.id;
          if (!first) {
            throw hostError('BAD_INPUT', `The provider "${provider.id}" lists no models and names no "defaultModel": give a model (--model NAME).`);
          }
          return first;
        },
      };
    },

    /** Every provider's models, grouped by provider in settings order (the Anthropic one first). */
    async models(): Promise<ModelInfo[]> {
      const all = await providers().catch(() => []);
      const lists = await Promise.all(all.map((p) => modelsOf(p).then((r) => r.models)));
      return lists.flat();
    },

    /** What Settings shows for each provider (never a secret: only whether one is set, and its hint). */
    async infos(): Promise<ProviderInfo[]> {
      const all = await providers();
      return Promise.all(
        all.map(async (provider) => {
          const status =
            provider.kind === 'anthropic'
              ? await options.anthropicKeyStatus()
              : (await resolveProviderCredentials(provider, options.env, options.store)).status;
          const { models, error } = await modelsOf(provider);
          return {
            id: provider.id,
            kind: provider.kind,
            label: provider.label,
            ...(provider.baseUrl ? { baseUrl: provider.baseUrl } : {}),
            pricing: provider.pricing,
            listsModels: provider.listsModels && !error,
            models: models.map((m) => m.id),
            missingFeatures: missingFeatures(provider).map((m) => m.why),
            secret: status,
            ...(error ? { error } : {}),
          };
        }),
      );
    },
  };
}

export type ProviderCatalog = ReturnType<typeof createProviderCatalog>;
