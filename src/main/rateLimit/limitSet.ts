// The limits of one key (`${provider}:${modelClass}`: the API limits each model
// class separately) and how fast to send against them. Pure: injected clock.
//
// Modelled on https://docs.anthropic.com/en/api/rate-limits:
// - Each limit is a token bucket (tokenBucket.ts). Only limits we know are
//   kept: from the user's settings, replaced by what the server's headers say.
//   With none known, nothing is invented: only the server's answers pace us.
// - A limit "may be enforced over shorter intervals" (60 RPM as 1 per second),
//   so a full bucket is no licence to burst: requests are paced at the refill
//   rate, with a burst allowance learned from the server (`pacer`): it starts
//   at 1, grows slowly while no 429 comes, and halves at once on a 429.
// - A 429 holds everyone on the key until retry-after(-ms); the pacer is then
//   empty, so waiters go one at a time at the pace, not all at once.
// - A 429 without rate-limit headers halves the pace (from what we were
//   sending when no limit is known), which then recovers a little with each
//   success.

import { LIMIT_KINDS, LIMIT_WORDS, type LimitKind, type ModelClassLimits } from '../../shared/rateLimits.js';
import { TokenBucket } from './tokenBucket.js';

/** Send at this share of a known refill rate: arrival jitter must not overdraw a one-request bucket. */
export const PACE_SHARE = 0.98;
/** Successes per burst step: bursts only matter after an idle spell, so growth is slow and cheap. */
const GROW_EVERY = 25;
/** Growing back to the burst that drew a 429 takes this many times longer. */
const CEILING_PATIENCE = 10;
/** A cut pace regains this share per success, up to just below the pace that drew the 429... */
const RECOVERY = 1.05;
/** ...and beyond that only this much: probing the old pace again costs a 429. */
const PROBE_RECOVERY = 1.002;
const BELOW_CEILING = 0.97;
/** A 429 at a burst of 1 despite the headers (a short-interval limit and arrival jitter): pace this much slower. */
const JITTER_CUT = 0.9;
/** Never slower than one request per this long, whatever the halvings. */
const SLOWEST_INTERVAL_MS = 60_000;
/** How long the first call on an unknown key goes alone (its answer tells the limits). */
const PROBE_MS = 5_000;
/** Window for measuring our own send rate (to halve it when no limit is known). */
const SEND_RATE_WINDOW_MS = 10_000;

export interface Needs {
  input: number;
  output: number;
}

export interface Wait {
  ms: number;
  reason: string;
}

export class LimitSet {
  readonly buckets = new Map<LimitKind, TokenBucket>();
  readonly sources = new Map<LimitKind, 'server' | 'settings'>();
  /** Learned burst allowance (requests back to back). */
  burst = 1;
  private pacerLevel = 1;
  private pacerAt: number;
  private successes = 0;
  /** The burst that last drew a 429. */
  private ceiling: number | null = null;
  /** Share of the known rate after 429s (1 = full pace), and the share that drew the last 429. */
  private paceShare = 1;
  private shareCeiling: number | null = null;
  /** Requests per ms when no requests limit is known but 429s came, and the rate that drew the last 429. */
  private adaptiveRate: number | null = null;
  private rateCeiling: number | null = null;
  /** The last cut: 429s of calls granted before it were sent at the old pace and cut nothing more. */
  private lastCutAt = -Infinity;
  heldUntil = 0;
  holdReason = '';
  rateLimited = 0;
  /** Has the server ever answered on this key (with or without headers)? */
  answered = false;
  /** While nothing is known, the first call's answer is awaited until then. */
  private probeUntil = 0;
  private readonly grantTimes: number[] = [];

  constructor(
    readonly key: string,
    private readonly now: () => number,
  ) {
    this.pacerAt = now();
  }

  /** Requests per ms we send at now; null when nothing paces us. */
  paceRate(): number | null {
    const requests = this.buckets.get('requests');
    if (requests) return requests.rate * PACE_SHARE * this.paceShare;
    return this.adaptiveRate;
  }

  private pacer(): number {
    const now = this.now();
    const rate = this.paceRate();
    if (rate !== null && now > this.pacerAt) this.pacerLevel = Math.min(this.burst, this.pacerLevel + (now - this.pacerAt) * rate);
    if (rate === null) this.pacerLevel = this.burst;
    // pacerAt may lie ahead (the end of a hold): no refill before it.
    if (now > this.pacerAt) this.pacerAt = now;
    return this.pacerLevel;
  }

  /** How long a call with these needs waits here (0: it may go now). */
  waitFor(needs: Needs): Wait {
    const now = this.now();
    let best: Wait = { ms: 0, reason: '' };
    const consider = (ms: number, reason: () => string) => {
      if (ms > best.ms) best = { ms, reason: reason() };
    };
    if (this.heldUntil > now) consider(this.heldUntil - now, () => this.holdReason);
    if (this.probeUntil > now && !this.answered && this.buckets.size === 0) {
      consider(this.probeUntil - now, () => `waiting for the API's first answer on ${this.key} to learn its limits`);
    }
    const rate = this.paceRate();
    if (rate !== null) {
      const missing = 1 - this.pacer();
      if (missing > 1e-9) consider(Math.max(1, Math.ceil(missing / rate)), () => this.paceReason());
    }
    for (const [kind, amount] of this.amounts(needs)) {
      const bucket = this.buckets.get(kind);
      if (bucket) consider(bucket.msUntil(amount), () => this.limitReason(kind));
    }
    return best;
  }

  /** What a call takes from each bucket: output at max_tokens (as the API books it), settled later. */
  amounts(needs: Needs): [LimitKind, number][] {
    const list: [LimitKind, number][] = [
      ['requests', 1],
      ['input-tokens', needs.input],
      // Output only needs the bucket not to be empty (max_tokens may exceed the whole limit).
      ['output-tokens', 1],
    ];
    // The combined limit binds only where the separate ones are not sent.
    if (!this.buckets.has('input-tokens') && !this.buckets.has('output-tokens')) list.push(['tokens', needs.input + 1]);
    return list;
  }

  /** Books a granted call. */
  take(needs: Needs): void {
    const now = this.now();
    // Nothing known: the first call goes alone, and its answer tells the limits.
    if (!this.answered && this.buckets.size === 0) this.probeUntil = now + PROBE_MS;
    this.pacer();
    this.pacerLevel -= 1;
    this.buckets.get('requests')?.take(1);
    this.buckets.get('input-tokens')?.take(needs.input);
    this.buckets.get('output-tokens')?.take(needs.output);
    this.buckets.get('tokens')?.take(needs.input + needs.output);
    this.grantTimes.push(now);
    while (this.grantTimes.length > 0 && this.grantTimes[0]! < now - SEND_RATE_WINDOW_MS) this.grantTimes.shift();
  }

  /** Gives back what a call took and did not spend (negative: takes more). */
  refund(kind: LimitKind, amount: number): void {
    const bucket = this.buckets.get(kind);
    if (!bucket || amount === 0) return;
    if (amount > 0) bucket.give(amount);
    else bucket.take(-amount);
  }

  /** The user's settings: limits the server has not (yet) stated. */
  applySettings(limits: Partial<Record<LimitKind, number | null>>): void {
    for (const kind of LIMIT_KINDS) {
      if (this.sources.get(kind) === 'server') continue;
      const limit = limits[kind];
      if (limit == null || !(limit > 0)) {
        this.buckets.delete(kind);
        this.sources.delete(kind);
        continue;
      }
      const bucket = this.buckets.get(kind);
      if (bucket) bucket.setLimit(limit);
      else this.buckets.set(kind, new TokenBucket(limit, this.now));
      this.sources.set(kind, 'settings');
    }
  }

  /**
   * The server's headers: `-limit` sets the capacity; `-remaining` is the
   * level now, but can only lower ours (calls we granted since the server
   * counted are not in it yet); a lower figure is spending we did not see
   * (another client on the key): the bucket follows the server. `-reset`
   * (when the bucket is full again) stands in for a missing `-remaining`.
   * `syncLevels` false: headers already applied once (a call's final report).
   */
  learn(headers: Record<string, string>, syncLevels: boolean): boolean {
    let any = false;
    for (const kind of LIMIT_KINDS) {
      const limit = parseCount(headers[`anthropic-ratelimit-${kind}-limit`]);
      if (limit === null || limit <= 0) continue;
      any = true;
      let bucket = this.buckets.get(kind);
      const fresh = !bucket || this.sources.get(kind) !== 'server';
      if (!bucket) {
        bucket = new TokenBucket(limit, this.now);
        this.buckets.set(kind, bucket);
      } else if (bucket.limit !== limit) bucket.setLimit(limit);
      this.sources.set(kind, 'server');
      if (!syncLevels && !fresh) continue;
      let remaining = parseCount(headers[`anthropic-ratelimit-${kind}-remaining`]);
      if (remaining === null) {
        const reset = parseTime(headers[`anthropic-ratelimit-${kind}-reset`]);
        if (reset !== null) remaining = limit - Math.max(0, reset - this.now()) * bucket.rate;
      }
      if (remaining !== null && remaining < bucket.current()) bucket.set(remaining);
    }
    if (any) this.adaptiveRate = null;
    return any;
  }

  /** A call went through: the burst allowance and a halved pace grow back. */
  succeeded(): void {
    this.answered = true;
    if (this.paceShare < 1) this.paceShare = Math.min(1, recover(this.paceShare, this.shareCeiling ?? 1));
    if (this.adaptiveRate !== null) this.adaptiveRate = recover(this.adaptiveRate, this.rateCeiling ?? Infinity);
    this.successes++;
    const patience = this.ceiling !== null && this.burst + 1 >= this.ceiling ? CEILING_PATIENCE : 1;
    const cap = this.buckets.get('requests')?.limit ?? Infinity;
    if (this.successes >= GROW_EVERY * this.burst * patience && this.burst + 1 <= cap) {
      this.burst += 1;
      this.successes = 0;
    }
  }

  /**
   * A 429: hold everyone until `holdMs` passes, shrink the burst, halve the
   * pace when the answer said nothing usable (no limits, no retry-after).
   */
  refused(holdMs: number | null, usable: boolean, grantedAt: number | null): void {
    const now = this.now();
    this.answered = true;
    this.rateLimited++;
    this.successes = 0;
    this.pacer();
    // After a hold the first waiter goes at once, the next a pace later; without one, a pace from now.
    this.pacerLevel = holdMs !== null ? 1 : Math.min(this.pacerLevel, 0);
    if (grantedAt === null || grantedAt >= this.lastCutAt) {
      this.lastCutAt = now;
      const burstWas = this.burst;
      this.ceiling = burstWas;
      this.burst = Math.max(1, Math.floor(burstWas / 2));
      if (this.buckets.has('requests')) {
        if (!usable || burstWas === 1) {
          this.shareCeiling = this.paceShare;
          this.paceShare = Math.max(0.01, this.paceShare * (usable ? JITTER_CUT : 0.5));
        }
      } else if (!usable) {
        const rate = this.adaptiveRate ?? this.sendRate();
        this.rateCeiling = rate;
        this.adaptiveRate = Math.max(1 / SLOWEST_INTERVAL_MS, rate / 2);
      }
    }
    if (holdMs !== null && now + holdMs > this.heldUntil) {
      this.heldUntil = now + holdMs;
      this.holdReason = `the API answered 429 (rate limited) and asked to wait ${formatSeconds(holdMs)}; every agent on ${this.key} waits, then they go one at a time`;
    }
    // The hold ends with an empty pacer: the first waiter goes, the next one a pace later.
    this.pacerAt = Math.max(this.pacerAt, this.heldUntil);
  }

  /** What we were sending at lately, per ms. */
  private sendRate(): number {
    const now = this.now();
    const recent = this.grantTimes.filter((t) => t >= now - SEND_RATE_WINDOW_MS);
    if (recent.length < 2) return 1 / 1000;
    const span = Math.max(1000, recent.at(-1)! - recent[0]!);
    return (recent.length - 1) / span;
  }

  readout(waiting: number, drainsAt: number | null): ModelClassLimits {
    const now = this.now();
    const [provider, ...rest] = this.key.split(':');
    const rate = this.paceRate();
    return {
      key: this.key,
      provider: provider ?? 'anthropic',
      modelClass: rest.join(':'),
      limits: LIMIT_KINDS.flatMap((kind) => {
        const bucket = this.buckets.get(kind);
        if (!bucket) return [];
        return [
          {
            kind,
            limit: bucket.limit,
            usedNow: Math.max(0, Math.round(bucket.limit - bucket.current())),
            source: this.sources.get(kind) ?? 'settings',
            fullAt: new Date(bucket.fullAt()).toISOString(),
          },
        ];
      }),
      burst: this.burst,
      pacePerMinute: rate === null ? null : Math.round(rate * 60_000 * 100) / 100,
      heldUntil: this.heldUntil > now ? new Date(this.heldUntil).toISOString() : null,
      waiting,
      drainsAt: drainsAt === null ? null : new Date(drainsAt).toISOString(),
      rateLimited: this.rateLimited,
    };
  }

  limitReason(kind: LimitKind): string {
    const limit = this.buckets.get(kind)?.limit ?? 0;
    return `shared limit of ${formatCount(limit)} ${LIMIT_WORDS[kind]} (${this.key})`;
  }

  private paceReason(): string {
    const rate = this.paceRate() ?? 0;
    const perSecond = rate * 1000;
    const pace = perSecond >= 1 ? `${Math.round(perSecond * 10) / 10} requests per second` : `one request every ${formatSeconds(1 / rate)}`;
    const why = this.buckets.has('requests') ? this.limitReason('requests') : 'the API answered 429 without rate-limit headers';
    return `pacing at ${pace} (${why})`;
  }
}

/** Quickly back to just below the pace that drew the last 429, then slowly past it. */
function recover(value: number, ceiling: number): number {
  const near = ceiling * BELOW_CEILING;
  return value < near ? Math.min(near, value * RECOVERY) : value * PROBE_RECOVERY;
}

export function parseCount(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** RFC 3339 time (the `-reset` headers) in ms, or null. */
export function parseTime(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Made once (toLocaleString builds a new formatter on every call: 0.3 ms a step in
 * bench/supervisorOverhead), and only when first needed: the first Intl formatter of a
 * process loads ICU's data, ~27 ms that sat on every host's start (issue 11).
 */
let countFormat: Intl.NumberFormat | null = null;

function formatCount(n: number): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(Math.round(n));
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${Math.round(s * 10) / 10} s` : `${Math.round(s)} s`;
}
