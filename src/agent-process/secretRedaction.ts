// Last line of defence for "the API key never lands in a transcript": every
// event and pause the agent sends to the host has the key's text replaced,
// wherever it came from (a command that printed a .env file, an SDK error
// that quoted a request, a crash message).

import type { AgentHostService } from '../shared/contract/agentHost.js';

export const REDACTED = '[redacted]';
/** Shorter strings would match ordinary text; real keys are far longer. */
const MIN_SECRET_LENGTH = 8;

/** A copy of `value` with every occurrence of each secret replaced, in every string inside it. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  const active = secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  if (active.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return active.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[k] = walk(inner);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** The host, with the secrets taken out of everything the agent emits or asks. */
export function redactingHost(host: AgentHostService, secrets: readonly string[]): AgentHostService {
  return new Proxy(host, {
    get(target, name, receiver) {
      const original = Reflect.get(target, name, receiver) as unknown;
      if (name === 'emit' || name === 'pause') {
        return (arg: unknown) => (original as (a: unknown) => unknown).call(target, redactSecrets(arg, secrets));
      }
      return original;
    },
  });
}
