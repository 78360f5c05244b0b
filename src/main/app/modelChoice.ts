// Which model an agent runs when neither the user nor the settings name one:
// the newest Sonnet-class model the API lists (kept for a few minutes, also
// across CLI commands), else the built-in default. A failing list call never
// blocks a run.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_MODEL } from '../../shared/cost.js';
import { pickNewestSonnet, type ModelListing } from '../../shared/defaultModel.js';

export { pickNewestSonnet, type ModelListing };

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

/** How long a model listing is used before it is asked again: new models show up within minutes, and a run of CLI commands skips the round trip. */
export const MODEL_LIST_TTL_MS = 10 * 60_000;

export interface ModelCacheOptions {
  /** How long a listing (or the default model picked from one) is kept (default MODEL_LIST_TTL_MS). */
  ttlMs?: number;
  /** A folder to keep listings in between processes (each CLI command is a new host). */
  cacheDir?: string;
  now?: () => number;
}

interface CachedListing {
  fetchedAt: number;
  models: ModelListing[];
}

/** The listing's file: one per API key and base URL, named by a hash (the key itself is never written). */
function cacheFileOf(dir: string, apiKey: string, baseURL: string | undefined): string {
  const digest = createHash('sha256').update(`${baseURL ?? ''}\0${apiKey}`).digest('hex').slice(0, 24);
  return join(dir, `models-${digest}.json`);
}

function readCachedListing(file: string): CachedListing | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CachedListing;
    return typeof parsed.fetchedAt === 'number' && Array.isArray(parsed.models) ? parsed : null;
  } catch {
    return null;
  }
}

function writeCachedListing(file: string, listing: CachedListing): void {
  try {
    // Under OFFLOAD_HOME: the user's alone (700/600).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(listing), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // a cache that cannot be written only costs a request
  }
}

/**
 * The API's model list for both the pickers and the default model, kept for
 * a short time (in memory, and in `cacheDir` when given). A failed listing is
 * not kept: the next caller asks again.
 */
export function createModelCatalog(list: typeof listModels = listModels, options: ModelCacheOptions = {}) {
  const ttl = options.ttlMs ?? MODEL_LIST_TTL_MS;
  const now = options.now ?? Date.now;
  const cached = new Map<string, { at: number; models: Promise<ModelListing[]> }>();
  const models = (apiKey: string, baseURL: string | undefined): Promise<ModelListing[]> => {
    const key = `${baseURL ?? ''}\0${apiKey}`;
    const hit = cached.get(key);
    if (hit && now() - hit.at < ttl) return hit.models;
    const file = options.cacheDir ? cacheFileOf(options.cacheDir, apiKey, baseURL) : null;
    const onDisk = file ? readCachedListing(file) : null;
    if (onDisk && now() - onDisk.fetchedAt < ttl && onDisk.fetchedAt <= now()) {
      const entry = { at: onDisk.fetchedAt, models: Promise.resolve(onDisk.models) };
      cached.set(key, entry);
      return entry.models;
    }
    const at = now();
    const entry = {
      at,
      models: list(apiKey, baseURL).then(
        (listing) => {
          if (file) writeCachedListing(file, { fetchedAt: at, models: listing });
          return listing;
        },
        (error: unknown) => {
          if (cached.get(key) === entry) cached.delete(key);
          throw error;
        },
      ),
    };
    cached.set(key, entry);
    return entry.models;
  };
  return { models };
}

/**
 * Returns a function that resolves the default model from the listing, kept
 * for `ttlMs`; when the listing fails, the built-in default (also kept, so a
 * dead network does not cost every launch a timeout).
 */
export function createDefaultModelResolver(list: typeof listModels = listModels, options: Pick<ModelCacheOptions, 'ttlMs' | 'now'> = {}) {
  const ttl = options.ttlMs ?? MODEL_LIST_TTL_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; model: Promise<string> } | null = null;
  return (apiKey: string, baseURL: string | undefined): Promise<string> => {
    if (!cached || now() - cached.at >= ttl) {
      cached = {
        at: now(),
        model: list(apiKey, baseURL)
          .then((models) => pickNewestSonnet(models) ?? DEFAULT_MODEL)
          .catch(() => DEFAULT_MODEL),
      };
    }
    return cached.model;
  };
}
