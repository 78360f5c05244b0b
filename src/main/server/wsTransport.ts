// The RPC envelope over a WebSocket (the `ws` package), for both ends that run
// under Node: the host's side of each page connection, and the CLI's client to
// a running host. The page has its own browser-side transport.

import WebSocket from 'ws';
import { parseRpcMessage, type RpcTransport } from '../../shared/rpc/envelope.js';

/**
 * The largest message the host accepts; bigger ones close the connection (1009).
 * It fits a save of the longest text the editor sends (MAX_SAVE_CHARS, at most
 * 3 UTF-8 bytes a character): at 1 MB, saving any file over 1 MB closed the page's connection.
 */
export const MAX_RPC_MESSAGE_BYTES = 32 * 1024 * 1024;

/** A slow reader that lets this much pile up unsent is dropped rather than grow memory without end. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface WsRpcTransport extends RpcTransport {
  /** Closes the connection (normal closure unless told otherwise). */
  close(code?: number, reason?: string): void;
}

/** `onMalformed` hears of every message that is not a well-formed envelope (it is dropped: there is no id to answer to). */
export function createWsTransport(socket: WebSocket, options: { onMalformed?: (problem: string) => void } = {}): WsRpcTransport {
  return {
    send(message) {
      if (socket.readyState !== WebSocket.OPEN) throw new Error('The connection to the Offload host is closed.');
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(1013, 'Too far behind');
        throw new Error('The connection fell too far behind and was closed.');
      }
      socket.send(JSON.stringify(message));
    },
    onMessage(listener) {
      const handle = (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(rawDataToString(data));
        } catch {
          options.onMalformed?.('a message that is not JSON was dropped');
          return;
        }
        const envelope = parseRpcMessage(parsed);
        if (envelope.ok) listener(envelope.message);
        else options.onMalformed?.(envelope.problem);
      };
      socket.on('message', handle);
      return () => socket.off('message', handle);
    },
    onClose(listener) {
      const handle = () => listener();
      socket.on('close', handle);
      return () => socket.off('close', handle);
    },
    close(code = 1000, reason = '') {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(code, reason);
    },
  };
}

function rawDataToString(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export interface ConnectOptions {
  /** Sent as `Authorization: Bearer …`, so the token stays out of URLs and logs. */
  token: string;
  /** Give up after this long (default 3 s). */
  timeoutMs?: number;
}

export class WsConnectError extends Error {
  /** 'refused' (nothing listens), 'unauthorized' (401), 'forbidden' (403), 'timeout', 'other'. */
  readonly kind: 'refused' | 'unauthorized' | 'forbidden' | 'timeout' | 'other';
  constructor(message: string, kind: WsConnectError['kind']) {
    super(message);
    this.name = 'WsConnectError';
    this.kind = kind;
  }
}

/**
 * Opens a client connection to a host's /rpc endpoint (e.g. ws://127.0.0.1:PORT/rpc).
 * No Origin header is sent: the host allows that only with the token.
 */
export function connectWsTransport(url: string, options: ConnectOptions): Promise<WsRpcTransport> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${options.token}` },
      maxPayload: 16 * 1024 * 1024,
      handshakeTimeout: options.timeoutMs ?? 3000,
      perMessageDeflate: false,
    });
    let settled = false;
    const fail = (error: WsConnectError) => {
      if (settled) return;
      settled = true;
      socket.terminate();
      reject(error);
    };
    socket.once('open', () => {
      if (settled) return;
      settled = true;
      socket.off('error', onError);
      // A later socket error ends in 'close', which the transport reports.
      socket.on('error', () => {});
      resolve(createWsTransport(socket));
    });
    socket.once('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      if (status === 401) fail(new WsConnectError('The Offload host refused the token (401).', 'unauthorized'));
      else if (status === 403) fail(new WsConnectError('The Offload host refused the connection (403).', 'forbidden'));
      else fail(new WsConnectError(`The Offload host answered ${status} instead of opening a WebSocket.`, 'other'));
    });
    const onError = (error: Error & { code?: string }) => {
      if (error.code === 'ECONNREFUSED') fail(new WsConnectError('No Offload host is listening there.', 'refused'));
      else if (/timed out/i.test(error.message)) fail(new WsConnectError('The Offload host did not answer in time.', 'timeout'));
      else fail(new WsConnectError(`Could not reach the Offload host: ${error.message}`, 'other'));
    };
    socket.on('error', onError);
  });
}
