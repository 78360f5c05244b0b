// Which model an agent runs when neither the user nor the settings name one:
// the newest Sonnet-class model the API lists (kept for a few minutes, also
// across CLI commands), else the built-in default. A failing list call never
// blocks a run.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { dirname, join } from 'node:path';
import { DEFAULT_MODEL } from '../../shared/cost.js';
import { pickNewestSonnet, type ModelListing } from '../../shared/defaultModel.js';

export { pickNewestSonnet, type ModelListing };

/**
 * GET /v1/models, page by page (https://platform.claude.com/docs/en/api/models-list:
 * x-api-key and anthropic-version headers; `limit` 1-1000; `has_more` and
 * `last_id` as the next page's `after_id`; newest first). A plain request, not
 * the SDK: the host would load ~600 KB of SDK code (about 40% of a one-request
 * run's host instructions) for this one call (issue 11, bench/startup.ts).
 * Throws on any failure; callers fall back to the built-in default.
 */
export async function listModels(apiKey: string, baseURL: string | undefined): Promise<ModelListing[]> {
  const base = (baseURL || 'https://api.anthropic.com').replace(/\/+$/, '');
  const out: ModelListing[] = [];
  let afterId: string | null = null;
  for (let page = 0; page < 10 && out.length < 200; page++) {
    const url = new URL(`${base}/v1/models`);
    url.searchParams.set('limit', '100');
    if (afterId) url.searchParams.set('after_id', afterId);
    const body = (await getJson(url, { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', accept: 'application/json' })) as {
      data?: unknown;
      has_more?: unknown;
      last_id?: unknown;
    };
    if (!Array.isArray(body.data)) throw new Error('The API\'s model list has no data.');
    for (const model of body.data as { id?: unknown; created_at?: unknown; display_name?: unknown }[]) {
      if (typeof model?.id !== 'string') continue;
      out.push({
        id: model.id,
        ...(typeof model.created_at === 'string' ? { created_at: model.created_at } : {}),
        ...(typeof model.display_name === 'string' ? { display_name: model.display_name } : {}),
      });
    }
    if (body.has_more !== true || typeof body.last_id !== 'string') break;
    afterId = body.last_id;
  }
  return out.slice(0, 200);
}

/**
 * One GET with node:http(s), answered JSON. Not fetch(): the host makes no
 * other HTTP call, and Node's fetch (undici) costs more to load than the
 * request itself.
 */
function getJson(url: URL, headers: Record<string, string>): Promise<unknown> {
  const get = url.protocol === 'http:' ? httpGet : httpsGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { headers, timeout: 5_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) return reject(new Error(`The API answered ${status} to the model list.`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new Error('The API\'s model list is not JSON.'));
        }
      });
    });
    request.on('timeout', () => request.destroy(new Error('The model list took over 5 s.')));
    request.on('error', reject);
  });
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
