// The RPC envelope over Electron's utilityProcess parentPort. Typed by shape
// here so the agent never imports electron.

import { parseRpcMessage, type RpcMessage, type RpcTransport } from '../../shared/rpc/envelope.js';

/** Electron's `process.parentPort` (a MessagePortMain-like object). */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  off?(event: string, listener: (...args: any[]) => void): unknown;
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
}

export function createParentPortTransport(port: ParentPortLike, options: { onMalformed?: (problem: string) => void } = {}): RpcTransport {
  const remove = (event: string, listener: (...args: any[]) => void) => {
    if (port.off) port.off(event, listener);
    else port.removeListener?.(event, listener);
  };
  return {
    send(message: RpcMessage) {
      port.postMessage(message);
    },
    onMessage(listener) {
      const handler = (event: { data: unknown }) => {
        const parsed = parseRpcMessage(event?.data);
        if (parsed.ok) listener(parsed.message);
        else options.onMalformed?.(parsed.problem);
      };
      port.on('message', handler);
      return () => remove('message', handler);
    },
    onClose(listener) {
      port.on('close', listener);
      return () => remove('close', listener);
    },
  };
}
