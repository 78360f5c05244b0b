// The RPC envelope over Node's IPC channel (child_process.fork), for both
// ends: the agent (its `process`) and the host (the ChildProcess it forked)
// have the same send / 'message' / 'disconnect' shape, so one adapter serves
// both. Typed by shape: no node:* import, so it lives with the envelope.

import { Emitter } from '../lifecycle.js';
import { parseRpcMessage, type RpcMessage, type RpcTransport } from './envelope.js';

/** What `process` (in a forked child) and a `ChildProcess` (in the parent) both have. */
export interface IpcEndpoint {
  send?(message: unknown, callback?: (error: Error | null) => void): boolean;
  readonly connected?: boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
}

export interface ProcessTransportOptions {
  /** Told about every message that is not a well-formed envelope (it is dropped). */
  onMalformed?: (problem: string) => void;
}

/**
 * Each message is parsed once, however many listeners there are (an agent
 * both serves and calls over one pipe); the endpoint's own listener is there
 * only while someone listens.
 */
export function createProcessTransport(endpoint: IpcEndpoint, options: ProcessTransportOptions = {}): RpcTransport {
  const messages = new Emitter<RpcMessage>();
  const handler = (value: unknown) => {
    const parsed = parseRpcMessage(value);
    if (parsed.ok) messages.fire(parsed.message);
    else options.onMalformed?.(parsed.problem);
  };
  return {
    send(message: RpcMessage) {
      // A process that already went away cannot be written to; the RPC
      // client's pending calls are rejected through onClose instead.
      if (!endpoint.send || endpoint.connected === false) throw new Error('The IPC channel is closed.');
      // Async send failures (EPIPE while the other side exits) surface as its exit, not as a crash.
      endpoint.send(message, () => undefined);
    },
    onMessage(listener) {
      if (!messages.hasListeners) endpoint.on('message', handler);
      const subscription = messages.event(listener);
      return () => {
        subscription.dispose();
        if (!messages.hasListeners) endpoint.off('message', handler);
      };
    },
    onClose(listener) {
      const onDisconnect = () => listener();
      endpoint.on('disconnect', onDisconnect);
      return () => endpoint.off('disconnect', onDisconnect);
    },
  };
}
