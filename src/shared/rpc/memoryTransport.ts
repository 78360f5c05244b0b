// Two connected in-memory transports, for unit tests and for running a service
// in the same process as its client. Messages go through JSON so tests catch
// payloads that would not survive a real hop.

import { Emitter } from '../lifecycle.js';
import type { RpcMessage, RpcTransport } from './envelope.js';

export function createMemoryTransportPair(): [RpcTransport, RpcTransport] {
  const inboxes: [Emitter<RpcMessage>, Emitter<RpcMessage>] = [new Emitter(), new Emitter()];
  const make = (mine: 0 | 1): RpcTransport => ({
    send(message) {
      const copy = JSON.parse(JSON.stringify(message)) as RpcMessage;
      void Promise.resolve().then(() => inboxes[mine === 0 ? 1 : 0].fire(copy));
    },
    onMessage(listener) {
      const subscription = inboxes[mine].event(listener);
      return () => subscription.dispose();
    },
  });
  return [make(0), make(1)];
}
