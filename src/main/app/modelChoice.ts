// Which model an agent runs when neither the user nor the settings name one:
// the newest Sonnet-class model the API lists (asked once per host), else the
// built-in default. A failing list call never blocks a run.

import { DEFAULT_MODEL } from '../../shared/cost.js';

export interface ModelListing {
  id: string;
  created_at?: string;
  display_name?: string;
}

/** Newest Sonnet-class id of a listing (the API lists newest first; created_at decides when given). */
export function pickNewestSonnet(models: readonly ModelListing[]): string | null {
  const sonnets = models.filter((m) => m.id.toLowerCase().includes('sonnet'));
  if (sonnets.length === 0) return null;
  const dated = sonnets.every((m) => m.created_at && !Number.isNaN(Date.parse(m.created_at)));
  if (dated) return [...sonnets].sort((a, b) => Date.parse(b.created_at!) - Date.parse(a.created_at!))[0]!.id;
  return sonnets[0]!.id;
}

export async function listModels(apiKey: string, baseURL: string | undefined): Promise<ModelListing[]> {
  // Loaded on first use: most CLI commands never need the SDK, and it is slow to import.
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  const client = new Anthropic({ apiKey, baseURL, maxRetries: 1, timeout: 5_000 });
  const out: ModelListing[] = [];
  for await (const model of client.models.list({ limit: 100 })) {
    out.push({ id: model.id, created_at: model.created_at, display_name: model.display_name });
    if (out.length >= 200) break;
  }
  return out;
}

/**
 * The API's model list, asked once per host for both the pickers and the
 * default model. A failed listing is not kept: the next caller asks again.
 */
export function createModelCatalog(list: typeof listModels = listModels) {
  let cached: Promise<ModelListing[]> | null = null;
  const models = (apiKey: string, baseURL: string | undefined): Promise<ModelListing[]> => {
    cached ??= list(apiKey, baseURL).catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  };
  return { models };
}

/** Returns a function that resolves the default model, asking the API at most once. */
export function createDefaultModelResolver(list: typeof listModels = listModels) {
  let cached: Promise<string> | null = null;
  return (apiKey: string, baseURL: string | undefined): Promise<string> => {
    cached ??= list(apiKey, baseURL)
      .then((models) => pickNewestSonnet(models) ?? DEFAULT_MODEL)
      .catch(() => DEFAULT_MODEL);
    return cached;
  };
}
