// The browser transport: one WebSocket to the host that served the page, at
// /rpc, carrying the page's secret token. It reconnects with backoff; requests
// sent while the link is down wait and go out once it is back.

import { DisposableStore, Emitter, rethrowLater, toDisposable } from '../../shared/lifecycle.js';
import { isRpcMessage, type RpcMessage } from '../../shared/rpc/envelope.js';
import type { Connection, ConnectionStatus } from './connection.js';

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;
/** WebSocket.OPEN (the same in the browser and in the `ws` package). */
const OPEN = 1;

/** The slice of the browser's WebSocket this transport uses (typed by shape, so tests can hand it the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
}

/** ws(s)://HOST/rpc?token=T for a page loaded as http(s)://HOST/?token=T. */
export function rpcUrlFor(location: { readonly search: string; readonly protocol: string; readonly host: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/rpc?token=${encodeURIComponent(token)}`;
}

export interface WsTransportOptions {
  /** Opens the socket (default: the browser's WebSocket). */
  openSocket?: (url: string) => WebSocketLike;
  /** Where a listener's error goes (default: surfaced as an unhandled rejection, after the other listeners ran). */
  onListenerError?: (error: unknown) => void;
}

// The DOM types its handlers with DOM events; the transport reads only `data`.
const browserSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

export function createWsTransport(url: string, options: WsTransportOptions = {}): Connection {
  const openSocket = options.openSocket ?? browserSocket;
  const onListenerError = options.onListenerError ?? rethrowLater;
  // Everything the transport holds, released at once by close(): listeners, the retry timer, the socket.
  const lifetime = new DisposableStore();
  const messages = lifetime.add(new Emitter<RpcMessage>(onListenerError));
  const closes = lifetime.add(new Emitter<void>(onListenerError));
  const statuses = lifetime.add(new Emitter<ConnectionStatus>(onListenerError));
  const outbox: string[] = [];
  let socket: WebSocketLike | null = null;
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  lifetime.add(toDisposable(() => clearTimeout(retryTimer)));

  function setStatus(next: ConnectionStatus) {
    if (next === status && next !== 'open') return;
    status = next;
    statuses.fire(next);
  }

  /** The socket is gone (it closed, or we closed it): calls in flight are lost with it, so their callers hear of it. */
  function dropSocket() {
    socket = null;
    closes.fire();
    setStatus('closed');
  }

  function connect() {
    setStatus('connecting');
    const ws = openSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('open');
      while (outbox.length && ws.readyState === OPEN) ws.send(outbox.shift()!);
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (isRpcMessage(message)) messages.fire(message);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      dropSocket();
      if (lifetime.isDisposed) return;
      const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      attempt++;
      retryTimer = setTimeout(connect, delay);
    };
  }

  connect();

  return {
    get status() {
      return status;
    },
    send(message) {
      const text = JSON.stringify(message);
      if (socket && socket.readyState === OPEN) socket.send(text);
      else outbox.push(text);
    },
    onMessage(listener) {
      const subscription = messages.event(listener);
      return () => subscription.dispose();
    },
    onClose(listener) {
      const subscription = closes.event(listener);
      return () => subscription.dispose();
    },
    onStatus(listener) {
      const subscription = statuses.event(listener);
      return () => subscription.dispose();
    },
    close() {
      if (lifetime.isDisposed) return;
      // Listeners hear "closed" once, now (the socket's own close event comes later and is ignored), then are let go.
      const ws = socket;
      if (ws) {
        ws.close();
        dropSocket();
      } else setStatus('closed');
      outbox.length = 0;
      lifetime.dispose();
    },
  };
}
