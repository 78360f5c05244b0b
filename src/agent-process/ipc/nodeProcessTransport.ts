// The RPC envelope over Node's IPC channel (child_process.fork). Written
// against the shape both ends share, so the same adapter serves the child
// (`process`) and the parent (the ChildProcess it forked).

import { isRpcMessage, type RpcMessage, type RpcTransport } from '../../shared/rpc/envelope.js';

/** What `process` (in a forked child) and a `ChildProcess` (in the parent) both have. */
export interface IpcEndpoint {
  send?(message: unknown, callback?: (error: Error | null) => void): boolean;
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

export function createNodeProcessTransport(endpoint: IpcEndpoint): RpcTransport {
  return {
    send(message: RpcMessage) {
      if (!endpoint.send || endpoint.connected === false) throw new Error('The IPC channel is closed.');
      // The callback swallows EPIPE-style errors when the other side has just gone.
      endpoint.send(message, () => undefined);
    },
    onMessage(listener) {
      const handler = (message: unknown) => {
        if (isRpcMessage(message)) listener(message);
      };
      endpoint.on('message', handler);
      return () => endpoint.off('message', handler);
    },
    onClose(listener) {
      endpoint.on('disconnect', listener);
      return () => endpoint.off('disconnect', listener);
    },
  };
}
