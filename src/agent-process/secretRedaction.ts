// Last line of defence for "the API key never leaves the agent": every event
// and pause the agent sends to the host, and every tool result it sends to the
// model, has the key taken out, wherever it came from (a command that printed
// a .env file, an SDK error that quoted a request, a crash message).
//
// A command can trivially transform what it prints, so besides the key itself
// these forms are caught (issue 13): reversed (`rev`), base64 at any byte
// alignment and in the URL-safe alphabet, line-wrapped as `base64` wraps it
// (76 columns), hex (`xxd -p`, `od`-free forms) in either case, and
// percent-encoded (`jq @uri`, `urlencode`). Command output arrives in chunks;
// StreamRedactor holds back a tail long enough that a key split across two
// chunks is still seen whole.

import type { AgentHostService } from '../shared/contract/agentHost.js';

export const REDACTED = '[redacted]';
/** Shorter strings would match ordinary text; real keys are far longer. */
const MIN_SECRET_LENGTH = 8;
/** What a wrapping encoder (base64 -w 76, xxd -p) or a terminal (\r\n) may put between characters of an encoded form. */
const WRAP_RUNS = /[\r\n \t]+/g;

/** For each character of text without its wrap characters, its index in text. */
function compactOrigins(text: string): number[] {
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 13 && c !== 10 && c !== 32 && c !== 9) origin.push(i);
  }
  return origin;
}

/**
 * The part of base64(prefix bytes + secret + suffix bytes) that depends only
 * on the secret, for each of the 3 byte alignments the secret can start at.
 */
function base64Cores(secret: Buffer): string[] {
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const bytes = Buffer.concat([Buffer.alloc(pad), secret]);
    const encoded = bytes.toString('base64');
    // Groups of 3 bytes map to 4 characters: keep the groups made of secret bytes only.
    const firstGroup = pad === 0 ? 0 : 1;
    const lastGroup = Math.floor(bytes.length / 3); // exclusive
    if (lastGroup - firstGroup < 2) continue;
    out.push(encoded.slice(firstGroup * 4, lastGroup * 4));
  }
  return out;
}

/** ASCII-only lower case: keeps every index in place (String#toLowerCase may not). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** Every [start, end) where needle occurs in text. */
function findAll(text: string, needle: string, into: [number, number][]): void {
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) into.push([i, i + needle.length]);
}

/**
 * Finds and replaces the secrets and their trivial encodings in text. Plain
 * string search, no regular expressions: an alternation of wrap-tolerant
 * patterns took V8 seconds to compile.
 */
export class SecretRedactor {
  /** Forms matched as they are: the key, reversed, URI-encoded. */
  private readonly literal: string[] = [];
  /** Encoded forms matched with line breaks and spaces ignored: base64 (both alphabets). */
  private readonly wrappedExact: string[] = [];
  /** Encoded forms matched ignoring wraps and ASCII case: hex, percent-encoding (stored lower case). */
  private readonly wrappedCaseless: string[] = [];
  /** No match is longer than this: StreamRedactor keeps this much back. */
  readonly maxMatchLength: number = 0;

  constructor(secrets: readonly string[]) {
    const active = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))];
    for (const secret of active) {
      const bytes = Buffer.from(secret, 'utf8');
      this.literal.push(secret, [...secret].reverse().join(''));
      const uri = encodeURIComponent(secret);
      if (uri !== secret) this.literal.push(uri);
      for (const core of base64Cores(bytes)) this.wrappedExact.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
      this.wrappedCaseless.push(bytes.toString('hex'), [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
      // The longest form is percent-encoding (3 characters a byte); wrapped forms may carry a break or space every character or two.
      this.maxMatchLength = Math.max(this.maxMatchLength, bytes.length * 3 * 2);
    }
  }

  get active(): boolean {
    return this.literal.length > 0;
  }

  redact(text: string): string {
    if (!this.active) return text;
    const ranges = this.matches(text);
    return ranges.length ? replaceRanges(text, ranges) : text;
  }

  /** Where the matches are in text ([start, end)), in order, overlaps merged. */
  matches(text: string): [number, number][] {
    if (!this.active) return [];
    const found: [number, number][] = [];
    for (const needle of this.literal) findAll(text, needle, found);
    // Search a copy without wrap characters, then map positions back to the text.
    const compact = text.replace(WRAP_RUNS, '');
    const inCompact: [number, number][] = [];
    for (const needle of this.wrappedExact) findAll(compact, needle, inCompact);
    const lower = asciiLower(compact);
    for (const needle of this.wrappedCaseless) findAll(lower, needle, inCompact);
    if (inCompact.length > 0) {
      const origin = compact.length === text.length ? null : compactOrigins(text);
      for (const [s, e] of inCompact) found.push(origin ? [origin[s]!, origin[e - 1]! + 1] : [s, e]);
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: [number, number][] = [];
    for (const [s, e] of found) {
      const last = merged[merged.length - 1];
      if (last && s < last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    return merged;
  }

  /** A copy of `value` with the secrets replaced in every string inside it. */
  redactDeep<T>(value: T): T {
    if (!this.active) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return this.redact(v);
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
}

/**
 * Redaction over a stream of chunks: each push returns what is safe to send
 * now, holding back a tail that could be the start of a secret still arriving;
 * end() returns the rest.
 */
export class StreamRedactor {
  private held = '';

  constructor(private readonly redactor: SecretRedactor) {}

  push(chunk: string): string {
    if (!this.redactor.active) return chunk;
    const text = this.held + chunk;
    let cut = Math.max(0, text.length - (this.redactor.maxMatchLength - 1));
    const matches = this.redactor.matches(text);
    // A match across the cut is complete already: send it (redacted) now.
    for (const [s, e] of matches) if (s < cut && e > cut) cut = e;
    this.held = text.slice(cut);
    return replaceRanges(text.slice(0, cut), matches.filter(([, e]) => e <= cut));
  }

  end(): string {
    const rest = this.held;
    this.held = '';
    return this.redactor.redact(rest);
  }
}

function replaceRanges(text: string, ranges: [number, number][]): string {
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += text.slice(at, s) + REDACTED;
    at = e;
  }
  return out + text.slice(at);
}

const redactors = new Map<string, SecretRedactor>();

/** The redactor for a list of secrets (built once per distinct list). */
export function redactorFor(secrets: readonly string[]): SecretRedactor {
  const key = JSON.stringify(secrets);
  let redactor = redactors.get(key);
  if (!redactor) {
    redactor = new SecretRedactor(secrets);
    redactors.set(key, redactor);
  }
  return redactor;
}

/** A copy of `value` with every occurrence of each secret (and its trivial encodings) replaced, in every string inside it. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  return redactorFor(secrets).redactDeep(value);
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
