// A token bucket with an injected clock, the model of one per-minute API limit
// (requests, input tokens or output tokens). Pure: no timers, no Node. The
// caller asks how long to wait and schedules its own wake-up.
//
// The bucket holds up to `capacity` tokens and refills continuously at
// `refillPerMinute` (by default the capacity: "N per minute"). Its level may go
// below zero: a correction after the fact (a call used more than reserved) is a
// debt paid back by refill, which is how the API itself counts.

export interface TokenBucketOptions {
  capacity: number;
  /** Tokens added per minute (default: the capacity). */
  refillPerMinute?: number;
  /** Milliseconds since some epoch; Date.now in production, a fake in tests. */
  now: () => number;
  /** Starting level (default: full). */
  initial?: number;
}

const MS_PER_MINUTE = 60_000;
/** Float slack (tokens, ms): 0.999 + 0.001 must count as 1, and a wait of 1.0000000001 ms as 1. */
const EPSILON = 1e-6;

export class TokenBucket {
  private readonly now: () => number;
  private cap: number;
  private ratePerMs: number;
  private level: number;
  private lastRefill: number;
  /**
   * A slower refill learned from the server ("n left, full again at resetAt"),
   * in force until `until`; after that the normal rate applies.
   */
  private plan: { ratePerMs: number; until: number } | null = null;

  constructor(options: TokenBucketOptions) {
    assertPositive('capacity', options.capacity);
    this.now = options.now;
    this.cap = options.capacity;
    this.ratePerMs = (options.refillPerMinute ?? options.capacity) / MS_PER_MINUTE;
    assertPositive('refillPerMinute', this.ratePerMs);
    this.level = Math.min(options.initial ?? options.capacity, options.capacity);
    this.lastRefill = this.now();
  }

  get capacity(): number {
    return this.cap;
  }

  get refillPerMinute(): number {
    return this.ratePerMs * MS_PER_MINUTE;
  }

  /** Tokens available now (may be negative while a debt is paid back). */
  available(): number {
    this.refill();
    return this.level;
  }

  /**
   * Takes n tokens if they are there now and returns 0; otherwise takes
   * nothing and returns the milliseconds until they will be. A request larger
   * than the capacity goes when the bucket is full (it could never go otherwise).
   */
  tryTake(n: number): number {
    const wait = this.msUntil(n);
    if (wait === 0) this.take(n);
    return wait;
  }

  /** Milliseconds until n tokens (at most the capacity) are available; 0 if now. */
  msUntil(n: number): number {
    this.refill();
    return this.msUntilLevel(Math.min(n, this.cap));
  }

  /**
   * Milliseconds until the level reaches n, even beyond the capacity, as if the
   * bucket had no top: an estimate of when the k-th request of a queue can go.
   */
  estimateMsUntil(n: number): number {
    this.refill();
    return this.msUntilLevel(n);
  }

  /** Takes n tokens unconditionally (the level may go negative). */
  take(n: number): void {
    this.refill();
    this.level -= n;
  }

  /** Gives back (positive) or charges (negative) tokens after the fact. */
  adjust(delta: number): void {
    this.refill();
    this.level = Math.min(this.cap, this.level + delta);
  }

  /**
   * A new limit (e.g. from an `-limit` header or the user's settings). The
   * level is kept, only clipped to the new capacity: a raise is earned by refill.
   */
  setCapacity(capacity: number, refillPerMinute: number = capacity): void {
    assertPositive('capacity', capacity);
    assertPositive('refillPerMinute', refillPerMinute);
    this.refill();
    this.cap = capacity;
    this.ratePerMs = refillPerMinute / MS_PER_MINUTE;
    this.level = Math.min(this.level, capacity);
  }

  /**
   * What the server says is left: n now, and (when given) full again at
   * resetAt (ms). When that implies a slower refill than ours, the slower one
   * holds until resetAt, so a server counting in windows is not overrun.
   */
  setAvailable(n: number, resetAt?: number): void {
    this.refill();
    const now = this.now();
    this.level = Math.min(n, this.cap);
    this.plan = null;
    if (resetAt !== undefined && Number.isFinite(resetAt) && resetAt > now && this.level < this.cap) {
      const implied = (this.cap - this.level) / (resetAt - now);
      if (implied < this.ratePerMs) this.plan = { ratePerMs: implied, until: resetAt };
    }
  }

  private refill(): void {
    const now = this.now();
    if (now <= this.lastRefill) return;
    this.level = Math.min(this.cap, this.level + this.tokensBetween(this.lastRefill, now));
    this.lastRefill = now;
    if (this.plan && now >= this.plan.until) this.plan = null;
  }

  /** Tokens added between two times, honouring a slower plan while it lasts. */
  private tokensBetween(from: number, to: number): number {
    if (!this.plan || from >= this.plan.until) return (to - from) * this.ratePerMs;
    const planEnd = Math.min(to, this.plan.until);
    return (planEnd - from) * this.plan.ratePerMs + Math.max(0, to - planEnd) * this.ratePerMs;
  }

  private msUntilLevel(target: number): number {
    const missing = target - this.level;
    if (missing <= EPSILON) return 0;
    const now = this.now();
    if (this.plan && now < this.plan.until) {
      const planTokens = (this.plan.until - now) * this.plan.ratePerMs;
      if (planTokens >= missing) return ceilMs(missing / this.plan.ratePerMs);
      return ceilMs(this.plan.until - now + (missing - planTokens) / this.ratePerMs);
    }
    return ceilMs(missing / this.ratePerMs);
  }
}

function ceilMs(ms: number): number {
  return Math.max(1, Math.ceil(ms - EPSILON));
}

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
}
