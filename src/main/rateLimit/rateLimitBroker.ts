// The one rate limiter every agent of a host shares: requests, input tokens and
// output tokens per minute. Agents ask before each model call (acquire) and
// report what the API said after it (observe).
//
// Why it is shaped this way:
// - Spend windows, not token buckets (see spendWindow.ts): never more than the
//   limit in any 60 s, which neither a sliding-window server nor a token-bucket
//   server answers with a 429, at the full sustained rate.
// - FIFO: one queue for all agents, served strictly in order, so a small request
//   can never starve a big one and no agent jumps the line.
// - Output tokens: reserving max_tokens for every call would leave most of the
//   output budget idle, so we reserve an estimate (a running average of actual
//   output, with headroom, never above max_tokens) and settle the difference
//   when the call's usage is observed. Input tokens settle the same way.
// - Headers: `-limit` replaces our limit. `-remaining` can only add to what we
//   think is spent: when the server counted more than all we had granted around
//   that call (another client on the same key), the difference is booked too.
// - 429: every agent waits until retry-after, not just the one that got it:
//   the others would only collect 429s of their own. The refused call is unbooked
//   (the server did not count it).

import { SpendWindow, type SpendEntry } from './spendWindow.js';
import type { RateLimitObservation } from '../../shared/contract/agentHost.js';

export interface RateLimitBrokerOptions {
  rpm: number;
  itpm: number;
  otpm: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
  /** Extra time a call keeps counting after its minute (server-side lag); default 500 ms. */
  marginMs?: number;
}

export interface RateLimitSnapshot {
  rpm: number;
  itpm: number;
  otpm: number;
  heldUntil: number | null;
  waiting: number;
}

interface AcquireOptions {
  signal?: AbortSignal;
  onWait?: (untilMs: number, reason: string) => void;
}

type LimitKind = 'requests' | 'input-tokens' | 'output-tokens';
const LIMIT_KINDS: readonly LimitKind[] = ['requests', 'input-tokens', 'output-tokens'];
const LIMIT_WORDS: Record<LimitKind, string> = {
  requests: 'requests per minute',
  'input-tokens': 'input tokens per minute',
  'output-tokens': 'output tokens per minute',
};

interface Waiter {
  agentId: string;
  inputTokens: number;
  maxOutputTokens: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  onWait?: (untilMs: number, reason: string) => void;
  /** The wait last announced through onWait, so a waiter hears of each wait once. */
  announcedUntil: number | null;
  detachAbort: () => void;
}

/** What was booked for a granted call, settled when its outcome is observed. */
interface Reservation {
  agentId: string;
  /** The caller's own input estimate, to learn how it compares with actual input. */
  estimatedInput: number;
  entries: Record<LimitKind, SpendEntry>;
  grantedAt: number;
}

/** Output reserved for a call before any call has reported its usage. */
const INITIAL_OUTPUT_ESTIMATE = 1024;
/**
 * Reserve this times the average. Every point above 1 leaves that share of the
 * output limit idle while calls run; a call that writes more than reserved only
 * delays the next ones (the window counts its actual output once it ends).
 */
const OUTPUT_HEADROOM = 1;
/** Weight of the newest observation in the running averages. */
const AVERAGE_WEIGHT = 0.2;
/** Bounds on the learned input ratio, so one odd call cannot make estimates absurd. */
const MIN_INPUT_RATIO = 0.05;
const MAX_INPUT_RATIO = 4;
/** A reservation never settled (its caller died) is forgotten after this long. */
const RESERVATION_TTL_MS = 10 * 60_000;
/** See RateLimitBrokerOptions.marginMs. */
const DEFAULT_MARGIN_MS = 500;
/** Server counts above ours by no more than this are rounding, not unseen spending. */
const UNSEEN_TOLERANCE = 0.5;
/** A 429 with no retry-after still holds everyone this long. */
const DEFAULT_HOLD_MS = 1000;
/** Announce a wait again only when it grows by more than this (avoids chatter). */
const REANNOUNCE_SLACK_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export class RateLimitBroker {
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { cancel(): void };
  private readonly windows: Record<LimitKind, SpendWindow>;
  private readonly queue: Waiter[] = [];
  private reservations: Reservation[] = [];
  private averageOutput: number | null = null;
  /** Actual input over the callers' estimates (they often count cached tokens, which the limit does not). */
  private inputRatio: number | null = null;
  private heldUntilMs = 0;
  private holdReason = '';
  private timer: { cancel(): void } | null = null;
  private disposed = false;

  constructor(options: RateLimitBrokerOptions) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? defaultSetTimer;
    const window = (limit: number) => new SpendWindow({ limit, now: this.now, marginMs: options.marginMs ?? DEFAULT_MARGIN_MS });
    this.windows = {
      requests: window(options.rpm),
      'input-tokens': window(options.itpm),
      'output-tokens': window(options.otpm),
    };
  }

  /**
   * Resolves when one request of ~inputTokens/outputTokens may go. FIFO-fair
   * across agents. onWait is called (once per wait) with the time it will wait
   * until, so the supervisor can emit a rate_limited event. Rejects if signal aborts.
   */
  acquire(
    agentId: string,
    request: { inputTokens: number; outputTokens: number },
    options: AcquireOptions = {},
  ): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('The rate limiter has been shut down.'));
    const { signal, onWait } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        agentId,
        inputTokens: nonNegative(request.inputTokens),
        maxOutputTokens: nonNegative(request.outputTokens),
        resolve,
        reject,
        onWait,
        announcedUntil: null,
        detachAbort: () => {},
      };
      if (signal) {
        const onAbort = () => {
          const index = this.queue.indexOf(waiter);
          if (index === -1) return;
          this.queue.splice(index, 1);
          reject(abortReason(signal));
          this.pump();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.detachAbort = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * Learns from a response: anthropic-ratelimit-{requests,input-tokens,output-tokens}-{limit,remaining,reset}
   * headers adjust the limits and what is spent; status 429 holds EVERY agent
   * until retry-after (seconds) passes; actual usage, when given, replaces the
   * estimate booked for the call and teaches the output estimate.
   *
   * Each observation ends one call: with agentId, that agent's newest granted
   * call (an agent makes one at a time); without, the oldest call of all, and
   * only when it carries usage or an error status.
   */
  observe(observation: RateLimitObservation, agentId?: string): void {
    if (this.disposed) return;
    const headers = lowerCaseKeys(observation.headers ?? {});
    const hasUsage = observation.inputTokens !== undefined || observation.outputTokens !== undefined;
    const reservation = this.takeReservation(agentId, agentId !== undefined || hasUsage || observation.status >= 400);
    this.learnLimits(headers);
    if (reservation) this.learnSpent(headers, reservation);
    if (observation.outputTokens !== undefined && Number.isFinite(observation.outputTokens)) {
      const actual = nonNegative(observation.outputTokens);
      this.averageOutput =
        this.averageOutput === null ? actual : this.averageOutput * (1 - AVERAGE_WEIGHT) + actual * AVERAGE_WEIGHT;
    }
    if (reservation) this.settle(observation, reservation);
    if (observation.status === 429) this.holdEveryone(headers);
    this.pump();
  }

  /** Current figures, for benches and the UI. */
  snapshot(): RateLimitSnapshot {
    const now = this.now();
    return {
      rpm: this.windows.requests.limit,
      itpm: this.windows['input-tokens'].limit,
      otpm: this.windows['output-tokens'].limit,
      heldUntil: this.heldUntilMs > now ? this.heldUntilMs : null,
      waiting: this.queue.length,
    };
  }

  setLimits(limits: { rpm?: number; itpm?: number; otpm?: number }): void {
    if (limits.rpm !== undefined) this.windows.requests.setLimit(limits.rpm);
    if (limits.itpm !== undefined) this.windows['input-tokens'].setLimit(limits.itpm);
    if (limits.otpm !== undefined) this.windows['output-tokens'].setLimit(limits.otpm);
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.timer = null;
    const waiting = this.queue.splice(0);
    for (const waiter of waiting) {
      waiter.detachAbort();
      waiter.reject(new Error('The rate limiter has been shut down.'));
    }
  }

  /** Input tokens to book for a call its caller estimates at `estimated`. */
  private inputEstimate(estimated: number): number {
    return this.inputRatio === null ? estimated : Math.round(estimated * this.inputRatio);
  }

  /** Output tokens to reserve for a call allowed up to maxOutputTokens. */
  private outputEstimate(maxOutputTokens: number): number {
    const guess = this.averageOutput === null ? INITIAL_OUTPUT_ESTIMATE : Math.ceil(this.averageOutput * OUTPUT_HEADROOM);
    return Math.min(maxOutputTokens, Math.max(1, guess));
  }

  /** Grants every waiter at the head of the queue that may go now; schedules a wake-up for the rest. */
  private pump(): void {
    if (this.disposed) return;
    this.timer?.cancel();
    this.timer = null;
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      const wait = this.waitFor(head);
      if (wait.ms > 0) {
        this.timer = this.setTimer(() => {
          this.timer = null;
          this.pump();
        }, Math.min(wait.ms, MAX_TIMER_MS));
        this.announceWaits();
        return;
      }
      this.queue.shift();
      this.grant(head);
    }
  }

  private waitFor(waiter: Waiter): { ms: number; reason: string } {
    const now = this.now();
    let best = { ms: 0, reason: '' };
    if (this.heldUntilMs > now) best = { ms: this.heldUntilMs - now, reason: this.holdReason };
    const needs = this.needsOf(waiter);
    for (const kind of LIMIT_KINDS) {
      const ms = this.windows[kind].msUntil(needs[kind]);
      if (ms > best.ms) best = { ms, reason: this.limitReason(kind) };
    }
    return best;
  }

  private needsOf(waiter: Waiter): Record<LimitKind, number> {
    return {
      requests: 1,
      'input-tokens': this.inputEstimate(waiter.inputTokens),
      'output-tokens': this.outputEstimate(waiter.maxOutputTokens),
    };
  }

  private grant(waiter: Waiter): void {
    const needs = this.needsOf(waiter);
    const now = this.now();
    this.reservations.push({
      agentId: waiter.agentId,
      estimatedInput: waiter.inputTokens,
      entries: {
        requests: this.windows.requests.spend(needs.requests, now),
        'input-tokens': this.windows['input-tokens'].spend(needs['input-tokens'], now),
        'output-tokens': this.windows['output-tokens'].spend(needs['output-tokens'], now),
      },
      grantedAt: now,
    });
    waiter.detachAbort();
    waiter.resolve();
  }

  /**
   * Tells each waiting caller until when it will wait: the k-th in line waits
   * for the tokens of everyone ahead of it too. Estimates, announced once per
   * wait (again only if a wait grows, e.g. a 429 arrives meanwhile).
   */
  private announceWaits(): void {
    const now = this.now();
    const cumulative: Record<LimitKind, number> = { requests: 0, 'input-tokens': 0, 'output-tokens': 0 };
    for (const waiter of this.queue) {
      const needs = this.needsOf(waiter);
      let until = Math.max(now, this.heldUntilMs);
      let reason = this.heldUntilMs > now ? this.holdReason : '';
      for (const kind of LIMIT_KINDS) {
        cumulative[kind] += needs[kind];
        const at = now + this.windows[kind].estimateMsUntil(cumulativeCap(this.windows[kind], needs[kind], cumulative[kind]));
        if (at > until) {
          until = at;
          reason = this.limitReason(kind);
        }
      }
      if (!waiter.onWait || until <= now) continue;
      const grew = waiter.announcedUntil === null || until > waiter.announcedUntil + REANNOUNCE_SLACK_MS;
      if (!grew) continue;
      waiter.announcedUntil = until;
      try {
        waiter.onWait(until, reason);
      } catch {
        // A listener's failure must not stall the queue.
      }
    }
  }

  private limitReason(kind: LimitKind): string {
    return `shared limit of ${formatCount(this.windows[kind].limit)} ${LIMIT_WORDS[kind]}`;
  }

  private learnLimits(headers: Record<string, string>): void {
    for (const kind of LIMIT_KINDS) {
      const limit = parseCount(headers[`anthropic-ratelimit-${kind}-limit`]);
      if (limit !== null && limit > 0 && limit !== this.windows[kind].limit) this.windows[kind].setLimit(limit);
    }
  }

  /**
   * The server's count when it took this call, against everything we had
   * granted around then: more on its side means spending we did not see
   * (another client on the same key, or a count of input that differs from
   * ours), booked at the call's time so it leaves the window when it would.
   */
  private learnSpent(headers: Record<string, string>, reservation: Reservation): void {
    for (const kind of LIMIT_KINDS) {
      const remaining = parseCount(headers[`anthropic-ratelimit-${kind}-remaining`]);
      if (remaining === null) continue;
      const window = this.windows[kind];
      const serverUsed = window.limit - remaining;
      const ours = window.usedAround(reservation.grantedAt);
      const unseen = serverUsed - ours;
      if (unseen > UNSEEN_TOLERANCE) window.spend(unseen, reservation.grantedAt);
    }
  }

  /** Finds (and, when the observation ends it, removes) the reservation of the call being reported. */
  private takeReservation(agentId: string | undefined, settles: boolean): Reservation | null {
    const now = this.now();
    this.reservations = this.reservations.filter((r) => now - r.grantedAt < RESERVATION_TTL_MS);
    let index = -1;
    if (agentId === undefined) index = this.reservations.length > 0 ? 0 : -1;
    else for (let i = this.reservations.length - 1; i >= 0 && index === -1; i--) if (this.reservations[i]!.agentId === agentId) index = i;
    if (index === -1) return null;
    const reservation = this.reservations[index]!;
    if (settles) this.reservations.splice(index, 1);
    return settles ? reservation : null;
  }

  private settle(observation: RateLimitObservation, reservation: Reservation): void {
    const { entries } = reservation;
    if (observation.status === 429) {
      // Refused before it was counted: it spent nothing.
      for (const kind of LIMIT_KINDS) this.windows[kind].remove(entries[kind]);
      return;
    }
    if (observation.outputTokens !== undefined && Number.isFinite(observation.outputTokens)) {
      // Output is counted when it has been written, at the end of the call, and
      // leaves the window a minute after that: re-book it at now, for real.
      const output = this.windows['output-tokens'];
      output.remove(entries['output-tokens']);
      entries['output-tokens'] = output.spend(nonNegative(observation.outputTokens));
    } else if (observation.status >= 400) {
      // A failed call wrote nothing.
      this.windows['output-tokens'].setAmount(entries['output-tokens'], 0);
    }
    if (observation.inputTokens !== undefined && Number.isFinite(observation.inputTokens)) {
      const actual = nonNegative(observation.inputTokens);
      this.windows['input-tokens'].setAmount(entries['input-tokens'], actual);
      if (reservation.estimatedInput > 0) {
        const ratio = Math.min(MAX_INPUT_RATIO, Math.max(MIN_INPUT_RATIO, actual / reservation.estimatedInput));
        this.inputRatio = this.inputRatio === null ? ratio : this.inputRatio * (1 - AVERAGE_WEIGHT) + ratio * AVERAGE_WEIGHT;
      }
    }
  }

  private holdEveryone(headers: Record<string, string>): void {
    const now = this.now();
    let holdMs = parseRetryAfter(headers['retry-after'], now);
    if (holdMs === null) {
      // No retry-after: wait for the earliest reset of a limit the API says is used up.
      const resets = LIMIT_KINDS.filter((kind) => parseCount(headers[`anthropic-ratelimit-${kind}-remaining`]) === 0)
        .map((kind) => parseTime(headers[`anthropic-ratelimit-${kind}-reset`]))
        .filter((t): t is number => t !== null && t > now);
      holdMs = resets.length > 0 ? Math.min(...resets) - now : DEFAULT_HOLD_MS;
    }
    const until = now + holdMs;
    if (until > this.heldUntilMs) {
      this.heldUntilMs = until;
      this.holdReason = `the API answered 429 (rate limited); every agent waits ${Math.ceil(holdMs / 1000)} s as it asked`;
    }
  }
}

/**
 * For the wait estimate of a caller k-th in line: its own need caps at the
 * limit (a single oversized call goes in an empty window), the line ahead does not.
 */
function cumulativeCap(window: SpendWindow, own: number, cumulative: number): number {
  const ahead = cumulative - own;
  return ahead + Math.min(own, window.limit);
}

function defaultSetTimer(fn: () => void, ms: number): { cancel(): void } {
  const handle = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(handle) };
}

function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('The wait for the rate limit was aborted.');
  error.name = 'AbortError';
  return error;
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  return out;
}

function parseCount(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** RFC 3339 time (the `-reset` headers) in ms, or null. */
function parseTime(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** retry-after: seconds (possibly fractional) or an HTTP date; ms from now, or null. */
function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
