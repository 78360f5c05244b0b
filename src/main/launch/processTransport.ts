// The parent side of the RPC pipe to a forked agent process: envelopes go out
// with child.send and come back as 'message' events. The child side is
// src/agent-process/ipc/nodeProcessTransport.ts.

import type { ChildProcess } from 'node:child_process';
import { isRpcMessage, type RpcMessage, type RpcTransport } from '../../shared/rpc/envelope.js';

export function createChildProcessTransport(child: ChildProcess): RpcTransport {
  return {
    send(message: RpcMessage) {
      // A child that already exited cannot be written to; the RPC client's
      // pending calls are rejected through onClose instead of throwing here.
      if (!child.connected) throw new Error('The agent process is not running.');
      child.send(message, (error) => {
        // Async send failures (EPIPE while the child exits) surface as exit, not as a crash.
        void error;
      });
    },
    onMessage(listener) {
      const handler = (value: unknown) => {
        if (isRpcMessage(value)) listener(value);
      };
      child.on('message', handler);
      return () => child.off('message', handler);
    },
    onClose(listener) {
      const handler = () => listener();
      child.on('disconnect', handler);
      return () => child.off('disconnect', handler);
    },
  };
}
