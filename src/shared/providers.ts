// Model providers: where an agent's model calls go. Anthropic's API is the
// default; an Anthropic-compatible endpoint (Ollama, llama.cpp's server,
// LiteLLM and other gateways), Amazon Bedrock and Google Vertex are configured
// in the user's settings file under "providers". Only the user's own file may
// name providers: a workspace could otherwise send the user's key to a server
// of its choosing.
//
// Secrets never live here: each provider's key or token rests in the secret
// store (see src/main/store/providerSecrets.ts) and reaches the agent over IPC.

import { z } from 'zod';

export const PROVIDER_KINDS = ['anthropic', 'compatible', 'bedrock', 'vertex'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** The provider id every model belongs to unless the settings or flags say otherwise. */
export const ANTHROPIC_PROVIDER_ID = 'anthropic';

/** Features of the Anthropic API an endpoint may lack; when one is off the agent goes on without it and says so. */
export const providerFeaturesSchema = z.strictObject({
  /** cache_control breakpoints (Ollama: "Prompt caching" is not supported). */
  promptCaching: z.boolean().optional(),
  /** The server-side web_search tool. */
  webSearch: z.boolean().optional(),
});
export type ProviderFeatures = Required<z.infer<typeof providerFeaturesSchema>>;

const modelId = z.string().trim().min(1).max(200);

export const providerConfigSchema = z.strictObject({
  kind: z.enum(PROVIDER_KINDS),
  /** What the UI shows (default: the provider's id). */
  label: z.string().trim().min(1).max(100).optional(),
  /** The endpoint; required for "compatible", optional (a proxy, a test server) for the others. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * How a compatible endpoint's secret is sent: "apiKey" as x-api-key, "bearer"
   * as Authorization: Bearer (ANTHROPIC_AUTH_TOKEN's way; Ollama's cloud takes only this).
   */
  auth: z.enum(['apiKey', 'bearer', 'none']).optional(),
  /** Bedrock: AWS region; Vertex: Google Cloud region (e.g. us-east5, global). */
  region: z.string().trim().min(1).max(64).optional(),
  /** Vertex: the Google Cloud project. */
  projectId: z.string().trim().min(1).max(128).optional(),
  /** Models to offer where the endpoint lists none (Bedrock, Vertex) or beside its list. */
  models: z.array(modelId).max(200).optional(),
  /** The model when the agent names none. */
  defaultModel: modelId.optional(),
  /**
   * "anthropic": Anthropic's list prices and premium-request multipliers;
   * "free": $0 and 0 premium requests (a local model). Compatible endpoints on
   * a loopback address default to "free", other compatible ones to "anthropic".
   */
  pricing: z.enum(['anthropic', 'free']).optional(),
  features: providerFeaturesSchema.optional(),
});
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

export const providerIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'A provider id holds lower-case letters, digits, "_" and "-".');

export const providersSchema = z.record(providerIdSchema, providerConfigSchema);
export type ProvidersConfig = z.infer<typeof providersSchema>;

/** A provider with every default filled in: what the agent process and the UI work with. */
export interface ResolvedProvider {
  id: string;
  kind: ProviderKind;
  label: string;
  baseUrl?: string;
  auth: 'apiKey' | 'bearer' | 'none' | 'cloud';
  region?: string;
  projectId?: string;
  models: string[];
  defaultModel?: string;
  pricing: 'anthropic' | 'free';
  features: ProviderFeatures;
  /** Whether the endpoint has GET /v1/models (Bedrock and Vertex do not, through these SDKs). */
  listsModels: boolean;
}

/** Features a provider lacks, and why, in words the stream and the UI show. */
export function missingFeatures(provider: ResolvedProvider): { feature: keyof ProviderFeatures; why: string }[] {
  const out: { feature: keyof ProviderFeatures; why: string }[] = [];
  const where = `${provider.label} (${KIND_LABELS[provider.kind]})`;
  if (!provider.features.promptCaching) out.push({ feature: 'promptCaching', why: `prompt caching is off: ${where} does not support cache_control` });
  if (!provider.features.webSearch) out.push({ feature: 'webSearch', why: `web search is off: ${where} has no server-side web search tool` });
  return out;
}

export const KIND_LABELS: Record<ProviderKind, string> = {
  anthropic: 'Anthropic API',
  compatible: 'Anthropic-compatible endpoint',
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
};

/** Whether a URL's host is this machine (shared/ has no URL class: the host is taken apart by hand). */
function isLoopback(url: string | undefined): boolean {
  const host = /^https?:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url ?? '')?.[1]?.toLowerCase().replace(/^\[|\]$/g, '');
  return host !== undefined && (host === 'localhost' || host === '::1' || /^127\./.test(host));
}

const DEFAULT_FEATURES: Record<ProviderKind, ProviderFeatures> = {
  anthropic: { promptCaching: true, webSearch: true },
  // Ollama's compatibility page lists prompt caching as unsupported and has no server tools.
  compatible: { promptCaching: false, webSearch: false },
  // Bedrock and Vertex take cache_control; the web search tool is an Anthropic API server tool.
  bedrock: { promptCaching: true, webSearch: false },
  vertex: { promptCaching: true, webSearch: false },
};

export function resolveProvider(id: string, config: ProviderConfig): ResolvedProvider {
  const kind = config.kind;
  const pricing = config.pricing ?? (kind === 'compatible' && isLoopback(config.baseUrl) ? 'free' : 'anthropic');
  return {
    id,
    kind,
    label: config.label ?? id,
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    auth: kind === 'bedrock' || kind === 'vertex' ? 'cloud' : kind === 'anthropic' ? 'apiKey' : (config.auth ?? 'bearer'),
    ...(config.region ? { region: config.region } : {}),
    ...(config.projectId ? { projectId: config.projectId } : {}),
    models: config.models ?? [],
    ...(config.defaultModel ? { defaultModel: config.defaultModel } : {}),
    pricing,
    features: { ...DEFAULT_FEATURES[kind], ...(config.features ?? {}) } as ProviderFeatures,
    listsModels: kind === 'anthropic' || kind === 'compatible',
  };
}

/** The built-in Anthropic provider (its base URL comes from ANTHROPIC_BASE_URL when set). */
export function anthropicProvider(baseUrl?: string): ResolvedProvider {
  return resolveProvider(ANTHROPIC_PROVIDER_ID, { kind: 'anthropic', label: 'Anthropic', ...(baseUrl ? { baseUrl } : {}) });
}

/** Every configured provider, the built-in Anthropic one first (a configured "anthropic" entry replaces it). */
export function resolveProviders(config: ProvidersConfig | undefined, anthropicBaseUrl?: string): ResolvedProvider[] {
  const entries = Object.entries(config ?? {});
  const configuredAnthropic = entries.find(([id]) => id === ANTHROPIC_PROVIDER_ID);
  const first = configuredAnthropic ? resolveProvider(ANTHROPIC_PROVIDER_ID, configuredAnthropic[1]) : anthropicProvider(anthropicBaseUrl);
  return [first, ...entries.filter(([id]) => id !== ANTHROPIC_PROVIDER_ID).map(([id, c]) => resolveProvider(id, c))];
}
