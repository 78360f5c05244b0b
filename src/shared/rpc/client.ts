// The client side: a typed proxy whose methods send requests and return
// promises, plus typed event subscriptions.

import { DisposableStore, Emitter, toDisposable } from '../lifecycle.js';
import { RPC_PROTOCOL_VERSION, RpcError, type RpcMessage, type RpcTransport } from './envelope.js';

/** A service's methods: every one takes JSON-safe arguments and returns a promise. */
export type ServiceMethods = { [name: string]: (...args: any[]) => Promise<unknown> };
/**
 * The constraint clients use: every member is such a method. Unlike
 * ServiceMethods it needs no index signature, so a plain interface (e.g.
 * OffloadService, which classes implement) qualifies.
 */
export type MethodsOf<M> = { [K in keyof M]: (...args: any[]) => Promise<unknown> };
/** A service's events: event name to payload type. */
export type ServiceEvents = { [name: string]: unknown };

export interface RpcClient<M extends MethodsOf<M>, E extends ServiceEvents> {
  readonly call: M;
  on<K extends keyof E & string>(event: K, listener: (data: E[K]) => void): () => void;
  /** Rejects every call still waiting (e.g. the connection closed). */
  dispose(reason?: string): void;
}

export interface RpcClientOptions {
  /**
   * Checks an answer before the caller gets it (the other process may be
   * buggy, older or compromised): returns the value to resolve with, or
   * throws (or rejects) to make the call fail instead.
   */
  checkResult?: (method: string, result: unknown) => unknown;
}

export function createRpcClient<M extends MethodsOf<M>, E extends ServiceEvents>(
  transport: RpcTransport,
  options: RpcClientOptions = {},
): RpcClient<M, E> {
  let nextId = 1;
  const waiting = new Map<number, { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const { checkResult } = options;
  // Everything this client registers, released at once by dispose().
  const registrations = new DisposableStore();
  const emitters = new Map<string, Emitter<unknown>>();
  const emitterOf = (event: string) => {
    let emitter = emitters.get(event);
    // A listener that throws does not keep the event from the others; its error still surfaces (unhandled).
    if (!emitter) emitters.set(event, (emitter = registrations.add(new Emitter<unknown>())));
    return emitter;
  };

  registrations.add(toDisposable(transport.onMessage((message: RpcMessage) => {
    if (message.t === 'res') {
      const entry = waiting.get(message.id);
      if (!entry) return;
      waiting.delete(message.id);
      if (!message.ok) entry.reject(new RpcError(message.error.message, message.error.code));
      else if (!checkResult) entry.resolve(message.result);
      else {
        try {
          // A promise (a check that loads its schemas lazily) is adopted by resolve.
          entry.resolve(checkResult(entry.method, message.result));
        } catch (error) {
          entry.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    } else if (message.t === 'evt') {
      emitters.get(message.event)?.fire(message.data);
    }
  })));
  const stopClose = transport.onClose?.(() => rejectWaiting('The connection closed.'));
  if (stopClose) registrations.add(toDisposable(stopClose));

  function rejectWaiting(reason = 'The client was disposed.') {
    for (const entry of waiting.values()) entry.reject(new RpcError(reason, 'DISCONNECTED'));
    waiting.clear();
  }

  const call = new Proxy({} as M, {
    get(_target, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (...params: unknown[]) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          waiting.set(id, { method, resolve, reject });
          try {
            transport.send({ t: 'req', id, method, params, v: RPC_PROTOCOL_VERSION });
          } catch (error) {
            waiting.delete(id);
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
    },
  });

  return {
    call,
    on(event, listener) {
      const subscription = emitterOf(event).event(listener as (data: unknown) => void);
      return () => subscription.dispose();
    },
    dispose(reason) {
      registrations.dispose();
      rejectWaiting(reason);
    },
  };
}
