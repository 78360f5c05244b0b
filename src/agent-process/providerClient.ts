// One SDK client per provider, all speaking the Messages API: the real
// @anthropic-ai/sdk for Anthropic and compatible endpoints, and Anthropic's own
// @anthropic-ai/bedrock-sdk and @anthropic-ai/vertex-sdk for the clouds (loaded
// only when used: they are large). Our retry loop is the only one (maxRetries 0),
// and no client ever reads a credential from the environment: secrets come over IPC.

import { Readable } from 'node:stream';
import type Anthropic from '@anthropic-ai/sdk';
import type { ProviderCredentials } from '../shared/contract/agentHost.js';
import type { ResolvedProvider } from '../shared/providers.js';
import { streamedResponse } from './nodeHttpFetch.js';

export type MessagesClient = Pick<Anthropic, 'messages'>;

export interface ProviderClientOptions {
  provider: ResolvedProvider | undefined;
  credentials: ProviderCredentials | undefined;
  /** The Anthropic API key (the anthropic provider). */
  apiKey: string;
  baseUrl: string | undefined;
  fetch: typeof fetch;
}

const GOOGLE_CLOUD_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

export async function createProviderClient(options: ProviderClientOptions): Promise<MessagesClient> {
  const provider = options.provider;
  const common = { maxRetries: 0, fetch: options.fetch };
  const secret = options.credentials?.secret;
  if (!provider || provider.kind === 'anthropic') {
    const { default: AnthropicClient } = await import('@anthropic-ai/sdk');
    return new AnthropicClient({
      ...common,
      apiKey: options.apiKey,
      // Unset: the SDK's own default (ANTHROPIC_BASE_URL, else the real API).
      baseURL: provider?.baseUrl || options.baseUrl || undefined,
      // The key arrives over IPC; never pick up a token from the environment.
      authToken: null,
    });
  }
  if (provider.kind === 'compatible') {
    const { default: AnthropicClient } = await import('@anthropic-ai/sdk');
    // Ollama: "API key is accepted but not validated"; its cloud takes only
    // Authorization: Bearer (https://docs.ollama.com/api/anthropic-compatibility).
    // An endpoint without auth still needs some credential for the SDK to send a request.
    const bearer = provider.auth === 'bearer';
    const value = secret || (provider.auth === 'none' ? 'no-key' : '');
    if (!value) throw new Error(`no ${bearer ? 'bearer token' : 'API key'} is set for the provider "${provider.id}" (Settings → Providers)`);
    return new AnthropicClient({
      ...common,
      baseURL: provider.baseUrl,
      apiKey: bearer ? null : value,
      authToken: bearer ? value : null,
    });
  }
  if (provider.kind === 'bedrock') {
    const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk');
    const aws = options.credentials?.aws;
    // A Bedrock API key is sent as a bearer token; static AWS keys are signed
    // with SigV4; neither: the AWS SDK's default chain (~/.aws files, SSO, instance roles).
    const base = {
      ...common,
      ...(provider.baseUrl ? { baseURL: provider.baseUrl } : {}),
      awsRegion: provider.region ?? 'us-east-1',
      apiKey: secret || null,
    };
    const client =
      aws && !secret
        ? new AnthropicBedrock({ ...base, awsAccessKey: aws.accessKeyId, awsSecretKey: aws.secretAccessKey, awsSessionToken: aws.sessionToken ?? null })
        : new AnthropicBedrock(base);
    return client as unknown as MessagesClient;
  }
  const { AnthropicVertex } = await import('@anthropic-ai/vertex-sdk');
  const { GoogleAuth, OAuth2Client } = await import('google-auth-library');
  let auth: { authClient: InstanceType<typeof OAuth2Client> } | { googleAuth: InstanceType<typeof GoogleAuth> };
  if (secret) {
    // An OAuth access token (e.g. `gcloud auth print-access-token`): the SDK's
    // `accessToken` option is not used for requests, so it goes in as a client.
    const client = new OAuth2Client();
    client.setCredentials({ access_token: secret });
    auth = { authClient: client };
  } else {
    const keyFile = options.credentials?.googleCredentialsFile;
    auth = { googleAuth: new GoogleAuth({ scopes: GOOGLE_CLOUD_SCOPE, ...(keyFile ? { keyFile } : {}) }) };
  }
  return new AnthropicVertex({
    ...common,
    ...(provider.baseUrl ? { baseURL: provider.baseUrl } : {}),
    region: provider.region ?? 'global',
    projectId: provider.projectId ?? null,
    ...auth,
  }) as unknown as MessagesClient;
}

/**
 * The SDK's stream accumulator reads `usage` from message_start and
 * message_delta and fails without it; an endpoint may send none (llama.cpp's
 * server and some gateways). Such events get zero usage here, and `onMissing`
 * tells the agent, which says so in the stream: nothing is guessed.
 */
export function withUsageFilledIn(response: Response, onMissing: () => void): Response {
  if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream')) return response;
  // Read as an async iterable, which both Node's ReadableStream and nodeHttpFetch's
  // body are, and rewrapped in the same Response class: Node's TransformStream and
  // Response would load undici into every agent (see nodeHttpFetch.ts).
  const source = response.body as unknown as AsyncIterable<Uint8Array>;
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  const fix = (line: string): string => {
    if (!line.startsWith('data:') || !/"message_(start|delta)"/.test(line)) return line;
    try {
      const data = JSON.parse(line.slice(5));
      if (data?.type === 'message_start' && data.message && !data.message.usage) {
        data.message.usage = { input_tokens: 0, output_tokens: 0 };
      } else if (data?.type === 'message_delta' && !data.usage) {
        data.usage = { output_tokens: 0 };
      } else return line;
      onMissing();
      return `data: ${JSON.stringify(data)}`;
    } catch {
      return line;
    }
  };
  async function* fixed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (lines.length > 0) yield encoder.encode(lines.map(fix).join('\n') + '\n');
    }
    pending += decoder.decode();
    if (pending) yield encoder.encode(fix(pending));
  }
  return streamedResponse(Readable.from(fixed(), { objectMode: false }), { status: response.status, statusText: response.statusText, headers: response.headers });
}
