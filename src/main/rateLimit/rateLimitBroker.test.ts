// The shared limiter in fake time: token buckets from the API's headers,
// pacing with a learned burst, 429 holds released one at a time, fairness,
// and no invented limits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitBroker, holdMsOf, type AcquireRequest, type RateLimitBrokerOptions } from './rateLimitBroker.js';
import { fakeTime, flush, type FakeTime } from './testClock.js';

const SONNET = 'claude-sonnet-4-5';

function makeBroker(options: Partial<RateLimitBrokerOptions> = {}) {
  const time = fakeTime();
  const broker = new RateLimitBroker({ now: time.now, setTimer: time.setTimer, ...options });
  return { time, broker };
}

type Tracked = { agentId: string; grantedAt: number | null; waits: { until: number; reason: string }[]; error: unknown; promise: Promise<void> };

function track(broker: RateLimitBroker, time: FakeTime, agentId: string, request: Partial<AcquireRequest> = {}, log?: string[]): Tracked {
  const state = { agentId, grantedAt: null as number | null, waits: [] as { until: number; reason: string }[], error: null as unknown };
  const promise = broker
    .acquire(agentId, { inputTokens: 10, outputTokens: 10, model: SONNET, ...request }, { onWait: (until, reason) => state.waits.push({ until, reason }) })
    .then(
      () => {
        state.grantedAt = time.now();
        log?.push(agentId);
      },
      (error) => void (state.error = error),
    );
  return Object.assign(state, { promise });
}

/** Acquires, moving fake time on until it is granted (pacing may make it wait). */
async function acquire(broker: RateLimitBroker, time: FakeTime, agentId: string, request: Partial<AcquireRequest> = {}): Promise<void> {
  const call = track(broker, time, agentId, request);
  for (let i = 0; i < 6000 && call.grantedAt === null && call.error === null; i++) await time.advance(10);
  if (call.error) throw call.error;
  assert.notEqual(call.grantedAt, null, 'granted within a minute');
}

/** Within what 10-20 ms of refill adds back. */
function assertNear(actual: number, expected: number, slack = 30): void {
  assert.ok(Math.abs(actual - expected) <= slack, `${actual} is not about ${expected}`);
}

const granted = (calls: Tracked[]) => calls.filter((c) => c.grantedAt !== null).length;

/** What the API sends on every response for a requests bucket (RFC 3339 reset). */
function requestHeaders(limit: number, remaining: number, now: number): Record<string, string> {
  return {
    'anthropic-ratelimit-requests-limit': String(limit),
    'anthropic-ratelimit-requests-remaining': String(remaining),
    'anthropic-ratelimit-requests-reset': new Date(now + ((limit - remaining) * 60_000) / limit).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

test('with no limit known (no settings, no headers yet) nothing is invented: the first call goes alone, then all go at once', async () => {
  const { time, broker } = makeBroker();
  const calls = Array.from({ length: 5 }, (_, i) => track(broker, time, `agent-${i}`));
  await flush();
  assert.equal(granted(calls), 1, 'the first call asks the server; the others wait for its answer');
  broker.observe({ status: 200, headers: {}, phase: 'headers' }, 'agent-0', SONNET);
  await flush();
  assert.equal(granted(calls), 5, 'the server stated no limit: nothing holds the others');
  assert.deepEqual(broker.snapshot()[0]!.limits, [], 'no limit is shown that nobody stated');
  assert.equal(broker.snapshot()[0]!.pacePerMinute, null);
  broker.dispose();
});

test('headers set a token bucket: refilled continuously at limit/60 per second, never reset at a minute', async () => {
  const { time, broker } = makeBroker();
  const first = track(broker, time, 'a');
  await flush();
  // 120 per minute, 0 left now: one more fits every 0.5 s (refill), not in a minute.
  broker.observe({ status: 200, headers: requestHeaders(120, 0, time.now()), phase: 'headers' }, 'a', SONNET);
  const calls = Array.from({ length: 4 }, (_, i) => track(broker, time, `b${i}`));
  await flush();
  assert.notEqual(first.grantedAt, null);
  assert.equal(granted(calls), 0);
  await time.advance(520);
  assert.equal(granted(calls), 1, 'a refill of one request after ~0.5 s');
  await time.advance(1600);
  assert.equal(granted(calls), 4, 'and so on, evenly');
  const row = broker.snapshot()[0]!;
  assert.equal(row.key, 'anthropic:sonnet');
  assert.deepEqual(
    row.limits.map((l) => [l.kind, l.limit, l.source]),
    [['requests', 120, 'server']],
  );
  broker.dispose();
});

test('a full bucket is no licence to burst: sends are paced at the refill rate, starting with a burst of 1', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  const start = time.now();
  const calls = Array.from({ length: 4 }, (_, i) => track(broker, time, `agent-${i}`));
  await time.advance(5_000);
  const at = calls.map((c) => c.grantedAt! - start);
  assert.equal(at[0], 0);
  for (let i = 1; i < at.length; i++) {
    const gap = at[i]! - at[i - 1]!;
    assert.ok(gap >= 1000 && gap <= 1100, `about one second apart at 60 rpm (98% pace): ${at}`);
  }
  assert.equal(broker.snapshot()[0]!.burst, 1);
  broker.dispose();
});

test('the burst grows while no 429 comes and halves at once on one', async () => {
  const { time, broker } = makeBroker({ rpm: 6000 });
  for (let i = 0; i < 80; i++) {
    await acquire(broker, time, 'a');
    broker.observe({ status: 200, headers: {}, inputTokens: 1, outputTokens: 1 }, 'a');
    await time.advance(20);
  }
  const grown = broker.snapshot()[0]!.burst;
  assert.ok(grown >= 2, `grew to ${grown}`);
  await acquire(broker, time, 'a');
  broker.observe({ status: 429, headers: { 'retry-after': '1' } }, 'a');
  assert.equal(broker.snapshot()[0]!.burst, Math.max(1, Math.floor(grown / 2)));
  broker.dispose();
});

test('a 429 holds every agent until retry-after, then they go one at a time, paced', async () => {
  const { time, broker } = makeBroker({ rpm: 600 });
  const first = track(broker, time, 'a');
  await flush();
  assert.notEqual(first.grantedAt, null);
  const refusedAt = time.now();
  broker.observe({ status: 429, headers: { 'retry-after': '2' } }, 'a');
  const calls = ['a', 'b', 'c', 'd'].map((id) => track(broker, time, id));
  await time.advance(1_999);
  assert.equal(granted(calls), 0, 'nobody goes during the hold');
  assert.match(calls[1]!.waits[0]!.reason, /429/);
  await time.advance(5_000);
  const at = calls.map((c) => c.grantedAt! - refusedAt).sort((x, y) => x - y);
  assert.ok(at[0]! >= 2000 && at[0]! < 2100, `${at}`);
  for (let i = 1; i < at.length; i++) assert.ok(at[i]! - at[i - 1]! >= 100, `released one at a time, a pace apart (10 per second at 600 rpm): ${at}`);
  broker.dispose();
});

test('retry-after-ms wins over retry-after; an HTTP date works; junk is ignored', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(holdMsOf({ 'retry-after-ms': '1500', 'retry-after': '9' }, now), 1500);
  assert.equal(holdMsOf({ 'retry-after': '3' }, now), 3000);
  assert.equal(holdMsOf({ 'retry-after': 'Thu, 01 Jan 2026 00:00:04 GMT' }, now), 4000);
  assert.equal(holdMsOf({ 'retry-after': 'soon' }, now), null);
  assert.equal(holdMsOf({ 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:01:00Z' }, now), null, 'a reset is when the bucket is full, not a hold');
});

test('a 429 with no usable headers halves the pace, which then recovers with each success', async () => {
  const { time, broker } = makeBroker();
  // No limit known, the server sends no headers: calls go as fast as they come.
  for (let i = 0; i < 10; i++) {
    await acquire(broker, time, 'a');
    broker.observe({ status: 200, headers: {}, inputTokens: 1, outputTokens: 1 }, 'a');
    await time.advance(100);
  }
  assert.equal(broker.snapshot()[0]!.pacePerMinute, null);
  await acquire(broker, time, 'a');
  broker.observe({ status: 429, headers: {} }, 'a');
  const halved = broker.snapshot()[0]!.pacePerMinute!;
  // We were sending 10 per second (600/min): half of it.
  assert.ok(halved > 250 && halved < 350, `halved to ${halved}/min`);
  await time.advance(1_000); // the short hold of a header-less 429
  for (let i = 0; i < 5; i++) {
    await acquire(broker, time, 'a');
    broker.observe({ status: 200, headers: {}, inputTokens: 1, outputTokens: 1 }, 'a');
  }
  assert.ok(broker.snapshot()[0]!.pacePerMinute! > halved, 'recovering');
  broker.dispose();
});

test('arrival order with round robin across agents: a chatty agent cannot starve the others', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  const order: string[] = [];
  await acquire(broker, time, 'warm');
  // 'chatty' queues three calls before 'b' and 'c' arrive.
  const calls = [
    track(broker, time, 'chatty', {}, order),
    track(broker, time, 'chatty', {}, order),
    track(broker, time, 'chatty', {}, order),
    track(broker, time, 'b', {}, order),
    track(broker, time, 'c', {}, order),
  ];
  await time.advance(10_000);
  assert.equal(granted(calls), 5);
  assert.deepEqual(order, ['chatty', 'b', 'c', 'chatty', 'chatty']);
  broker.dispose();
});

test('an interactive session goes ahead of background agents', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  const order: string[] = [];
  await acquire(broker, time, 'warm');
  track(broker, time, 'bg1', {}, order);
  track(broker, time, 'bg2', {}, order);
  track(broker, time, 'you', { priority: 'interactive' }, order);
  await time.advance(5_000);
  assert.deepEqual(order, ['you', 'bg1', 'bg2']);
  broker.dispose();
});

test('model classes have separate buckets: a held Sonnet does not hold Haiku', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  await acquire(broker, time, 'a');
  broker.observe({ status: 429, headers: { 'retry-after': '30' } }, 'a');
  const sonnet = track(broker, time, 'a');
  const haiku = track(broker, time, 'b', { model: 'claude-haiku-4-5' });
  await time.advance(100);
  assert.equal(sonnet.grantedAt, null);
  assert.notEqual(haiku.grantedAt, null);
  assert.deepEqual(broker.snapshot().map((r) => r.key).sort(), ['anthropic:haiku', 'anthropic:sonnet']);
  broker.dispose();
});

test('another client on the same key is absorbed: remaining below ours lowers the bucket', async () => {
  const { time, broker } = makeBroker();
  await acquire(broker, time, 'a');
  broker.observe({ status: 200, headers: requestHeaders(60, 50, time.now()), phase: 'headers' }, 'a');
  broker.observe({ status: 200, headers: requestHeaders(60, 50, time.now()), inputTokens: 1, outputTokens: 1 }, 'a');
  assert.equal(broker.snapshot()[0]!.limits[0]!.usedNow, 10);
  await time.advance(1_000);
  await acquire(broker, time, 'a');
  // We granted one more; the server says 30 left: someone else spent ~20.
  broker.observe({ status: 200, headers: requestHeaders(60, 30, time.now()), phase: 'headers' }, 'a');
  assert.equal(broker.snapshot()[0]!.limits[0]!.usedNow, 30);
  broker.dispose();
});

test('input is estimated, then settled from usage; cache reads (not in usage input) do not count', async () => {
  const { time, broker } = makeBroker({ itpm: 6_000 });
  // The caller estimates 3,000 (its whole prompt, cached part included); the API counts 1,000 uncached.
  await acquire(broker, time, 'a', { inputTokens: 3_000 });
  const input = () => broker.snapshot()[0]!.limits.find((l) => l.kind === 'input-tokens')!.usedNow;
  assertNear(input(), 3_000);
  broker.observe({ status: 200, headers: {}, inputTokens: 1_000, outputTokens: 5 }, 'a');
  assertNear(input(), 1_000);
  // The next estimate learns the ratio: 3,000 asked is booked as ~1,000.
  await acquire(broker, time, 'a', { inputTokens: 3_000 });
  const used = broker.snapshot()[0]!.limits.find((l) => l.kind === 'input-tokens')!.usedNow;
  assert.ok(used < 3_000, `booked ${used}`);
  broker.dispose();
});

test('output is booked at max_tokens (as the API books OTPM) and settled to what was written', async () => {
  const { time, broker } = makeBroker({ otpm: 100_000 });
  await acquire(broker, time, 'a', { inputTokens: 1, outputTokens: 8_192 });
  const out = () => broker.snapshot()[0]!.limits.find((l) => l.kind === 'output-tokens')!.usedNow;
  assertNear(out(), 8_192);
  broker.observe({ status: 200, headers: {}, inputTokens: 1, outputTokens: 300 }, 'a');
  assertNear(out(), 300);
  broker.dispose();
});

test('a call refused with 429 is given back: the server did not count it', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  await acquire(broker, time, 'a');
  assert.equal(broker.snapshot()[0]!.limits[0]!.usedNow, 1);
  broker.observe({ status: 429, headers: { 'retry-after': '1' } }, 'a');
  assert.equal(broker.snapshot()[0]!.limits[0]!.usedNow, 0);
  broker.dispose();
});

test('the readout says who waits and when the queue drains', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  const calls = Array.from({ length: 4 }, (_, i) => track(broker, time, `agent-${i}`));
  await flush();
  const row = broker.snapshot()[0]!;
  assert.equal(row.waiting, 3);
  const drains = Date.parse(row.drainsAt!) - time.now();
  assert.ok(drains > 2_000 && drains < 3_500, `three calls a second apart drain in ~3 s: ${drains}`);
  assert.equal(row.pacePerMinute, 58.8);
  await time.advance(5_000);
  assert.equal(granted(calls), 4);
  assert.equal(broker.snapshot()[0]!.drainsAt, null);
  broker.dispose();
});

test('settings changes apply where the server has not spoken; the server replaces them', async () => {
  const { time, broker } = makeBroker({ rpm: 10 });
  broker.setLimits({ rpm: 20, itpm: null, otpm: null });
  assert.deepEqual(broker.snapshot(), []);
  await acquire(broker, time, 'a');
  assert.deepEqual(broker.snapshot()[0]!.limits.map((l) => [l.limit, l.source]), [[20, 'settings']]);
  broker.observe({ status: 200, headers: requestHeaders(1000, 999, time.now()), phase: 'headers' }, 'a');
  broker.setLimits({ rpm: 5, itpm: null, otpm: null });
  assert.deepEqual(broker.snapshot()[0]!.limits.map((l) => [l.limit, l.source]), [[1000, 'server']]);
  broker.dispose();
});

test('an aborted wait rejects and leaves the line; dispose rejects every waiter', async () => {
  const { time, broker } = makeBroker({ rpm: 1 });
  await acquire(broker, time, 'a');
  const controller = new AbortController();
  const aborted = broker.acquire('b', { inputTokens: 1, outputTokens: 1, model: SONNET }, { signal: controller.signal });
  const other = track(broker, time, 'c');
  controller.abort();
  await assert.rejects(aborted);
  assert.equal(broker.snapshot()[0]!.waiting, 1);
  broker.dispose();
  await other.promise;
  assert.match(String(other.error), /shut down/);
});

test('long waits are announced (rate_limited), short pacing gaps are not', async () => {
  const { time, broker } = makeBroker({ rpm: 60 });
  const calls = Array.from({ length: 4 }, (_, i) => track(broker, time, `agent-${i}`));
  await flush();
  assert.equal(calls[1]!.waits.length, 0, 'a one-second pace is not news');
  assert.equal(calls[3]!.waits.length, 1, 'three seconds is');
  assert.match(calls[3]!.waits[0]!.reason, /60 requests per minute/);
  await time.advance(5_000);
  broker.dispose();
});
