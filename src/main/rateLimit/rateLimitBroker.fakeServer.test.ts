// The broker against the fake model server's own rate-limit models, in fake
// time: the token bucket as Anthropic documents it (a 1 s burst capacity
// below the per-minute figure), the sliding 60 s window, and a server that
// sends no rate-limit headers. Counts and shares, not wall-clock timings
// (those live in bench/rateLimitShare).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitWindow, type LimitHeaderValues } from '../../../e2e/fixtures/fakeModel/rateLimitWindow.js';
import { TokenBucketLimits } from '../../../e2e/fixtures/fakeModel/tokenBucketLimits.js';
import { RateLimitBroker, type UserLimits } from './rateLimitBroker.js';
import { fakeTime } from './testClock.js';

type ServerLimits = Pick<RateLimitWindow, 'check' | 'recordRequest' | 'recordOutput' | 'headerValues'>;

interface Scenario {
  server: (now: () => number) => ServerLimits;
  headers: boolean;
  user?: UserLimits;
  agents: number;
  callsPerAgent: number;
  /** Grant to server and server to us: varies 5-45 ms (IPC, HTTP, a loaded machine). */
  generationMs: number;
  maxTokens?: number;
}

function headersOf(values: ReturnType<ServerLimits['headerValues']>, now: number): Record<string, string> {
  const headers: Record<string, string> = {};
  const set = (kind: string, v: LimitHeaderValues | undefined) => {
    if (!v) return;
    headers[`anthropic-ratelimit-${kind}-limit`] = String(v.limit);
    headers[`anthropic-ratelimit-${kind}-remaining`] = String(v.remaining);
    headers[`anthropic-ratelimit-${kind}-reset`] = new Date(Math.max(now, v.resetAt)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  set('requests', values.requests);
  set('input-tokens', values.input);
  set('output-tokens', values.output);
  set('tokens', values.tokens);
  return headers;
}

async function simulate(scenario: Scenario) {
  const time = fakeTime();
  const server = scenario.server(time.now);
  const broker = new RateLimitBroker({ ...scenario.user, now: time.now, setTimer: time.setTimer });
  let jitterSeed = 7;
  const jitter = () => {
    jitterSeed = (jitterSeed * 1103515245 + 12345) % 2 ** 31;
    return 5 + (jitterSeed % 41);
  };
  const admitted: number[] = [];
  let refused = 0;
  let failedAgents = 0;
  const maxTokens = scenario.maxTokens ?? 4096;
  const agents = Array.from({ length: scenario.agents }, async (_, i) => {
    const id = `agent-${i}`;
    let done = 0;
    let refusedInARow = 0;
    while (done < scenario.callsPerAgent) {
      await broker.acquire(id, { inputTokens: 1000, outputTokens: maxTokens, model: 'claude-sonnet-4-5' });
      await time.sleep(jitter());
      const check = server.check(1000);
      if (!check.ok) {
        refused++;
        await time.sleep(jitter());
        const headers = scenario.headers
          ? { ...headersOf(server.headerValues(), time.now()), 'retry-after': String(Math.max(1, Math.ceil((check.retryAfterMs ?? 1000) / 1000))) }
          : {};
        broker.observe({ status: 429, headers }, id);
        if (++refusedInARow > 20) {
          failedAgents++; // the agent's own give-up rule (modelClient: 20 429s in a row)
          return;
        }
        continue;
      }
      refusedInARow = 0;
      server.recordRequest(1000, maxTokens);
      admitted.push(time.now());
      const headers = scenario.headers ? headersOf(server.headerValues(), time.now()) : {};
      await time.sleep(jitter());
      broker.observe({ status: 200, headers, phase: 'headers' }, id);
      await time.sleep(scenario.generationMs);
      server.recordOutput(200, maxTokens);
      await time.sleep(jitter());
      broker.observe({ status: 200, headers, inputTokens: 1000, outputTokens: 200 }, id);
      done++;
      // The agent runs its tool before the next call.
      await time.sleep(jitter());
    }
  });
  const all = Promise.all(agents);
  let finished = false;
  void all.then(() => (finished = true));
  const start = time.now();
  while (!finished && time.now() - start < 30 * 60_000) await time.advance(1_000);
  broker.dispose();
  const spanMs = admitted.length > 1 ? admitted.at(-1)! - admitted[0]! : 0;
  return { admitted, refused, failedAgents, spanMs, finished };
}

for (const agents of [3, 8]) {
  test(`token bucket (120 rpm enforced as 2 per second, burst 2), ${agents} agents, limit from the headers: near the ideal, no 429s`, async (t) => {
    const calls = agents === 3 ? 9 : 10;
    const result = await simulate({
      server: (now) => new TokenBucketLimits({ rpm: 120, burstRequests: 2, itpm: 10_000_000, otpm: 10_000_000 }, now),
      headers: true,
      agents,
      callsPerAgent: calls,
      generationMs: 50,
    });
    const requests = agents * calls;
    const idealMs = ((requests - 2) / 2) * 1000;
    t.diagnostic(JSON.stringify({ refused: result.refused, spanMs: result.spanMs, idealMs }));
    assert.ok(result.finished);
    assert.equal(result.failedAgents, 0);
    assert.equal(result.admitted.length, requests);
    assert.ok(result.refused <= requests / 100, `${result.refused} answered 429`);
    // The first call goes alone (nothing known yet), then pacing at 98% of the rate.
    assert.ok(result.spanMs <= idealMs * 1.15, `${result.spanMs} ms against an ideal of ${idealMs} ms`);
  });
}

test('token bucket with the user-given rpm (as `offload run --rpm 120`) , token limits unknown: no 429s', async () => {
  const result = await simulate({
    server: (now) => new TokenBucketLimits({ rpm: 120, burstRequests: 2, itpm: 10_000_000, otpm: 10_000_000 }, now),
    headers: true,
    user: { rpm: 120 },
    agents: 8,
    callsPerAgent: 10,
    generationMs: 50,
  });
  assert.equal(result.refused, 0);
  assert.equal(result.failedAgents, 0);
});

test('token bucket whose short-interval burst is 1 (60 rpm as 1 per second): jitter does not turn into 429s', async () => {
  const result = await simulate({
    server: (now) => new TokenBucketLimits({ rpm: 60, burstRequests: 1, itpm: 10_000_000, otpm: 10_000_000 }, now),
    headers: true,
    agents: 8,
    callsPerAgent: 10,
    generationMs: 20,
  });
  // A few while the pace settles below the jitter, not one every few requests.
  assert.ok(result.refused <= 3, `${result.refused} answered 429`);
  assert.equal(result.failedAgents, 0);
});

test('sliding 60 s window (60 rpm): at least 95% of the limit used, no agent fails', async () => {
  const result = await simulate({
    server: (now) => new RateLimitWindow({ rpm: 60, itpm: 10_000_000, otpm: 10_000_000 }, now),
    headers: true,
    user: { rpm: 60 },
    agents: 8,
    callsPerAgent: 25,
    generationMs: 50,
  });
  assert.ok(result.finished);
  assert.equal(result.failedAgents, 0);
  // Mean admitted per 60 s window over the run.
  const t0 = result.admitted[0]!;
  const t1 = result.admitted.at(-1)!;
  const counts: number[] = [];
  for (let s = t0; s + 60_000 <= t1; s += 500) counts.push(result.admitted.filter((t) => t >= s && t < s + 60_000).length);
  const share = counts.reduce((a, b) => a + b, 0) / counts.length / 60;
  assert.ok(share >= 0.95, `share ${share}`);
  assert.ok(result.refused <= 2, `${result.refused} answered 429`);
});

test('a server that sends no rate-limit headers (nor retry-after): header-less 429s halve the pace; every agent finishes', async (t) => {
  const result = await simulate({
    server: (now) => new TokenBucketLimits({ rpm: 120, burstRequests: 2, itpm: 10_000_000, otpm: 10_000_000 }, now),
    headers: false,
    agents: 8,
    callsPerAgent: 10,
    generationMs: 50,
  });
  t.diagnostic(JSON.stringify({ refused: result.refused, spanMs: result.spanMs }));
  assert.ok(result.finished);
  assert.equal(result.failedAgents, 0);
  assert.equal(result.admitted.length, 80);
  // Without a word from the server some 429s are the only signal, but far fewer than one per request.
  assert.ok(result.refused < 40, `${result.refused} answered 429 for 80 requests`);
});

test('output tokens: booked at max_tokens as the API does, a token-bucket OTPM is not overdrawn into 429s', async () => {
  const result = await simulate({
    server: (now) => new TokenBucketLimits({ rpm: 10_000, burstRequests: 100, itpm: 10_000_000, otpm: 20_000 }, now),
    headers: true,
    agents: 8,
    callsPerAgent: 5,
    generationMs: 500,
    maxTokens: 4_000,
  });
  assert.ok(result.finished);
  assert.equal(result.failedAgents, 0);
  assert.ok(result.refused <= 1, `${result.refused} answered 429`);
});
