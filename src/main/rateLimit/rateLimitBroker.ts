// The one rate limiter every agent of a host shares. Agents ask before each
// model call (acquire) and report what the API said (observe): once when the
// response's headers arrive, once when the call ends (with usage or an error).
//
// Why it is shaped this way:
// - Limits per key, `${provider}:${modelClass}` (the API limits Sonnet, Opus
//   and Haiku classes separately; another provider is another key). Each
//   key's limits and pacing live in limitSet.ts: token buckets set from the
//   anthropic-ratelimit-* headers, a learned burst, 429 holds.
// - Fair: grants go in arrival order with round robin across agents (a
//   virtual-time tag per waiter, so an agent with many calls queued
//   interleaves with the others instead of going first), and an interactive
//   session goes ahead of background agents. A waiter too big for the bucket
//   holds back the ones behind it on its key, so small calls cannot starve it.
// - Input: the caller's estimate (which may count cached tokens; cache reads
//   do not count toward ITPM) is scaled by a learned ratio of actual to
//   estimate, and settled with the call's usage (input + cache creation).
// - Output: booked at max_tokens when granted and settled with actual usage,
//   as the API books OTPM.

import type { RateLimitObservation } from '../../shared/contract/agentHost.js';
import { modelClassOf, type LimitKind, type ModelClassLimits } from '../../shared/rateLimits.js';
import { LimitSet, parseCount, type Needs } from './limitSet.js';

export interface UserLimits {
  rpm?: number | null;
  itpm?: number | null;
  otpm?: number | null;
}

export interface RateLimitBrokerOptions extends UserLimits {
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

export interface AcquireRequest {
  inputTokens: number;
  /** max_tokens of the call. */
  outputTokens: number;
  /** The model id; its class picks the limits. */
  model?: string;
  /** Default "anthropic". */
  provider?: string;
  /** Interactive sessions go ahead of background agents. */
  priority?: 'interactive' | 'background';
}

export interface AcquireOptions {
  signal?: AbortSignal;
  onWait?: (untilMs: number, reason: string) => void;
}

interface Waiter {
  agentId: string;
  key: string;
  needs: Needs;
  estimatedInput: number;
  interactive: boolean;
  /** Virtual time: round robin across agents. */
  tag: number;
  seq: number;
  resolve: () => void;
  reject: (error: unknown) => void;
  onWait?: (untilMs: number, reason: string) => void;
  announcedUntil: number | null;
  detachAbort: () => void;
}

/** What was booked for a granted call, settled when its outcome is observed. */
interface Reservation {
  agentId: string;
  key: string;
  needs: Needs;
  estimatedInput: number;
  grantedAt: number;
  /** The response's headers were already learned from (the final report repeats them). */
  headersSeen: boolean;
}

export const DEFAULT_PROVIDER = 'anthropic';
/** Weight of the newest observation in the input ratio. */
const AVERAGE_WEIGHT = 0.2;
const MIN_INPUT_RATIO = 0.05;
const MAX_INPUT_RATIO = 4;
/** A reservation never settled (its caller died) is forgotten after this long. */
const RESERVATION_TTL_MS = 10 * 60_000;
/** A 429 with no headers at all still holds everyone this long. */
const DEFAULT_HOLD_MS = 1000;
/** Pacing waits shorter than this are not news: no rate_limited event (a 429's hold always is). */
const ANNOUNCE_MIN_MS = 1500;
/** Announce a wait again only when it grows by more than this. */
const REANNOUNCE_SLACK_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export function limitKey(model: string | undefined, provider = DEFAULT_PROVIDER): string {
  return `${provider}:${modelClassOf(model)}`;
}

export class RateLimitBroker {
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { cancel(): void };
  private readonly sets = new Map<string, LimitSet>();
  private userLimits: Partial<Record<LimitKind, number | null>>;
  private readonly queue: Waiter[] = [];
  private reservations: Reservation[] = [];
  private readonly lastTag = new Map<string, number>();
  private virtualTime = 0;
  private seq = 0;
  /** Actual input over the callers' estimates. */
  private inputRatio: number | null = null;
  private timer: { cancel(): void } | null = null;
  private disposed = false;

  constructor(options: RateLimitBrokerOptions = {}) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? defaultSetTimer;
    this.userLimits = toKinds(options);
  }

  /** Resolves when the call may go. onWait hears (once per wait of note) until when it waits. Rejects if signal aborts. */
  acquire(agentId: string, request: AcquireRequest, options: AcquireOptions = {}): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('The rate limiter has been shut down.'));
    const { signal, onWait } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const key = limitKey(request.model, request.provider);
    this.setFor(key);
    const estimatedInput = nonNegative(request.inputTokens);
    return new Promise<void>((resolve, reject) => {
      const tag = Math.max(this.virtualTime, this.lastTag.get(agentId) ?? 0) + 1;
      this.lastTag.set(agentId, tag);
      const waiter: Waiter = {
        agentId,
        key,
        needs: { input: this.inputEstimate(estimatedInput), output: Math.max(1, nonNegative(request.outputTokens)) },
        estimatedInput,
        interactive: request.priority === 'interactive',
        tag,
        seq: this.seq++,
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
      this.insert(waiter);
      this.pump();
    });
  }

  /**
   * Learns from a response. `phase: 'headers'` (the response just began):
   * limits and levels from the headers. Otherwise the call ended: settle
   * its booking with usage; a 429 holds every agent on the key.
   * The call is the agent's newest granted one (an agent makes one at a
   * time); without an agent id, the oldest of all.
   */
  observe(observation: RateLimitObservation, agentId?: string, model?: string): void {
    if (this.disposed) return;
    const headers = lowerCaseKeys(observation.headers ?? {});
    const final = observation.phase !== 'headers';
    const reservation = this.findReservation(agentId);
    const set = this.setFor(reservation?.key ?? limitKey(model, observation.provider));
    set.answered = true;
    const syncLevels = !reservation?.headersSeen;
    const hadLimitHeaders = set.learn(headers, syncLevels);
    if (reservation && !final) reservation.headersSeen = true;
    if (final && reservation) {
      this.reservations.splice(this.reservations.indexOf(reservation), 1);
      this.settle(set, observation, reservation);
    }
    if (final && observation.status === 429) {
      // No retry-after: the buckets the 429's headers set pace the retry; with no headers at all, a short hold.
      const hold = holdMsOf(headers, this.now());
      set.refused(hold ?? (hadLimitHeaders ? null : DEFAULT_HOLD_MS), hold !== null || hadLimitHeaders, reservation?.grantedAt ?? null);
    } else if (final && observation.status < 400) {
      set.succeeded();
    }
    this.pump();
  }

  /** The user's limits (settings): used where the server has not stated its own. */
  setLimits(limits: UserLimits): void {
    this.userLimits = toKinds(limits);
    for (const set of this.sets.values()) set.applySettings(this.userLimits);
    this.pump();
  }

  /** Per key: each known limit, used now, the pace, and when the waiting calls should have gone. */
  snapshot(): ModelClassLimits[] {
    return [...this.sets.values()].map((set) => {
      const waiting = this.queue.filter((w) => w.key === set.key);
      return set.readout(waiting.length, waiting.length === 0 ? null : this.drainTime(set, waiting));
    });
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.cancel();
    this.timer = null;
    for (const waiter of this.queue.splice(0)) {
      waiter.detachAbort();
      waiter.reject(new Error('The rate limiter has been shut down.'));
    }
  }

  private setFor(key: string): LimitSet {
    let set = this.sets.get(key);
    if (!set) {
      set = new LimitSet(key, this.now);
      set.applySettings(this.userLimits);
      this.sets.set(key, set);
    }
    return set;
  }

  private inputEstimate(estimated: number): number {
    return this.inputRatio === null ? estimated : Math.round(estimated * this.inputRatio);
  }

  /** Keeps the queue ordered: interactive first, then virtual time, then arrival. */
  private insert(waiter: Waiter): void {
    let index = this.queue.length;
    while (index > 0 && before(waiter, this.queue[index - 1]!)) index--;
    this.queue.splice(index, 0, waiter);
  }

  /** Grants every key's first waiter that may go; schedules a wake-up for the rest. */
  private pump(): void {
    if (this.disposed) return;
    this.timer?.cancel();
    this.timer = null;
    let soonest = Infinity;
    const blocked = new Set<string>();
    for (let i = 0; i < this.queue.length; ) {
      const waiter = this.queue[i]!;
      if (blocked.has(waiter.key)) {
        i++;
        continue;
      }
      const wait = this.setFor(waiter.key).waitFor(waiter.needs);
      if (wait.ms > 0) {
        blocked.add(waiter.key);
        soonest = Math.min(soonest, wait.ms);
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.grant(waiter);
      // Granting may change other keys' order only through virtual time: restart the scan.
      i = 0;
      blocked.clear();
    }
    if (soonest < Infinity) {
      this.timer = this.setTimer(() => {
        this.timer = null;
        this.pump();
      }, Math.min(soonest, MAX_TIMER_MS));
      this.announceWaits();
    }
  }

  private grant(waiter: Waiter): void {
    const set = this.setFor(waiter.key);
    set.take(waiter.needs);
    this.virtualTime = Math.max(this.virtualTime, waiter.tag);
    this.reservations.push({
      agentId: waiter.agentId,
      key: waiter.key,
      needs: waiter.needs,
      estimatedInput: waiter.estimatedInput,
      grantedAt: this.now(),
      headersSeen: false,
    });
    waiter.detachAbort();
    waiter.resolve();
  }

  /** Until when the k-th waiter of a key should wait: the head's wait, then one pace per call ahead. */
  private waitsOf(set: LimitSet, waiting: Waiter[]): { until: number; reason: string; held: boolean }[] {
    const now = this.now();
    if (waiting.length === 0) return [];
    const head = set.waitFor(waiting[0]!.needs);
    const rate = set.paceRate();
    const step = rate ? 1 / rate : 0;
    const held = set.heldUntil > now;
    return waiting.map((_, k) => ({ until: now + head.ms + k * step, reason: head.reason || (rate ? set.limitReason('requests') : ''), held }));
  }

  private drainTime(set: LimitSet, waiting: Waiter[]): number {
    const waits = this.waitsOf(set, waiting);
    return waits.at(-1)?.until ?? this.now();
  }

  /** Tells waiting callers of a wait worth telling (once; again when it grows). */
  private announceWaits(): void {
    const now = this.now();
    for (const set of this.sets.values()) {
      const waiting = this.queue.filter((w) => w.key === set.key);
      const waits = this.waitsOf(set, waiting);
      waiting.forEach((waiter, k) => {
        const { until, reason, held } = waits[k]!;
        // A 429's hold is always news; pacing only when it is long.
        if (!waiter.onWait || (until - now < ANNOUNCE_MIN_MS && !held)) return;
        if (waiter.announcedUntil !== null && until <= waiter.announcedUntil + REANNOUNCE_SLACK_MS) return;
        waiter.announcedUntil = until;
        try {
          waiter.onWait(until, reason);
        } catch {
          // A listener's failure must not stall the queue.
        }
      });
    }
  }

  private findReservation(agentId: string | undefined): Reservation | null {
    const now = this.now();
    this.reservations = this.reservations.filter((r) => now - r.grantedAt < RESERVATION_TTL_MS);
    if (agentId === undefined) return this.reservations[0] ?? null;
    for (let i = this.reservations.length - 1; i >= 0; i--) if (this.reservations[i]!.agentId === agentId) return this.reservations[i]!;
    return null;
  }

  private settle(set: LimitSet, observation: RateLimitObservation, reservation: Reservation): void {
    const { needs } = reservation;
    if (observation.status === 429) {
      // Refused before it was counted: it spent nothing.
      set.refund('requests', 1);
      set.refund('input-tokens', needs.input);
      set.refund('output-tokens', needs.output);
      set.refund('tokens', needs.input + needs.output);
      return;
    }
    const output = finite(observation.outputTokens);
    // A call that failed wrote nothing; one that ended wrote `output`.
    const written = output ?? (observation.status >= 400 ? 0 : null);
    if (written !== null) {
      set.refund('output-tokens', needs.output - written);
      set.refund('tokens', needs.output - written);
    }
    const input = finite(observation.inputTokens);
    if (input !== null) {
      set.refund('input-tokens', needs.input - input);
      set.refund('tokens', needs.input - input);
      if (reservation.estimatedInput > 0) {
        const ratio = Math.min(MAX_INPUT_RATIO, Math.max(MIN_INPUT_RATIO, input / reservation.estimatedInput));
        this.inputRatio = this.inputRatio === null ? ratio : this.inputRatio * (1 - AVERAGE_WEIGHT) + ratio * AVERAGE_WEIGHT;
      }
    }
  }
}

function before(a: Waiter, b: Waiter): boolean {
  if (a.interactive !== b.interactive) return a.interactive;
  if (a.tag !== b.tag) return a.tag < b.tag;
  return a.seq < b.seq;
}

function toKinds(limits: UserLimits): Partial<Record<LimitKind, number | null>> {
  return { requests: limits.rpm ?? null, 'input-tokens': limits.itpm ?? null, 'output-tokens': limits.otpm ?? null };
}

/**
 * retry-after-ms, else retry-after (seconds or an HTTP date), in ms from now;
 * null when neither is usable. (A `-reset` is when a bucket is full again, not
 * when a call fits: waiting for it is what held agents for a minute before.)
 */
export function holdMsOf(headers: Record<string, string>, now: number): number | null {
  const ms = parseCount(headers['retry-after-ms']);
  if (ms !== null) return Math.ceil(ms);
  const raw = headers['retry-after'];
  if (raw === undefined || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : null;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
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

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? Math.max(0, value) : null;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = String(value);
  return out;
}
