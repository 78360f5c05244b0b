import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitBroker, type RateLimitBrokerOptions } from './rateLimitBroker.js';
import { fakeTime, flush } from './testClock.js';

function makeBroker(options: Partial<RateLimitBrokerOptions> = {}) {
  const time = fakeTime();
  const broker = new RateLimitBroker({ rpm: 60, itpm: 100_000, otpm: 100_000, now: time.now, setTimer: time.setTimer, marginMs: 0, ...options });
  return { time, broker };
}

/** Starts an acquire and records when (fake time) it resolved. */
function track(broker: RateLimitBroker, time: ReturnType<typeof fakeTime>, agentId: string, request = { inputTokens: 10, outputTokens: 10 }, log?: string[]) {
  const state: { grantedAt: number | null; waits: { until: number; reason: string }[]; error: unknown } = { grantedAt: null, waits: [], error: null };
  const promise = broker
    .acquire(agentId, request, { onWait: (until, reason) => state.waits.push({ until, reason }) })
    .then(
      () => {
        state.grantedAt = time.now();
        log?.push(agentId);
      },
      (error) => (state.error = error),
    );
  return Object.assign(state, { promise });
}

test('requests per minute are respected: never more than the limit in any 60 s', async () => {
  const { time, broker } = makeBroker({ rpm: 6 });
  const start = time.now();
  const calls = Array.from({ length: 9 }, (_, i) => track(broker, time, `agent-${i % 3}`));
  await flush();
  assert.equal(calls.filter((c) => c.grantedAt !== null).length, 6, 'an idle minute lets 6 go at once');
  await time.advance(59_999);
  assert.equal(calls.filter((c) => c.grantedAt !== null).length, 6, 'nothing more within the minute');
  assert.match(calls[6]!.waits[0]!.reason, /shared limit of 6 requests per minute/);
  await time.advance(1);
  assert.equal(calls.filter((c) => c.grantedAt !== null).length, 9);
  assert.deepEqual(calls.map((c) => c.grantedAt! - start), [0, 0, 0, 0, 0, 0, 60_000, 60_000, 60_000]);
  broker.dispose();
});

test('a granted call counts for a minute plus the margin (the server sees it a little later)', async () => {
  const { time, broker } = makeBroker({ rpm: 1, marginMs: 500 });
  await broker.acquire('a', { inputTokens: 1, outputTokens: 1 });
  const next = track(broker, time, 'b');
  await time.advance(60_499);
  assert.equal(next.grantedAt, null);
  await time.advance(1);
  assert.notEqual(next.grantedAt, null);
  broker.dispose();
});

test('waiters are served in FIFO order across agents, even when a later, smaller one would fit', async () => {
  const { time, broker } = makeBroker({ rpm: 1000, itpm: 1000 });
  const order: string[] = [];
  const first = track(broker, time, 'a', { inputTokens: 900, outputTokens: 1 }, order);
  await flush();
  assert.notEqual(first.grantedAt, null);
  // 100 tokens left: 'b' needs 600 (waits), 'c' needs 50 (would fit) but must stay behind 'b'.
  const b = track(broker, time, 'b', { inputTokens: 600, outputTokens: 1 }, order);
  const c = track(broker, time, 'c', { inputTokens: 50, outputTokens: 1 }, order);
  const d = track(broker, time, 'd', { inputTokens: 10, outputTokens: 1 }, order);
  await flush();
  assert.equal(c.grantedAt, null, 'c does not overtake b');
  assert.equal(b.waits.length, 1, 'b heard of its wait once');
  assert.match(b.waits[0]!.reason, /input tokens per minute/);
  // b fits once a's 900 leave the window: 60 s.
  assert.equal(b.waits[0]!.until - time.now(), 60_000);
  assert.ok(c.waits[0]!.until >= b.waits[0]!.until, 'c expects to wait at least as long as b');
  await time.advance(60_000);
  assert.deepEqual(order, ['a', 'b', 'c', 'd']);
  assert.equal(d.waits.length, 1);
  broker.dispose();
});

test('a 429 holds every agent until retry-after passes', async () => {
  const { time, broker } = makeBroker({ rpm: 1000 });
  const first = track(broker, time, 'a');
  await first.promise;
  broker.observe({ status: 429, headers: { 'retry-after': '20' } }, 'a');
  assert.equal(broker.snapshot().heldUntil, time.now() + 20_000);
  const others = ['a', 'b', 'c'].map((id) => track(broker, time, id));
  await flush();
  assert.ok(others.every((c) => c.grantedAt === null), 'nobody goes while held');
  for (const other of others) {
    assert.equal(other.waits.length, 1);
    assert.equal(other.waits[0]!.until, time.now() + 20_000);
    assert.match(other.waits[0]!.reason, /429/);
  }
  await time.advance(19_999);
  assert.ok(others.every((c) => c.grantedAt === null));
  await time.advance(1);
  assert.ok(others.every((c) => c.grantedAt !== null), 'all go once retry-after has passed');
  assert.equal(broker.snapshot().heldUntil, null);
  broker.dispose();
});

test('a later 429 with a longer retry-after extends the hold and is announced again', async () => {
  const { time, broker } = makeBroker();
  broker.observe({ status: 429, headers: { 'retry-after': '5' } });
  const waiting = track(broker, time, 'a');
  await flush();
  broker.observe({ status: 429, headers: { 'Retry-After': '30' } });
  await flush();
  assert.equal(waiting.waits.length, 2);
  assert.equal(waiting.waits[1]!.until, time.now() + 30_000);
  await time.advance(29_000);
  assert.equal(waiting.grantedAt, null);
  await time.advance(1_000);
  assert.notEqual(waiting.grantedAt, null);
  broker.dispose();
});

test('learns limits from the headers, and spending it did not see from -remaining', async () => {
  const { time, broker } = makeBroker({ rpm: 50, itpm: 30_000, otpm: 8_000 });
  await broker.acquire('a', { inputTokens: 100, outputTokens: 100 });
  await time.advance(1000);
  broker.observe(
    {
      status: 200,
      headers: {
        'anthropic-ratelimit-requests-limit': '120',
        // The server counts all 120: another client used 119 of them.
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-input-tokens-limit': '40000',
        'anthropic-ratelimit-input-tokens-remaining': '39900',
        'anthropic-ratelimit-output-tokens-limit': '16000',
      },
      inputTokens: 100,
      outputTokens: 50,
    },
    'a',
  );
  assert.deepEqual(broker.snapshot(), { rpm: 120, itpm: 40_000, otpm: 16_000, heldUntil: null, waiting: 0 });
  const next = track(broker, time, 'a');
  await flush();
  assert.equal(next.grantedAt, null, 'no request is left this minute');
  assert.equal(next.waits[0]!.until - time.now(), 59_000, 'the unseen spending leaves the window with the call it was seen with');
  assert.match(next.waits[0]!.reason, /120 requests per minute/);
  await time.advance(59_000);
  assert.notEqual(next.grantedAt, null);
  broker.dispose();
});

test('remaining headers never raise what we think is left (calls in flight are not in them yet)', async () => {
  const { time, broker } = makeBroker({ rpm: 10 });
  for (let i = 0; i < 10; i++) await broker.acquire('a', { inputTokens: 1, outputTokens: 1 });
  broker.observe({ status: 200, headers: { 'anthropic-ratelimit-requests-remaining': '9' } });
  const next = track(broker, time, 'a');
  await flush();
  assert.equal(next.grantedAt, null, 'still waits: our bucket is empty');
  broker.dispose();
});

test('output tokens reserve an estimate, not max_tokens, and settle with actual usage', async () => {
  const { time, broker } = makeBroker({ rpm: 1000, otpm: 10_000 });
  // Teach it that calls write ~100 tokens.
  await broker.acquire('a', { inputTokens: 1, outputTokens: 8192 });
  broker.observe({ status: 200, headers: {}, inputTokens: 1, outputTokens: 100 }, 'a');
  // With max_tokens reserved, only one 8192-token call would fit in 10k; with the estimate, many go at once.
  const calls = Array.from({ length: 20 }, (_, i) => track(broker, time, `agent-${i}`, { inputTokens: 1, outputTokens: 8192 }));
  await flush();
  assert.equal(calls.filter((c) => c.grantedAt !== null).length, 20);
  broker.dispose();
});

test('a call that wrote more than reserved is charged: the next calls wait for the debt', async () => {
  const { time, broker } = makeBroker({ rpm: 1000, otpm: 6000 });
  await broker.acquire('a', { inputTokens: 1, outputTokens: 4000 }); // reserves 1024 (no history yet)
  broker.observe({ status: 200, headers: {}, outputTokens: 4000 }, 'a');
  // 6000 - 4000 = 2000 left; the estimate is now the average, 4000 > 2000: wait until the 4000 leave the window.
  const next = track(broker, time, 'a', { inputTokens: 1, outputTokens: 8000 });
  await flush();
  assert.equal(next.grantedAt, null);
  assert.equal(next.waits[0]!.until - time.now(), 60_000);
  assert.match(next.waits[0]!.reason, /output tokens per minute/);
  broker.dispose();
});

test('an aborted wait rejects, leaves the line, and lets the next one through', async () => {
  const { time, broker } = makeBroker({ rpm: 1 });
  await broker.acquire('a', { inputTokens: 1, outputTokens: 1 });
  const controller = new AbortController();
  const aborted = broker.acquire('b', { inputTokens: 1, outputTokens: 1 }, { signal: controller.signal });
  const after = track(broker, time, 'c');
  await flush();
  assert.equal(broker.snapshot().waiting, 2);
  controller.abort(new Error('cancelled by the user'));
  await assert.rejects(aborted, /cancelled by the user/);
  assert.equal(broker.snapshot().waiting, 1);
  await time.advance(60_000);
  assert.notEqual(after.grantedAt, null);
  const already = new AbortController();
  already.abort();
  await assert.rejects(broker.acquire('d', { inputTokens: 1, outputTokens: 1 }, { signal: already.signal }));
  broker.dispose();
});

test('setLimits changes the limits and wakes waiters that now fit', async () => {
  const { time, broker } = makeBroker({ rpm: 1, itpm: 100 });
  const big = track(broker, time, 'a', { inputTokens: 500, outputTokens: 1 });
  await flush();
  // 500 > the limit of 100: it goes when the window is empty (else it never could).
  assert.notEqual(big.grantedAt, null);
  const next = track(broker, time, 'b', { inputTokens: 50, outputTokens: 1 });
  await flush();
  assert.equal(next.grantedAt, null);
  broker.setLimits({ rpm: 600, itpm: 100_000 });
  await flush();
  assert.notEqual(next.grantedAt, null);
  assert.deepEqual(broker.snapshot(), { rpm: 600, itpm: 100_000, otpm: 100_000, heldUntil: null, waiting: 0 });
  broker.dispose();
});

test('a call refused with 429 is unbooked: the server did not count it', async () => {
  const { time, broker } = makeBroker({ rpm: 2 });
  await broker.acquire('a', { inputTokens: 1, outputTokens: 1 });
  await broker.acquire('b', { inputTokens: 1, outputTokens: 1 });
  broker.observe({ status: 429, headers: { 'retry-after': '1' } }, 'b');
  const next = track(broker, time, 'b');
  await time.advance(999);
  assert.equal(next.grantedAt, null, 'held by the 429');
  await time.advance(1);
  assert.notEqual(next.grantedAt, null, "b's refused call no longer takes a slot");
  broker.dispose();
});

test('dispose rejects every waiter and cancels the wake-up', async () => {
  const { time, broker } = makeBroker({ rpm: 1 });
  await broker.acquire('a', { inputTokens: 1, outputTokens: 1 });
  const waiting = broker.acquire('b', { inputTokens: 1, outputTokens: 1 });
  broker.dispose();
  await assert.rejects(waiting, /shut down/);
  assert.equal(time.pendingTimers(), 0);
  await assert.rejects(broker.acquire('c', { inputTokens: 1, outputTokens: 1 }), /shut down/);
});

test('8 agents sharing a limit use it fully: every refill is granted the moment it lands', async () => {
  const { time, broker } = makeBroker({ rpm: 120, itpm: 1_000_000, otpm: 1_000_000 });
  const start = time.now();
  let granted = 0;
  let stop = false;
  // Each agent calls again as soon as it is let through (a zero-latency model).
  const agents = Array.from({ length: 8 }, async (_, i) => {
    while (!stop) {
      try {
        await broker.acquire(`agent-${i}`, { inputTokens: 100, outputTokens: 1000 });
      } catch {
        return;
      }
      granted += 1;
      broker.observe({ status: 200, headers: {}, inputTokens: 100, outputTokens: 200 }, `agent-${i}`);
    }
  });
  await time.advance(5 * 60_000);
  stop = true;
  broker.dispose();
  await Promise.all(agents);
  const minutes = (time.now() - start) / 60_000;
  // The starting burst (120) plus 120 per minute: nothing wasted, nothing extra.
  assert.equal(granted, 120 + 120 * minutes);
});

test('a 429 without retry-after holds until the empty limit resets', async () => {
  const { time, broker } = makeBroker({ rpm: 60, itpm: 10_000 });
  broker.observe({
    status: 429,
    headers: {
      'anthropic-ratelimit-input-tokens-remaining': '0',
      'anthropic-ratelimit-input-tokens-reset': new Date(time.now() + 4_000).toISOString(),
    },
  });
  assert.equal(broker.snapshot().heldUntil, time.now() + 4_000);
  broker.observe({ status: 200, headers: { 'anthropic-ratelimit-requests-remaining': '0' } });
  const next = track(broker, time, 'a', { inputTokens: 1, outputTokens: 1 });
  await time.advance(3_999);
  assert.equal(next.grantedAt, null);
  await time.advance(1);
  assert.notEqual(next.grantedAt, null);
  broker.dispose();
});
