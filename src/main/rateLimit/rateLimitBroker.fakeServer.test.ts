// The broker against the fake model server's own rate-limit accounting (a
// sliding 60 s window, as e2e/fixtures/fakeModel/rateLimitWindow.ts counts),
// in fake time: eight agents sharing one limit must use nearly all of it and
// never be refused with a 429.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimitWindow } from '../../../e2e/fixtures/fakeModel/rateLimitWindow.js';
import { RateLimitBroker } from './rateLimitBroker.js';
import { fakeTime } from './testClock.js';

interface Scenario {
  limits: { rpm: number; itpm: number; otpm: number };
  /** What the agent estimates, what the server counts. */
  inputEstimate: number;
  inputActual: number;
  maxTokens: number;
  /** Output of the k-th call. */
  output: (k: number) => number;
  /** Grant to server, and server to observe (IPC + HTTP). */
  latencyMs: number;
  /** How long the model writes. */
  generationMs: number;
  minutes: number;
}

async function simulate(scenario: Scenario) {
  const time = fakeTime();
  const start = time.now();
  const server = new RateLimitWindow(scenario.limits, time.now);
  const broker = new RateLimitBroker({ ...scenario.limits, now: time.now, setTimer: time.setTimer });
  const totals = { admitted: 0, refused: 0, input: 0, output: 0, calls: 0 };
  const end = start + scenario.minutes * 60_000;
  const agents = Array.from({ length: 8 }, async (_, i) => {
    const id = `agent-${i}`;
    for (;;) {
      try {
        await broker.acquire(id, { inputTokens: scenario.inputEstimate, outputTokens: scenario.maxTokens });
      } catch {
        return;
      }
      await time.sleep(scenario.latencyMs);
      const check = server.check(scenario.inputActual);
      if (!check.ok) {
        totals.refused++;
        broker.observe({ status: 429, headers: { 'retry-after': String(Math.max(1, Math.ceil((check.retryAfterMs ?? 1000) / 1000))) } }, id);
        continue;
      }
      server.recordRequest(scenario.inputActual);
      const admittedAt = time.now();
      const values = server.headerValues();
      const headers: Record<string, string> = {};
      for (const [kind, v] of [['requests', values.requests], ['input-tokens', values.input], ['output-tokens', values.output]] as const) {
        headers[`anthropic-ratelimit-${kind}-limit`] = String(v.limit);
        headers[`anthropic-ratelimit-${kind}-remaining`] = String(v.remaining);
        headers[`anthropic-ratelimit-${kind}-reset`] = new Date(v.resetAt).toISOString();
      }
      await time.sleep(scenario.generationMs);
      const output = scenario.output(totals.calls++);
      server.recordOutput(output);
      if (admittedAt < end) {
        totals.admitted++;
        totals.input += scenario.inputActual;
      }
      if (time.now() < end) totals.output += output;
      await time.sleep(scenario.latencyMs);
      broker.observe({ status: 200, headers, inputTokens: scenario.inputActual, outputTokens: output }, id);
    }
  });
  await time.advance(end - start);
  broker.dispose();
  await time.advance(10 * 60_000);
  await Promise.all(agents);
  const { rpm, itpm, otpm } = scenario.limits;
  return {
    refused: totals.refused,
    requestUse: totals.admitted / (rpm * scenario.minutes),
    inputUse: totals.input / (itpm * scenario.minutes),
    outputUse: totals.output / (otpm * scenario.minutes),
  };
}

test('requests per minute bind (a zero-latency model): ≥95% used, no 429', async (t) => {
  const result = await simulate({
    limits: { rpm: 50, itpm: 10_000_000, otpm: 10_000_000 },
    inputEstimate: 1000,
    inputActual: 1000,
    maxTokens: 4096,
    output: () => 100,
    latencyMs: 5,
    generationMs: 0,
    minutes: 5,
  });
  t.diagnostic(JSON.stringify(result));
  assert.equal(result.refused, 0);
  assert.ok(result.requestUse >= 0.95, JSON.stringify(result));
});

test('output tokens bind (varied output, max_tokens far above it): ≥95% used, no 429', async (t) => {
  const result = await simulate({
    limits: { rpm: 10_000, itpm: 10_000_000, otpm: 8_000 },
    inputEstimate: 1000,
    inputActual: 1000,
    maxTokens: 8192,
    output: (k) => 200 + ((k * 7919) % 400),
    latencyMs: 20,
    generationMs: 3_000,
    minutes: 10,
  });
  t.diagnostic(JSON.stringify(result));
  assert.equal(result.refused, 0);
  assert.ok(result.outputUse >= 0.95, JSON.stringify(result));
});

test('input tokens bind (the agent over-estimates its input by 10%): ≥95% used, no 429', async (t) => {
  const result = await simulate({
    limits: { rpm: 10_000, itpm: 30_000, otpm: 10_000_000 },
    inputEstimate: 1100,
    inputActual: 1000,
    maxTokens: 4096,
    output: () => 300,
    latencyMs: 20,
    generationMs: 1_000,
    minutes: 10,
  });
  t.diagnostic(JSON.stringify(result));
  assert.equal(result.refused, 0);
  assert.ok(result.inputUse >= 0.95, JSON.stringify(result));
});
