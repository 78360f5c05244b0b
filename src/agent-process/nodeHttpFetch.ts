// The `fetch` the agent's model clients use: node:http and node:https underneath,
// a WHATWG Response on top, and no undici anywhere.
//
// Why not the global fetch: on Node 20 (and Electron's Node) fetch, Headers and
// Response all live in undici, one bundled file that loads whole on the first
// touch of any of them: its dispatcher, its HTTP/2 client (node:http2) and its
// WebAssembly HTTP parser. bench/agentStart and a bare `void globalThis.Headers`
// measured it (issue 11): 36-46 ms on the path to every agent's first request
// and 12 MB of every agent process's memory, paused or not. node:http's parser
// is built into Node and already loaded. So the Headers and Response here are
// @whatwg-node/node-fetch's (The Guild's ponyfills, pure JS over Node streams),
// and the agent bundle gives the SDK the same Headers for its own `new Headers()`
// (fetchGlobals.ts), so nothing on an agent's way to the model loads undici.
//
// What the SDK relies on from fetch, kept here as the Fetch Standard says
// (https://fetch.spec.whatwg.org/#fetch-method, #http-network-fetch) and as
// Node's http docs describe the request (https://nodejs.org/docs/latest-v20.x/api/http.html#httprequesturl-options-callback):
// - a network error rejects with a TypeError ("fetch failed", the cause being
//   Node's error, ECONNREFUSED and the like), as undici's fetch does;
// - an abort rejects with the signal's reason (an AbortError DOMException by
//   default), before the response or while its body is read;
// - a response's body is streamed as it arrives (server-sent events), and a
//   null-body status (204, 205, 304) or a HEAD has none;
// - a body the server compressed (Content-Encoding gzip, deflate, br) is
//   decoded; none is asked for, so the API sends plain text;
// - redirects are followed (at most 20) within the same origin; one to another
//   origin is returned as it is, so the API key never leaves for another host;
// - connections are kept alive between calls.
// Anything else (a Request object, a streamed or form body) goes to the global
// fetch, which does all of it: that costs speed, never correctness.
//
// Where the ponyfill's Response departs from the standard, and why it does not
// matter here: its clone() returns the same object (so AgentResponse refuses it:
// the SDK clones only inside client middleware, which the agent never sets), and
// an empty reason phrase reads as the status's usual one ("OK").

import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Headers, Response as PonyfillResponse } from '@whatwg-node/node-fetch';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

/** The ponyfill's Response, with a clone() that says it cannot, rather than handing back the same body. */
class AgentResponse extends PonyfillResponse {
  override clone(): never {
    throw new TypeError("The agent's fetch does not clone responses.");
  }
}

/** A Response (the ponyfill's, see above) whose body streams from `body`: a Node stream, or null for none. */
export function streamedResponse(body: Readable | null, init: { status: number; statusText: string; headers: Headers | globalThis.Headers }): Response {
  return new AgentResponse(body, init as ConstructorParameters<typeof PonyfillResponse>[1]) as unknown as Response;
}

type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

/** A fetch over node:http / node:https with its own kept-alive connections. */
export function createNodeHttpFetch(fallback: typeof fetch = globalThis.fetch): typeof fetch {
  const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };
  const nodeFetch = async (input: string | URL | Request, init: FetchInit = {}): Promise<Response> => {
    const body = requestBody(init.body);
    if (typeof input !== 'string' && !(input instanceof URL)) return fallback(input, init);
    if (body === undefined) return fallback(input, init);
    let url = new URL(String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback(input, init);
    let method = (init.method ?? 'GET').toUpperCase();
    let sent = body;
    const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
    for (let redirects = 0; ; redirects++) {
      const response = await requestOnce(url, method, headers, sent, init.signal ?? null, agents[url.protocol as 'http:' | 'https:']);
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || location === null || (init.redirect ?? 'follow') !== 'follow') return response;
      const next = new URL(location, url);
      if (next.origin !== url.origin) return response;
      if (redirects >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error(`more than ${MAX_REDIRECTS} redirects`) });
      await response.body?.cancel().catch(() => undefined);
      // 303, and 301/302 after a POST, turn into a GET without a body (the Fetch Standard's "HTTP-redirect fetch").
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        sent = null;
        for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
      }
      url = next;
    }
  };
  return nodeFetch as typeof fetch;
}

/** The request body as bytes or text; undefined when only the global fetch can send it (a stream, a form). */
function requestBody(body: FetchInit['body']): string | Uint8Array | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return undefined;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function requestOnce(url: URL, method: string, headers: Headers, body: string | Uint8Array | null, signal: AbortSignal | null, agent: http.Agent): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => (outgoing[name] = value));
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers: outgoing, agent });
    let settled = false;
    let response: http.IncomingMessage | null = null;
    const onAbort = () => {
      const reason = abortReason(signal!);
      const error = reason instanceof Error ? reason : new DOMException(String(reason), 'AbortError');
      // Before the response: the call rejects; after it: the body's stream errors with the reason.
      if (response) response.destroy(error);
      request.destroy(error);
      if (!settled) {
        settled = true;
        reject(reason);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    request.on('error', (error) => {
      done();
      if (settled) return;
      settled = true;
      reject(new TypeError('fetch failed', { cause: error }));
    });
    request.on('response', (incoming) => {
      if (settled) return incoming.destroy();
      settled = true;
      response = incoming;
      incoming.once('close', done);
      try {
        resolve(toResponse(incoming, method));
      } catch (error) {
        incoming.destroy();
        done();
        reject(new TypeError('fetch failed', { cause: error }));
      }
    });
    request.end(body ?? undefined);
  });
}

function toResponse(incoming: http.IncomingMessage, method: string): Response {
  const status = incoming.statusCode ?? 0;
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      // a value a Headers refuses is left out, not the whole response (Node's parser has already refused malformed lines)
    }
  }
  let body: Readable | null = null;
  if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') incoming.resume();
  else body = decoded(incoming);
  let statusText = incoming.statusMessage ?? '';
  // The Fetch Standard's Response takes only a reason-phrase of visible characters: any other is dropped.
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(statusText)) statusText = '';
  return streamedResponse(body, { status, statusText, headers });
}

/** The body with its Content-Encoding undone (the codings fetch decodes); errors of either side reach the other. */
function decoded(incoming: http.IncomingMessage): Readable {
  const codings = (incoming.headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity')
    .reverse();
  // An unknown coding leaves the body as it came, as fetch does.
  if (!codings.every((c) => c === 'gzip' || c === 'x-gzip' || c === 'deflate' || c === 'br')) return incoming;
  let stream: Readable = incoming;
  for (const coding of codings) {
    const decoder =
      coding === 'deflate'
        ? zlib.createInflate()
        : coding === 'br'
          ? zlib.createBrotliDecompress()
          : zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const source = stream;
    source.on('error', (error) => decoder.destroy(error));
    source.pipe(decoder);
    stream = decoder;
  }
  if (stream !== incoming) stream.on('close', () => incoming.destroy());
  return stream;
}
