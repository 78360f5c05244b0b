// One model call, done right: the shared rate limiter's permission first, the
// real SDK with streaming, and our own retry loop (the SDK's is off) so the
// supervisor sees every 429 and every back-off.

import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages/messages';
import type { AgentEmittedEvent, AgentHostService, ProviderCredentials } from '../shared/contract/agentHost.js';
import type { ResolvedProvider } from '../shared/providers.js';
import { cancellable, CancelledError, sleep } from './cancellation.js';
import { createProviderClient, withUsageFilledIn, type MessagesClient } from './providerClient.js';
import { createNodeHttpFetch } from './nodeHttpFetch.js';

export const MAX_RETRIES = 6;
const MAX_RATE_LIMIT_HITS = 20;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60_000;
const TEXT_FLUSH_MS = 50;

/** The model call cannot succeed: the agent fails with this message. */
export class ModelCallFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelCallFailure';
  }
}

type Failure =
  | { kind: 'fatal'; message: string }
  | { kind: 'rate_limited'; message: string }
  | { kind: 'retry'; message: string; retryAfterMs: number | null };

interface ResponseInfo {
  status: number;
  headers: Record<string, string>;
}

/** The headers the limiter learns from: anthropic-ratelimit-*, retry-after. */
export function rateLimitHeaders(headers: Headers): Record<string, string> {
  const picked: Record<string, string> = {};
  headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('anthropic-ratelimit-') || lower === 'retry-after' || lower === 'retry-after-ms') picked[lower] = value;
  });
  return picked;
}

function retryAfterMs(headers: Record<string, string> | Headers | undefined | null): number | null {
  if (!headers) return null;
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : headers[name]) ?? null;
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = get('retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

const SPEND_LIMIT = /(spend|spending|billing|credit|balance|quota|usage limit|payment)/i;

/**
 * Whether `error` is an instance of the SDK's error class `name`, from this
 * bundle's copy of @anthropic-ai/sdk or another one: the cloud SDKs load from
 * node_modules (scripts/bundleAgent.mjs keeps them out of the bundle) with their
 * own copy, whose classes `instanceof` does not recognise. Names are kept there
 * (node_modules is not minified); the APIError shape is checked as well.
 */
function isSdkError<T extends InstanceType<typeof Anthropic.APIError>>(error: unknown, ours: abstract new (...args: never[]) => T, name: string): error is T {
  if (error instanceof ours) return true;
  if (typeof error !== 'object' || error === null || !('status' in error) || !('headers' in error) || !('requestID' in error)) return false;
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === name) return true;
  }
  return false;
}

export function classifyFailure(error: unknown, model: string, provider?: ResolvedProvider): Failure {
  if (isSdkError(error, Anthropic.APIUserAbortError, 'APIUserAbortError')) return { kind: 'fatal', message: 'cancelled' };
  const missingCredentials = cloudCredentialFailure(error, provider);
  if (missingCredentials) return { kind: 'fatal', message: missingCredentials };
  if (isSdkError(error, Anthropic.APIConnectionError, 'APIConnectionError')) {
    return { kind: 'retry', message: `network error: ${error.message}`, retryAfterMs: null };
  }
  if (isSdkError(error, Anthropic.APIError, 'APIError')) {
    const status = error.status as number | undefined;
    const detail = error.message;
    const after = retryAfterMs(error.headers as Headers | undefined);
    if (status === undefined) {
      // An error event in the middle of the stream.
      const type = (error.error as { error?: { type?: string } } | undefined)?.error?.type ?? error.type ?? '';
      if (type === 'invalid_request_error' || type === 'authentication_error' || type === 'permission_error') {
        return { kind: 'fatal', message: `The model API stopped the reply: ${detail}` };
      }
      return { kind: 'retry', message: `the stream broke off (${type || 'error'}): ${detail}`, retryAfterMs: after };
    }
    if (status === 401) {
      if (provider && provider.kind !== 'anthropic') {
        return {
          kind: 'fatal',
          message: `${provider.label} rejected the credentials (401): ${detail}. Check the provider's key or token (Settings → Providers) and resume the agent.`,
        };
      }
      return { kind: 'fatal', message: 'The API key was rejected (401). Check the key (Settings, or ANTHROPIC_API_KEY) and resume the agent.' };
    }
    const spendCode = /spend|billing|credit/i.test(String((error as { errorCode?: unknown }).errorCode ?? ''));
    if (status === 402 || (status === 429 && (spendCode || SPEND_LIMIT.test(detail)))) {
      return {
        kind: 'fatal',
        message: `The API account has reached its spend limit, so no more requests are accepted (${status}: ${detail}). Raise the limit or add credits in the Anthropic Console, then resume the agent.`,
      };
    }
    if (status === 429) return { kind: 'rate_limited', message: detail };
    if (status === 403) return { kind: 'fatal', message: `The API refused the request (403 permission error): ${detail}` };
    if (status === 404) return { kind: 'fatal', message: `The model "${model}" was not found (404): ${detail}` };
    if (status === 413) return { kind: 'fatal', message: `The conversation is too large for the API (413): ${detail}` };
    if (status === 408 || status === 409 || status === 529 || status >= 500) {
      const what = status === 529 ? 'the API is overloaded (529)' : `the API failed (${status})`;
      return { kind: 'retry', message: `${what}: ${detail}`, retryAfterMs: after };
    }
    return { kind: 'fatal', message: `The API rejected the request (${status}): ${detail}` };
  }
  const message = (error as Error)?.message ?? String(error);
  // fetch failures, streams ending early and the like: worth another try.
  return { kind: 'retry', message: `request failed: ${message}`, retryAfterMs: null };
}

/**
 * A cloud provider with no usable credentials: not worth a retry. The Vertex
 * SDK reports Google's failure as a connection error ("Failed to acquire Google
 * OAuth credentials"); the AWS chain throws CredentialsProviderError.
 */
function cloudCredentialFailure(error: unknown, provider: ResolvedProvider | undefined): string | null {
  if (!provider || (provider.kind !== 'vertex' && provider.kind !== 'bedrock')) return null;
  const err = error as { name?: string; message?: string; cause?: { message?: string; name?: string } };
  const text = `${err.name ?? ''} ${err.message ?? ''} ${err.cause?.name ?? ''} ${err.cause?.message ?? ''}`;
  if (provider.kind === 'vertex' && /Google OAuth credentials|default credentials/i.test(text)) {
    return (
      `${provider.label} (Google Vertex AI) has no usable credentials: ${(err.cause?.message ?? err.message ?? '').replace(/\.+$/, '')}. ` +
      'Save an access token for it (Settings → Providers), or set GOOGLE_APPLICATION_CREDENTIALS for the host, then resume the agent.'
    );
  }
  if (provider.kind === 'bedrock' && /CredentialsProviderError|Could not load credentials|credential/i.test(text) && !/\b(401|403)\b/.test(text)) {
    return (
      `${provider.label} (Amazon Bedrock) has no usable credentials: ${(err.message ?? '').replace(/\.+$/, '')}. ` +
      'Save a Bedrock API key for it (Settings → Providers), or set AWS_BEARER_TOKEN_BEDROCK or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for the host, then resume the agent.'
    );
  }
  return null;
}

/** Exponential back-off with ±25% jitter, never shorter than retry-after. */
export function backoffDelay(attempt: number, retryAfter: number | null, random: () => number = Math.random): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  const jittered = Math.round(exponential * (0.75 + random() * 0.5));
  return retryAfter !== null ? Math.max(jittered, Math.ceil(retryAfter)) : jittered;
}

export interface ModelClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** The provider (absent: Anthropic with apiKey and baseUrl). */
  provider?: ResolvedProvider;
  credentials?: ProviderCredentials;
  model: string;
  host: AgentHostService;
  emit: (event: AgentEmittedEvent) => void;
  /** Called when a response's headers arrive (the agent loads its tools meanwhile). */
  onResponse?: () => void;
  /** Injected for tests (back-off without waiting). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export class ModelClient {
  private readonly client: Promise<MessagesClient>;
  /** What the current attempt's response said (one call at a time per agent). */
  private response: ResponseInfo | null = null;
  private readonly providerId: string | undefined;
  /** Set when the endpoint's stream carried no `usage` (see providerClient.ts). */
  usageMissing = false;

  constructor(private readonly options: ModelClientOptions) {
    this.providerId = options.provider?.id;
    // node:http underneath rather than the global fetch (undici): see nodeHttpFetch.ts.
    const send = createNodeHttpFetch();
    const reporting: typeof fetch = async (input, init) => {
      const response = withUsageFilledIn(await send(input, init), () => {
        this.usageMissing = true;
      });
      options.onResponse?.();
      const info = { status: response.status, headers: rateLimitHeaders(response.headers), ...this.providerTag() };
      this.response = info;
      // Errors are reported at once (a 429 must hold every agent now); successes
      // twice: their headers now (the limiter learns the limits while the reply
      // streams), the call's end with the real usage.
      void options.host.reportRateLimit(response.ok ? { ...info, phase: 'headers' } : info).catch(() => undefined);
      return response;
    };
    this.client = createProviderClient({
      provider: options.provider,
      credentials: options.credentials,
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      fetch: reporting,
    });
    // A provider SDK that cannot load fails the first call, with its message.
    this.client.catch(() => undefined);
  }

  private providerTag(): { provider?: string } {
    return this.providerId ? { provider: this.providerId } : {};
  }

  /** Streams one reply; text deltas go out as `text` events. Retries what can be retried. */
  async call(params: MessageCreateParamsBase, estimatedInputTokens: number, signal: AbortSignal): Promise<Message> {
    let failures = 0;
    let rateLimitHits = 0;
    for (;;) {
      if (signal.aborted) throw new CancelledError();
      await cancellable(
        this.options.host.acquireRateLimit({
          inputTokens: Math.max(1, Math.round(estimatedInputTokens)),
          outputTokens: params.max_tokens,
          ...this.providerTag(),
        }),
        signal,
      );
      this.response = null;
      try {
        const message = await this.streamOnce(params, signal);
        const usage = message.usage;
        const info = this.response as ResponseInfo | null;
        void this.options.host
          .reportRateLimit({
            status: info?.status ?? 200,
            headers: info?.headers ?? {},
            inputTokens: (usage.input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0),
            outputTokens: usage.output_tokens ?? 0,
            ...this.providerTag(),
          })
          .catch(() => undefined);
        return message;
      } catch (error) {
        if (signal.aborted) throw new CancelledError();
        if (error instanceof ModelCallFailure) throw error;
        const info = this.response as ResponseInfo | null;
        // A stream that broke after a 200 still used a request.
        if (info?.status && info.status < 300) void this.options.host.reportRateLimit(info).catch(() => undefined);
        const failure = classifyFailure(error, this.options.model, this.options.provider);
        if (failure.kind === 'fatal') throw new ModelCallFailure(failure.message);
        if (failure.kind === 'rate_limited') {
          // Already reported: the host holds every agent until retry-after passes.
          if (++rateLimitHits > MAX_RATE_LIMIT_HITS) {
            throw new ModelCallFailure(`The API kept answering 429 (rate limited) ${MAX_RATE_LIMIT_HITS} times in a row: ${failure.message}`);
          }
          continue;
        }
        failures++;
        if (failures >= MAX_RETRIES) {
          throw new ModelCallFailure(`The model API failed ${failures} times in a row; giving up. Last error: ${failure.message}`);
        }
        const delayMs = backoffDelay(failures, failure.retryAfterMs);
        this.options.emit({ type: 'retry', attempt: failures, delayMs, reason: failure.message });
        await (this.options.sleep ?? sleep)(delayMs, signal);
      }
    }
  }

  private async streamOnce(params: MessageCreateParamsBase, signal: AbortSignal): Promise<Message> {
    let client: MessagesClient;
    try {
      client = await this.client;
    } catch (error) {
      throw new ModelCallFailure(`The ${this.options.provider?.label ?? 'model'} client could not be set up: ${(error as Error).message}`);
    }
    const stream = client.messages.stream(params, { signal });
    let pending = '';
    let timer: NodeJS.Timeout | null = null;
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (pending) this.options.emit({ type: 'text', text: pending });
      pending = '';
    };
    stream.on('text', (delta) => {
      pending += delta;
      timer ??= setTimeout(flush, TEXT_FLUSH_MS);
    });
    try {
      return (await stream.finalMessage()) as Message;
    } catch (error) {
      const salvaged = salvageGarbledToolInput(error, stream.currentMessage as Message | undefined);
      if (salvaged) return salvaged;
      throw error;
    } finally {
      flush();
    }
  }
}

/**
 * The SDK parses a tool call's input when its block ends, and input that is
 * not JSON makes the whole stream fail: retrying would only ask for the same
 * reply again, and the agent would fail with a JSON parser's message. The
 * reply up to that block is kept instead, ending with the garbled call; its
 * `input` still throws when read, which the agent loop turns into a tool
 * error the model can act on (and send the call again).
 */
export function salvageGarbledToolInput(error: unknown, snapshot: Message | undefined): Message | null {
  if (!(error instanceof Error) || !((error as { cause?: unknown }).cause instanceof SyntaxError) || !snapshot) return null;
  const garbledAt = snapshot.content.findIndex((block) => {
    if (block.type !== 'tool_use') return false;
    try {
      void block.input;
      return false;
    } catch {
      return true;
    }
  });
  if (garbledAt < 0) return null;
  return { ...snapshot, content: snapshot.content.slice(0, garbledAt + 1), stop_reason: 'tool_use' };
}
