// One per-minute limit as the API enforces it: a token bucket that holds at
// most `limit` and refills continuously at limit/60 per second
// (https://docs.anthropic.com/en/api/rate-limits: "capacity is continuously
// replenished up to your maximum limit, rather than being reset at fixed
// intervals"). Pure: an injected clock, no timers. The level may go below
// zero (output is booked at max_tokens and settled later, as the API does).

export class TokenBucket {
  private currentLimit: number;
  private level: number;
  private at: number;

  constructor(
    limit: number,
    private readonly now: () => number,
    /** Refill per ms = limit * this (default: a minute's worth per minute). */
    private readonly perMs = 1 / 60_000,
  ) {
    assertPositive(limit);
    this.currentLimit = limit;
    this.level = limit;
    this.at = now();
  }

  get limit(): number {
    return this.currentLimit;
  }

  /** Refill per ms. */
  get rate(): number {
    return this.currentLimit * this.perMs;
  }

  /** The level now (refilled since the last look, never above the limit). */
  current(): number {
    const now = this.now();
    if (now > this.at) {
      this.level = Math.min(this.currentLimit, this.level + (now - this.at) * this.rate);
      this.at = now;
    }
    return this.level;
  }

  take(amount: number): void {
    this.level = this.current() - amount;
  }

  give(amount: number): void {
    this.level = Math.min(this.currentLimit, this.current() + amount);
  }

  /** Sets the level now (what the server says is left). */
  set(level: number): void {
    this.current();
    this.level = Math.min(this.currentLimit, level);
  }

  setLimit(limit: number): void {
    assertPositive(limit);
    const level = this.current();
    this.currentLimit = limit;
    this.level = Math.min(limit, level);
  }

  /** Ms until the level reaches `amount` (capped at the limit, so a big call still goes once full); 0 if now. */
  msUntil(amount: number): number {
    const missing = Math.min(amount, this.currentLimit) - this.current();
    return missing <= 1e-9 ? 0 : Math.max(1, Math.ceil(missing / this.rate));
  }

  /** When the bucket is full again. */
  fullAt(): number {
    return this.now() + Math.ceil(Math.max(0, this.currentLimit - this.current()) / this.rate);
  }
}

function assertPositive(limit: number): void {
  if (!(Number.isFinite(limit) && limit > 0)) throw new RangeError(`limit must be a positive number, got ${limit}`);
}
