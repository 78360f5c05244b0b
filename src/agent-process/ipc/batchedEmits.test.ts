import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AgentHostService } from '../../shared/contract/agentHost.js';
import { batchingHost } from './batchedEmits.js';

/** A host that records every call it receives, as the pipe would carry them. */
function recordingCalls(): { host: AgentHostService; calls: Array<[string, unknown[]]> } {
  const calls: Array<[string, unknown[]]> = [];
  const record =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, args]);
    };
  const host = Object.fromEntries(
    ['acquireRateLimit', 'reportRateLimit', 'emit', 'emitBatch', 'pause', 'beforeWrite', 'afterWrite', 'beforeCommand', 'afterCommand', 'commandStarted', 'commandEnded'].map((name) => [name, record(name)]),
  ) as unknown as AgentHostService;
  return { host, calls };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("a model call's end report travels with the usage and message of that tick: one message, not two", async () => {
  const { host, calls } = recordingCalls();
  const batched = batchingHost(host);
  const done = { status: 200, headers: { 'anthropic-ratelimit-requests-limit': '50' }, inputTokens: 10, outputTokens: 5 };
  const sent = [
    batched.reportRateLimit(done),
    batched.emit({ type: 'usage', model: 'm', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0 }),
    batched.emit({ type: 'message', message: { role: 'assistant', content: [] } }),
  ];
  await Promise.all(sent);
  assert.deepEqual(calls, [
    [
      'emitBatch',
      [
        [
          { type: 'usage', model: 'm', inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0 },
          { type: 'message', message: { role: 'assistant', content: [] } },
        ],
        [done],
      ],
    ],
  ]);
});

test('a report alone still goes out, and whatever was queued goes before any other call (a 429 reaches the limiter before the next acquire)', async () => {
  const { host, calls } = recordingCalls();
  const batched = batchingHost(host);
  const tooMany = { status: 429, headers: { 'retry-after': '3' } };
  void batched.reportRateLimit(tooMany);
  await batched.acquireRateLimit({ inputTokens: 1, outputTokens: 1 });
  await tick();
  assert.deepEqual(calls, [
    ['emitBatch', [[], [tooMany]]],
    ['acquireRateLimit', [{ inputTokens: 1, outputTokens: 1 }]],
  ]);
  calls.length = 0;
  await batched.emit({ type: 'text', text: 'hi' });
  // Events alone: one argument (over a JSON pipe an `undefined` second one would arrive as null and be refused).
  assert.deepEqual(calls, [['emitBatch', [[{ type: 'text', text: 'hi' }]]]]);
});
