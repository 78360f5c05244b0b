// One envelope for every hop: WebSocket, Electron IPC, process.send,
// parentPort, and the in-memory pair used by unit tests. Payloads are JSON-safe.

/**
 * The envelope's version. Requests carry it as `v`; a host refuses a request
 * of a newer version (code 'VERSION') instead of misreading it, so a client
 * and a host of different releases say so. A request without `v` is version 1.
 */
export const RPC_PROTOCOL_VERSION = 1;

export type RpcMessage =
  | { t: 'req'; id: number; method: string; params: unknown[]; v?: number }
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: RpcErrorData }
  | { t: 'evt'; event: string; data: unknown }
  | { t: 'cancel'; id: number };

export interface RpcErrorData {
  message: string;
  /** A stable code a caller may branch on, e.g. 'NOT_FOUND', 'BAD_INPUT', 'CONFLICT'. */
  code?: string;
}

/** Anything that can carry envelopes both ways. */
export interface RpcTransport {
  send(message: RpcMessage): void;
  /** Returns a function that removes the listener. */
  onMessage(listener: (message: RpcMessage) => void): () => void;
  /** Called when the other side goes away, if the transport can tell. */
  onClose?(listener: () => void): () => void;
}

export class RpcError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
  }
}

export function isRpcMessage(value: unknown): value is RpcMessage {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { t?: unknown }).t;
  return t === 'req' || t === 'res' || t === 'evt' || t === 'cancel';
}
