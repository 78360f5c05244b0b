import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Anthropic from '@anthropic-ai/sdk';
import { backoffDelay, classifyFailure, rateLimitHeaders } from './modelClient.js';
import { StuckGuard } from './stuckGuard.js';

test('the stuck guard asks after three identical failing calls, not after different ones', () => {
  const guard = new StuckGuard();
  assert.equal(guard.record('read_file', { path: 'x' }, false, false, 'File not found: "x".'), null);
  assert.equal(guard.record('read_file', { path: 'x' }, false, false, 'File not found: "x".'), null);
  const question = guard.record('read_file', { path: 'x' }, false, false, 'File not found: "x".');
  assert.match(question ?? '', /^I made the same read_file call 3 times in a row and it failed each time, so I seem to be stuck\. It failed with: File not found: "x"\. How should I go on\?$/);

  const other = new StuckGuard();
  other.record('read_file', { path: 'x' }, false, false);
  other.record('read_file', { path: 'y' }, false, false);
  assert.equal(other.record('read_file', { path: 'x' }, false, false), null);
  // Key order in the input does not matter.
  other.record('grep', { pattern: 'a', path: 'b' }, false, false);
  other.record('grep', { path: 'b', pattern: 'a' }, false, false);
  assert.notEqual(other.record('grep', { pattern: 'a', path: 'b' }, false, false), null);
});

test('the stuck guard lets an audit of many different files run, and asks when only repeats come back, naming them', () => {
  const guard = new StuckGuard();
  for (let i = 0; i < 40; i++) assert.equal(guard.record('read_file', { path: `f${i}` }, true, false, `content ${i}`), null);
  // New searches and commands with new output are progress too.
  for (let i = 0; i < 20; i++) assert.equal(guard.record('grep', { pattern: `p${i}` }, true, false, 'no matches'), null);
  for (let i = 0; i < 20; i++) assert.equal(guard.record('run_command', { command: 'npm test' }, true, false, `failing test ${i}`), null);

  const loop = new StuckGuard();
  assert.equal(loop.record('read_file', { path: 'a.ts' }, true, false, 'A'), null);
  assert.equal(loop.record('run_command', { command: 'npm test' }, true, false, 'FAIL in 1.2s'), null);
  let question: string | null = null;
  for (let i = 0; i < 12 && !question; i++) {
    // The same read of an unchanged file, the same command with the same output (timings aside).
    question = i % 2 ? loop.record('read_file', { path: 'a.ts' }, true, false, 'A') : loop.record('run_command', { command: 'npm test' }, true, false, `FAIL in ${i}.${i}s`);
  }
  assert.equal(
    question,
    'I have taken 12 steps in a row that only repeated earlier ones with the same result: run_command "npm test" (6 times), read_file "a.ts" (6 times). I seem to be going round in circles. Am I on the right track? Tell me how to go on.',
  );
});

test('the stuck guard counts a changed file read again, and any write, as progress', () => {
  const guard = new StuckGuard();
  guard.record('read_file', { path: 'a.ts' }, true, false, 'v1');
  for (let i = 0; i < 11; i++) assert.equal(guard.record('read_file', { path: 'a.ts' }, true, false, 'v1'), null);
  // The file changed (someone wrote it): reading it is new.
  assert.equal(guard.record('read_file', { path: 'a.ts' }, true, false, 'v2'), null);
  for (let i = 0; i < 11; i++) assert.equal(guard.record('read_file', { path: 'a.ts' }, true, false, 'v2'), null);
  assert.equal(guard.record('write_file', { path: 'a.ts' }, true, true, 'Wrote a.ts'), null);
  for (let i = 0; i < 11; i++) assert.equal(guard.record('read_file', { path: 'a.ts' }, true, false, 'v2'), null);
  assert.match(guard.record('read_file', { path: 'a.ts' }, true, false, 'v2') ?? '', /^I have taken 12 steps in a row .*read_file "a\.ts" \(12 times\)/);
});

function apiError(status: number | undefined, message: string, headers: Record<string, string> = {}, type = 'api_error') {
  return Anthropic.APIError.generate(status, { type: 'error', error: { type, message } }, message, new Headers(headers));
}

test('API failures are sorted into fatal, rate-limited and retryable, with clear messages', () => {
  assert.match((classifyFailure(apiError(401, 'invalid x-api-key'), 'm') as { message: string }).message, /^The API key was rejected \(401\)/);
  assert.equal(classifyFailure(apiError(401, 'x'), 'm').kind, 'fatal');
  assert.equal(classifyFailure(apiError(429, 'Number of request tokens has exceeded your per-minute rate limit'), 'm').kind, 'rate_limited');
  const spend = classifyFailure(apiError(429, 'You have reached your specified API usage limits.'), 'm');
  assert.equal(spend.kind, 'fatal');
  assert.match((spend as { message: string }).message, /spend limit/);
  assert.equal(classifyFailure(apiError(529, 'Overloaded', { 'retry-after': '3' }, 'overloaded_error'), 'm').kind, 'retry');
  assert.equal((classifyFailure(apiError(529, 'Overloaded', { 'retry-after': '3' }), 'm') as { retryAfterMs: number }).retryAfterMs, 3000);
  assert.equal(classifyFailure(apiError(500, 'boom'), 'm').kind, 'retry');
  assert.equal(classifyFailure(apiError(undefined, 'Overloaded', {}, 'overloaded_error'), 'm').kind, 'retry');
  assert.equal(classifyFailure(apiError(400, 'bad request'), 'm').kind, 'fatal');
  assert.match((classifyFailure(apiError(404, 'no such model'), 'claude-x') as { message: string }).message, /The model "claude-x" was not found/);
  assert.equal(classifyFailure(new Anthropic.APIConnectionError({ message: 'ECONNRESET' }), 'm').kind, 'retry');
  assert.equal(classifyFailure(new TypeError('fetch failed'), 'm').kind, 'retry');
});

test("errors from another copy of the SDK (the cloud SDKs', loaded from node_modules) are sorted the same way", () => {
  // The ES module this file imports and the CommonJS one `require` loads are two copies, as the
  // agent bundle's and @anthropic-ai/bedrock-sdk's are: `instanceof` does not cross them.
  const Other = createRequire(import.meta.url)('@anthropic-ai/sdk') as typeof Anthropic;
  assert.notEqual(Other.APIError, Anthropic.APIError);
  const other = (status: number | undefined, message: string, headers: Record<string, string> = {}, type = 'api_error') =>
    Other.APIError.generate(status, { type: 'error', error: { type, message } }, message, new Headers(headers));
  const bedrock = { id: 'aws', kind: 'bedrock', label: 'aws (Amazon Bedrock)' } as unknown as Parameters<typeof classifyFailure>[2];
  const denied = classifyFailure(other(403, 'The request signature we calculated does not match the signature you provided.'), 'm', bedrock);
  assert.equal(denied.kind, 'fatal');
  assert.match((denied as { message: string }).message, /403.*signature we calculated does not match/);
  assert.equal(classifyFailure(other(429, 'Too many requests, please wait before trying again.'), 'm', bedrock).kind, 'rate_limited');
  assert.equal(classifyFailure(other(400, 'bad request'), 'm', bedrock).kind, 'fatal');
  assert.equal(classifyFailure(other(401, 'expired token'), 'm', bedrock).kind, 'fatal');
  assert.equal((classifyFailure(other(529, 'Overloaded', { 'retry-after': '2' }), 'm', bedrock) as { retryAfterMs: number }).retryAfterMs, 2000);
  assert.equal(classifyFailure(new Other.APIConnectionError({ message: 'ECONNRESET' }), 'm', bedrock).kind, 'retry');
  assert.equal(classifyFailure(new Other.APIUserAbortError(), 'm', bedrock).kind, 'fatal');
});

test('back-off grows exponentially with jitter and honours retry-after', () => {
  assert.equal(backoffDelay(1, null, () => 0.5), 1000);
  assert.equal(backoffDelay(3, null, () => 0.5), 4000);
  assert.equal(backoffDelay(3, null, () => 0), 3000);
  assert.equal(backoffDelay(3, null, () => 1), 5000);
  assert.equal(backoffDelay(20, null, () => 0.5), 60000);
  assert.equal(backoffDelay(1, 7000, () => 0.5), 7000);
});

test('only rate-limit headers are reported, lower-cased', () => {
  const headers = new Headers({ 'Anthropic-RateLimit-Requests-Remaining': '4', 'retry-after': '2', 'content-type': 'text/event-stream' });
  assert.deepEqual(rateLimitHeaders(headers), { 'anthropic-ratelimit-requests-remaining': '4', 'retry-after': '2' });
});
