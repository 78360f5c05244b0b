// One envelope for every hop: WebSocket, Electron IPC, process.send,
// parentPort, and the in-memory pair used by unit tests. Payloads are JSON-safe.

/**
 * The envelope's version. Requests carry it as `v`; a host refuses a request
 * of a newer version (code 'VERSION') instead of misreading it, so a client
 * and a host of different releases say so. A request without `v` is version 1.
 */
export const RPC_PROTOCOL_VERSION = 1;

/**
 * The envelope. There is no `cancel` message: no service here has a call
 * worth cutting short (long waits such as a pause end through their own
 * methods: cancel, answer), so the envelope does not offer what no host would
 * honour.
 */
export type RpcMessage =
  | { t: 'req'; id: number; method: string; params: unknown[]; v?: number }
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: RpcErrorData }
  | { t: 'evt'; event: string; data: unknown };

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

const isId = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isName = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= 200;

/** Why a value is not a well-formed envelope, or null when it is one. */
function envelopeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const m = value as Record<string, unknown>;
  switch (m.t) {
    case 'req':
      if (!isId(m.id)) return '"id" is not a request id';
      if (!isName(m.method)) return '"method" is not a method name';
      if (!Array.isArray(m.params)) return '"params" is not an array';
      if (m.v !== undefined && !(typeof m.v === 'number' && Number.isInteger(m.v) && m.v > 0)) return '"v" is not a version';
      return null;
    case 'res':
      if (!isId(m.id)) return '"id" is not a request id';
      if (m.ok === true) return 'result' in m ? null : '"result" is missing';
      if (m.ok !== false) return '"ok" is not true or false';
      if (typeof m.error !== 'object' || m.error === null) return '"error" is not an object';
      {
        const error = m.error as Record<string, unknown>;
        if (typeof error.message !== 'string') return '"error.message" is not a string';
        if (error.code !== undefined && typeof error.code !== 'string') return '"error.code" is not a string';
      }
      return null;
    case 'evt':
      return isName(m.event) ? null : '"event" is not an event name';
    default:
      return '"t" is not req, res or evt';
  }
}

/**
 * Every transport checks what arrives with this (the fields the RPC client
 * and server read must have the right types): a message that does not fit is
 * dropped and reported, never half-handled. Hand-written rather than zod, as
 * the agent process parses envelopes before it has loaded anything else.
 */
export function parseRpcMessage(value: unknown): { ok: true; message: RpcMessage } | { ok: false; problem: string } {
  const problem = envelopeProblem(value);
  if (problem === null) return { ok: true, message: value as RpcMessage };
  return { ok: false, problem: `a malformed RPC message was dropped (${problem})` };
}

export function isRpcMessage(value: unknown): value is RpcMessage {
  return envelopeProblem(value) === null;
}
