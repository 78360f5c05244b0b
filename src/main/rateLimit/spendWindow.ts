// What was spent against one per-minute limit over the last minute: a ledger
// of (time, amount) entries. Pure (injected clock, no timers).
//
// Why a sliding window and not a token bucket: a bucket that starts full lets
// a burst of `limit` through and then keeps refilling, so within its first
// minute it can spend nearly twice the limit. A server that counts a sliding
// 60 s window (our fake server does; the real API's headers read that way)
// answers that with 429s. A schedule that never spends more than `limit` in any
// 60 s also never overdraws a bucket of that size, so the window is safe
// against either kind of server, at the same sustained rate.

export interface SpendEntry {
  time: number;
  amount: number;
}

export interface SpendWindowOptions {
  limit: number;
  now: () => number;
  /** Default 60 s. */
  windowMs?: number;
  /**
   * Extra time an entry is kept beyond the window: the server records a call
   * a little after we grant it (IPC, HTTP), so it frees that much later too.
   */
  marginMs?: number;
  /** How long expired entries stay for usedAround() (default 10 minutes). */
  historyMs?: number;
}

export class SpendWindow {
  private readonly now: () => number;
  readonly windowMs: number;
  readonly marginMs: number;
  private readonly historyMs: number;
  private currentLimit: number;
  /** Oldest first. Entries before `activeStart` have left the window. */
  private entries: SpendEntry[] = [];
  private activeStart = 0;
  private activeSum = 0;

  constructor(options: SpendWindowOptions) {
    assertPositive('limit', options.limit);
    this.now = options.now;
    this.currentLimit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.marginMs = options.marginMs ?? 0;
    this.historyMs = options.historyMs ?? 10 * 60_000;
  }

  get limit(): number {
    return this.currentLimit;
  }

  setLimit(limit: number): void {
    assertPositive('limit', limit);
    this.currentLimit = limit;
  }

  /** Spent within the window now (what counts against the limit). */
  used(): number {
    this.expire();
    return this.activeSum;
  }

  /**
   * Milliseconds until `amount` more fits under the limit; 0 if it fits now.
   * An amount above the limit fits once the window is empty (else it never could).
   */
  msUntil(amount: number): number {
    return this.msUntilFits(Math.min(amount, this.currentLimit));
  }

  /** Like msUntil, but with no cap on the amount: for estimating a whole queue's waits. */
  estimateMsUntil(amount: number): number {
    if (amount <= this.currentLimit) return this.msUntilFits(amount);
    // Beyond what one window holds: each further window's worth waits a whole window more.
    const extraWindows = Math.ceil(amount / this.currentLimit) - 1;
    return this.msUntilFits(amount - extraWindows * this.currentLimit) + extraWindows * (this.windowMs + this.marginMs);
  }

  /** Records a spend (at now by default, or at an earlier time); returns the entry so it can be corrected. */
  spend(amount: number, at: number = this.now()): SpendEntry {
    this.expire();
    const entry = { time: at, amount };
    if (at <= this.cutoff()) return entry; // Already outside the window: it can no longer count.
    let index = this.entries.length;
    while (index > this.activeStart && this.entries[index - 1]!.time > at) index--;
    this.entries.splice(index, 0, entry);
    this.activeSum += amount;
    return entry;
  }

  /** Corrects an entry's amount (e.g. actual usage instead of an estimate). */
  setAmount(entry: SpendEntry, amount: number): void {
    this.expire();
    if (this.isActive(entry)) this.activeSum += amount - entry.amount;
    entry.amount = amount;
  }

  /** Removes an entry (a call the server refused and did not count). */
  remove(entry: SpendEntry): void {
    this.expire();
    const index = this.entries.indexOf(entry);
    if (index === -1) return;
    if (index >= this.activeStart) this.activeSum -= entry.amount;
    else this.activeStart -= 1;
    this.entries.splice(index, 1);
  }

  /**
   * What we had spent in a window around a past moment: every entry in
   * (time - window - margin, time + margin]. An upper bound on what a server
   * that saw a call at about `time` could have counted from us.
   */
  usedAround(time: number): number {
    let sum = 0;
    for (const entry of this.entries) {
      if (entry.time > time + this.marginMs) break;
      if (entry.time > time - this.windowMs - this.marginMs) sum += entry.amount;
    }
    return sum;
  }

  private msUntilFits(amount: number): number {
    this.expire();
    if (amount <= 0 || this.activeSum + amount <= this.currentLimit + EPSILON) return 0;
    let used = this.activeSum;
    const now = this.now();
    for (let i = this.activeStart; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      used -= entry.amount;
      if (used + amount <= this.currentLimit + EPSILON) return Math.max(1, Math.ceil(this.expiresAt(entry) - now));
    }
    // Only reachable with negative amounts in the ledger; the window empties eventually.
    const last = this.entries[this.entries.length - 1];
    return last ? Math.max(1, Math.ceil(this.expiresAt(last) - now)) : 0;
  }

  private expiresAt(entry: SpendEntry): number {
    return entry.time + this.windowMs + this.marginMs;
  }

  private cutoff(): number {
    return this.now() - this.windowMs - this.marginMs;
  }

  private isActive(entry: SpendEntry): boolean {
    const index = this.entries.indexOf(entry);
    return index >= this.activeStart;
  }

  /** Moves entries that left the window out of the sum, and forgets old history. */
  private expire(): void {
    const cutoff = this.cutoff();
    while (this.activeStart < this.entries.length && this.entries[this.activeStart]!.time <= cutoff) {
      this.activeSum -= this.entries[this.activeStart]!.amount;
      this.activeStart += 1;
    }
    if (this.activeStart === this.entries.length) this.activeSum = 0; // no float drift once empty
    const historyCutoff = this.now() - this.historyMs;
    let drop = 0;
    while (drop < this.activeStart && this.entries[drop]!.time <= historyCutoff) drop++;
    if (drop > 64 || (drop > 0 && drop === this.entries.length)) {
      this.entries.splice(0, drop);
      this.activeStart -= drop;
    }
  }
}

const EPSILON = 1e-6;

function assertPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
}
