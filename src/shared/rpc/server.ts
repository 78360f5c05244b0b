// The server side: serves an implementation's methods over a transport and
// forwards its events. An optional validator checks arguments before the
// implementation sees them (the host validates everything from the page).

import { RPC_PROTOCOL_VERSION, RpcError, type RpcMessage, type RpcTransport } from './envelope.js';

export type ParamsValidator = (method: string, params: unknown[]) => unknown[];

export interface RpcServerOptions {
  /** Throws (preferably an RpcError with code BAD_INPUT) when params are not acceptable. */
  validate?: ParamsValidator;
  /** Told of every call the validator refused (the caller gets the error as its answer too). */
  onRefused?: (method: string, error: Error) => void;
}

export interface RpcServer {
  emit(event: string, data: unknown): void;
  /** Resolves once no request is being answered (a closing host lets its answers go out first). */
  idle(): Promise<void>;
  dispose(): void;
}

export function serveRpc(
  transport: RpcTransport,
  implementation: object,
  options: RpcServerOptions = {},
): RpcServer {
  const impl = implementation as Record<string, unknown>;
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const settled = () => {
    if (--inFlight > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const stop = transport.onMessage(async (message: RpcMessage) => {
    if (message.t !== 'req') return;
    const { id, method } = message;
    inFlight++;
    try {
      if ((message.v ?? 1) > RPC_PROTOCOL_VERSION) {
        throw new RpcError(
          `This Offload host speaks RPC version ${RPC_PROTOCOL_VERSION}; the client speaks version ${message.v}. Restart the host with the same Offload release as the client.`,
          'VERSION',
        );
      }
      const fn = Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(impl) ?? {}, method) || Object.prototype.hasOwnProperty.call(impl, method)
        ? impl[method]
        : undefined;
      if (typeof fn !== 'function' || method.startsWith('_') || method === 'constructor') {
        throw new RpcError(`Unknown method "${method}".`, 'NOT_FOUND');
      }
      let params = message.params;
      if (options.validate) {
        try {
          params = options.validate(method, message.params);
        } catch (error) {
          options.onRefused?.(method, error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
      }
      const result = await (fn as (...a: unknown[]) => unknown).apply(implementation, params);
      transport.send({ t: 'res', id, ok: true, result: result === undefined ? null : result });
    } catch (error) {
      const err = error as { message?: string; code?: string };
      try {
        transport.send({
          t: 'res',
          id,
          ok: false,
          error: { message: err?.message ?? String(error), code: typeof err?.code === 'string' ? err.code : undefined },
        });
      } catch {
        // The other side went away; nothing to tell.
      }
    } finally {
      settled();
    }
  });
  return {
    emit(event, data) {
      try {
        transport.send({ t: 'evt', event, data });
      } catch {
        // A closed transport drops events; the client re-reads state on reconnect.
      }
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    dispose: stop,
  };
}
