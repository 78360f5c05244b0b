// Two connected in-memory transports, for unit tests and for running a service
// in the same process as its client. Messages go through JSON so tests catch
// payloads that would not survive a real hop.

import type { RpcMessage, RpcTransport } from './envelope.js';

export function createMemoryTransportPair(): [RpcTransport, RpcTransport] {
  const listeners: [Set<(m: RpcMessage) => void>, Set<(m: RpcMessage) => void>] = [new Set(), new Set()];
  const make = (mine: 0 | 1): RpcTransport => ({
    send(message) {
      const copy = JSON.parse(JSON.stringify(message)) as RpcMessage;
      void Promise.resolve().then(() => {
        for (const l of listeners[mine === 0 ? 1 : 0]) l(copy);
      });
    },
    onMessage(listener) {
      listeners[mine].add(listener);
      return () => listeners[mine].delete(listener);
    },
  });
  return [make(0), make(1)];
}
