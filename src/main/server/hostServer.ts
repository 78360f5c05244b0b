// The local host's door: serves the built renderer over HTTP and the host's
// service over one WebSocket (/rpc), on 127.0.0.1 only, behind the access
// guard (token, Host and Origin checks: see accessGuard.ts). Used by
// `offload serve` and, for the CLI's sake, by the desktop app.

import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DisposableStore, type Disposable } from '../../shared/lifecycle.js';
import { serveHostConnection } from '../app/hostConnection.js';
import type { OffloadHost } from '../app/host.js';
import { createAccessGuard, newSecret, type AccessGuard, type Refusal } from './accessGuard.js';
import { publishRunningHost } from './hostDiscovery.js';
import { watchFirstPageLoad } from './firstPageLoad.js';
import { defaultRendererDir, resolveStaticFile, securityHeaders } from './staticFiles.js';
import { createWsTransport, MAX_RPC_MESSAGE_BYTES } from './wsTransport.js';

export interface HostServerOptions {
  /**
   * The host, its promise, or how to make it. The page is served at once and
   * /rpc connections wait until the host is made (`offload serve` prints its
   * URL before the host has read every agent's log; issue 11). A function is
   * called once the page's first load has been served (the document and the
   * files it loads before its script runs), when a /rpc connection comes
   * first, or `makeHostWithinMs` after listening, whichever is first: making
   * the host holds this thread, and the page's files should not wait behind it.
   */
  host: OffloadHost | Promise<OffloadHost> | (() => Promise<OffloadHost>);
  /** For a host given as a function: make it this long after listening at the latest (default MAKE_HOST_WITHIN_MS). */
  makeHostWithinMs?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer; default dist/renderer. */
  staticDir?: string;
  /**
   * OFFLOAD_HOME. When given, <workspace state>/host.json announces this host
   * (pid, port, token; mode 0600) so the CLI's commands for the workspace go
   * through it, and is removed on close.
   */
  home?: string;
  /**
   * Announce only if no live host is announced (else HostAlreadyRunningError):
   * one host per workspace, even when two start at once.
   */
  exclusive?: boolean;
  /** Use this token instead of a fresh random one (at least 128 bits; for tests and restarts). */
  token?: string;
}

export interface RunningHostServer {
  /** http://127.0.0.1:PORT/?token=…: print it once, never log it elsewhere. */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  /**
   * Resolves once the host is made and announced (at once for a host given
   * as such); rejects when making or announcing it failed.
   */
  readonly ready: Promise<void>;
  /** Closes every connection and stops listening. Does not dispose the host. */
  close(): Promise<void>;
}

/**
 * A host given as a function is made at the latest this long after the
 * server listens, page or not (no browser opened the URL yet, the assets came
 * from the browser's cache): the CLI finds it (host.json) once it is made.
 */
export const MAKE_HOST_WITHIN_MS = 400;

/** More page connections than this at once is not a person using the UI. */
const MAX_CONNECTIONS = 64;

/** One open /rpc connection (a page or a CLI): its socket and the host's service on it. Disposed when the socket closes. */
interface OpenConnection extends Disposable {
  readonly ws: WebSocket;
  readonly rpc: ReturnType<typeof serveHostConnection>;
}

export async function startHostServer(options: HostServerOptions): Promise<RunningHostServer> {
  // The page's calls are checked with the contract's schemas (zod): loaded beside the host, not before the page is served.
  let closing: Promise<void> | null = null;
  const staticDir = options.staticDir ?? defaultRendererDir();
  const hostSource = options.host;
  let startMaking!: () => void;
  const makingStarted = typeof hostSource === 'function' ? new Promise<void>((resolve) => (startMaking = resolve)) : Promise.resolve();
  const hostMade: Promise<OffloadHost> = makingStarted.then(() => (typeof hostSource === 'function' ? hostSource() : hostSource));
  const connectionParts = Promise.all([hostMade, makingStarted.then(() => import('../../shared/contract/offloadSchemas.js'))]);
  connectionParts.catch(() => undefined);
  // Until the page's first load is out, nothing else holds this thread (see HostServerOptions.host).
  let makeHostTimer: NodeJS.Timeout | undefined;
  let makingHost = typeof hostSource !== 'function';
  const makeHostNow = () => {
    clearTimeout(makeHostTimer);
    if (makingHost || closing) return;
    makingHost = true;
    startMaking();
  };
  const firstLoad = typeof hostSource === 'function' ? await watchFirstPageLoad(staticDir, makeHostNow) : null;
  const token = options.token ?? newSecret();
  if (Buffer.byteLength(token) < 22) throw new Error('The host token must carry at least 128 bits (22+ characters).');

  let guard: AccessGuard | null = null;
  let headers: Record<string, string> = securityHeaders();
  // Every open connection, owned by the server: each leaves when its socket closes; close() ends the rest.
  const openConnections = new DisposableStore<OpenConnection>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_RPC_MESSAGE_BYTES, perMessageDeflate: false });

  const server = createServer((request, response) => {
    handleRequest(request, response).catch(() => {
      if (!response.headersSent) refuseHttp(response, 500, 'The Offload host failed to answer this request.');
      else response.destroy();
    });
  });

  function refuseHttp(response: ServerResponse, status: number, message: string, extra: Record<string, string> = {}) {
    const body = message + '\n';
    response.writeHead(status, {
      ...headers,
      ...extra,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
    });
    response.end(isHeadRequest(response) ? undefined : body);
  }

  async function handleRequest(request: IncomingMessage, response: ServerResponse) {
    if (!guard) return refuseHttp(response, 503, 'The Offload host is starting; try again.');
    const decision = guard.checkRequest(request);
    if (!decision.ok) return refuseHttp(response, decision.status, decision.message);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuseHttp(response, 405, 'Method not allowed: the page is read-only; everything else goes over the WebSocket.', {
        Allow: 'GET, HEAD',
      });
    }
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname === '/rpc') return refuseHttp(response, 426, 'Upgrade required: /rpc speaks WebSocket.', { Upgrade: 'websocket' });

    const file = await resolveStaticFile(staticDir, pathname);
    if (!file) {
      if (pathname === '/' || pathname === '/index.html') {
        return refuseHttp(response, 503, 'The Offload UI is not built: run `npm run build` (it writes dist/renderer), then reload.');
      }
      return refuseHttp(response, 404, 'Not found.');
    }
    const isDocument = file.contentType.startsWith('text/html');
    const isHashedAsset = pathname.startsWith('/assets/');
    const responseHeaders: Record<string, string> = {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Cache-Control': isHashedAsset ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    // The page's own later requests (assets, a reload without the query) get in by the cookie.
    if (isDocument && decision.by === 'token') responseHeaders['Set-Cookie'] = guard.sessionCookie();
    response.writeHead(200, responseHeaders);
    if (request.method === 'HEAD') return response.end();
    if (firstLoad) response.once('finish', () => firstLoad.served(pathname));
    const stream = createReadStream(file.path);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (refusal: { status: number; message: string }) => refuseUpgrade(socket, refusal, headers);
    if (!guard) return refuse({ status: 503, message: 'The Offload host is starting; try again.' });
    const decision = guard.checkUpgrade(request);
    if (!decision.ok) return refuse(decision);
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (pathname !== '/rpc') return refuse({ status: 404, message: 'Not found: the WebSocket endpoint is /rpc.' });
    if (openConnections.size >= MAX_CONNECTIONS) return refuse({ status: 503, message: 'Too many connections to the Offload host.' });
    // Someone needs the host now (a CLI, or a page whose files came from the browser's cache).
    makeHostNow();
    // While the host is still being made (reading the agents' logs), the connection waits for it.
    connectionParts.then(
      ([host, { validateOffloadParams }]) => {
        if (closing || socket.destroyed) return socket.destroy();
        wss.handleUpgrade(request, socket, head, (ws) => attach(ws, host, validateOffloadParams));
      },
      () => refuse({ status: 503, message: 'The Offload host failed to start.' }),
    );
  });

  function attach(ws: WebSocket, host: OffloadHost, validate: (method: string, params: unknown[]) => unknown[]) {
    const transport = createWsTransport(ws);
    const rpc = serveHostConnection(transport, host, { validate });
    const connection = openConnections.add({ ws, rpc, dispose: () => rpc.dispose() });
    // Errors (e.g. a message over the size limit) end in 'close'.
    ws.on('error', () => {});
    ws.on('close', () => {
      openConnections.delete(connection);
      connection.dispose();
    });
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${options.port} is already in use on 127.0.0.1: choose another with --port, or 0 for any free port.`));
      } else reject(error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  guard = createAccessGuard(port, token);
  if (typeof hostSource === 'function') {
    makeHostTimer = setTimeout(makeHostNow, options.makeHostWithinMs ?? MAKE_HOST_WITHIN_MS);
    makeHostTimer.unref();
  }
  headers = securityHeaders([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  server.on('error', () => {});

  // Announced (host.json) once the host is made: the CLI's commands go through it from then on.
  const announced = (async () => {
    const host = await hostMade;
    return options.home ? publishRunningHost(options.home, host.workspace, { pid: process.pid, port, token }, { exclusive: options.exclusive }) : null;
  })();
  const ready = announced.then(() => undefined);
  ready.catch(() => undefined);
  // A host given as such: announced before this returns, as before (a failed announcement closes the server and throws).
  if (!isPromise(hostSource) && typeof hostSource !== 'function') {
    await announced.catch((error: unknown) => {
      server.close();
      throw error;
    });
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    ready,
    close() {
      closing ??= (async () => {
        clearTimeout(makeHostTimer);
        // A host never started is not made now, only to be closed.
        if (makingHost) await (await announced.catch(() => null))?.();
        // A call that ended what the host was waiting for (e.g. another terminal's `cancel`)
        // still gets its answer before the sockets close; a stuck one gets a moment.
        await Promise.race([
          Promise.all(openConnections.values().map((c) => c.rpc.idle())),
          new Promise((r) => setTimeout(r, 2_000).unref()),
        ]);
        for (const { ws } of openConnections.values()) ws.close(1001, 'The Offload host is shutting down');
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
          // Sockets that ignore the closing handshake are cut after a moment.
          setTimeout(() => {
            for (const { ws } of openConnections.values()) ws.terminate();
          }, 500).unref();
        });
        // Whatever is still open (a socket cut but not yet reported closed) stops being served.
        openConnections.dispose();
        wss.close();
      })();
      return closing;
    },
  };
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown }).then === 'function';
}

function isHeadRequest(response: ServerResponse): boolean {
  return response.req?.method === 'HEAD';
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers a refused upgrade with a plain HTTP response, then hangs up. */
function refuseUpgrade(socket: Duplex, refusal: Refusal | { status: number; message: string }, headers: Record<string, string>) {
  const body = refusal.message + '\n';
  const lines = [
    `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.on('error', () => {});
  socket.end(lines.join('\r\n') + '\r\n\r\n' + body);
}
