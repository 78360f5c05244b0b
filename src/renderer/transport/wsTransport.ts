// The browser transport: one WebSocket to the host that served the page, at
// /rpc, carrying the page's secret token. It reconnects with backoff; requests
// sent while the link is down wait and go out once it is back.

import { isRpcMessage, type RpcMessage } from '../../shared/rpc/envelope.js';
import type { Connection, ConnectionStatus } from './connection.js';

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/** ws(s)://HOST/rpc?token=T for a page loaded as http(s)://HOST/?token=T. */
export function rpcUrlFor(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/rpc?token=${encodeURIComponent(token)}`;
}

export function createWsTransport(url: string): Connection {
  const messageListeners = new Set<(message: RpcMessage) => void>();
  const closeListeners = new Set<() => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const outbox: string[] = [];
  let socket: WebSocket | null = null;
  let status: ConnectionStatus = 'connecting';
  let attempt = 0;
  let closedByUs = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  function setStatus(next: ConnectionStatus) {
    if (next === status && next !== 'open') return;
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function connect() {
    setStatus('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setStatus('open');
      while (outbox.length && ws.readyState === WebSocket.OPEN) ws.send(outbox.shift()!);
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!isRpcMessage(message)) return;
      for (const listener of messageListeners) listener(message);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // Calls in flight are lost with the socket: let their callers know.
      for (const listener of closeListeners) listener();
      setStatus('closed');
      if (closedByUs) return;
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
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
      else outbox.push(text);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closedByUs = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
