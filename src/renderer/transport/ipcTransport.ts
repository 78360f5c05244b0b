// The desktop transport: the preload's two-function pipe. The link lives as
// long as the window, so it is open from the start and never reconnects.

import { isRpcMessage, type RpcMessage } from '../../shared/rpc/envelope.js';
import type { Connection } from './connection.js';

/** Exactly what the preload exposes; it never grows. */
export interface OffloadIpc {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    offloadIpc?: OffloadIpc;
  }
}

export function createIpcTransport(ipc: OffloadIpc): Connection {
  return {
    status: 'open',
    send(message: RpcMessage) {
      ipc.send(message);
    },
    onMessage(listener) {
      return ipc.onMessage((message) => {
        if (isRpcMessage(message)) listener(message);
      });
    },
    onStatus() {
      return () => {};
    },
    close() {},
  };
}
