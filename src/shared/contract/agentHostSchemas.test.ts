import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AGENT_EVENT_TYPES } from '../events.js';
import { RpcError } from '../rpc/envelope.js';
import type { AgentEmittedEvent } from './agentHost.js';
import {
  agentHostParamsSchemas,
  agentHostResultSchemas,
  validateAgentHostParams,
  validateAgentHostResult,
  validateAgentProcessParams,
  validateAgentProcessResult,
} from './agentHostSchemas.js';
import { paramsValidator } from './paramsValidator.js';
import { compile } from 'zod';

/** One well-formed event of every type an agent may emit (a type missing here fails the last assertion). */
const SAMPLES: AgentEmittedEvent[] = [
  { type: 'status', status: 'running' },
  { type: 'process', pid: null, exitCode: 0, signal: null },
  { type: 'model', model: 'claude-sonnet-4-5' },
  { type: 'mode', mode: 'background' },
  { type: 'text', text: 'hi' },
  { type: 'message', message: { role: 'assistant', content: [{ type: 'text', text: 'hi' }] } },
  { type: 'tool_call', tool: 'read_file', toolUseId: 'tu1', input: { path: 'a' } },
  { type: 'tool_output', tool: 'run_command', toolUseId: 'tu1', chunk: 'out' },
  { type: 'tool_result', tool: 'run_command', toolUseId: 'tu1', ok: true, content: 'ok', command: 'ls', exitCode: 0, changedPaths: [] },
  { type: 'usage', model: 'm', inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0.01 },
  { type: 'compacted', tokensBefore: 10, tokensAfter: 5, clearedToolUseIds: ['tu1'], summary: { text: 's', keptFrom: 2 } },
  { type: 'rate_limited', until: '2026-12-02T00:00:00Z', reason: 'rpm' },
  { type: 'retry', attempt: 1, delayMs: 500, reason: 'overloaded' },
  { type: 'paused', kind: 'input', question: 'q', toolUseId: 'tu2' },
  { type: 'paused', kind: 'approval', command: 'rm x', toolUseId: 'tu3', reason: 'command', detail: 'deletes' },
  { type: 'answered', kind: 'approval', toolUseId: 'tu3', decision: 'edit', command: 'ls' },
  { type: 'file_changed', path: 'a.txt', step: 1 },
  { type: 'review', action: 'accept', paths: ['a.txt'] },
  { type: 'finished', status: 'completed' },
  { type: 'error', message: 'x' },
  { type: 'notice', message: 'y' },
  { type: 'isolation', mode: 'worktree', path: '/w' },
  { type: 'mcp_stderr', server: 's', text: 't' },
];

function refusal(run: () => unknown): RpcError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof RpcError);
    return error;
  }
  assert.fail('accepted');
}

test('every event type an agent may emit passes, alone and in a batch; `started` is the host\'s alone', () => {
  for (const event of SAMPLES) assert.deepEqual(validateAgentHostParams('emit', [event]), [event], event.type);
  assert.deepEqual(validateAgentHostParams('emitBatch', [SAMPLES]), [SAMPLES]);
  assert.deepEqual(new Set(SAMPLES.map((e) => e.type)), new Set(AGENT_EVENT_TYPES.filter((t) => t !== 'started')));
  const started = refusal(() => validateAgentHostParams('emit', [{ type: 'started', name: 'n', prompt: 'p', options: {}, workspace: '/' }]));
  assert.equal(started.code, 'BAD_INPUT');
});

test('a malformed call is BAD_INPUT naming the argument and field, never quoting the value', () => {
  const error = refusal(() => validateAgentHostParams('reportRateLimit', [{ status: 200, headers: { 'x-api-key': 7 } }]));
  assert.equal(error.code, 'BAD_INPUT');
  assert.match(error.message, /^Invalid input for the host\.reportRateLimit: argument 1 \(headers\.x-api-key\): Invalid input: expected string/);
  assert.match(refusal(() => validateAgentHostParams('commandStarted', [{ pid: 0 }])).message, /\(pid\)/);
  assert.equal(refusal(() => validateAgentHostParams('nope', [])).code, 'NOT_FOUND');
  assert.deepEqual(Object.keys(agentHostParamsSchemas).sort(), [
    'acquireRateLimit', 'afterCommand', 'afterWrite', 'beforeCommand', 'beforeWrite', 'commandEnded', 'commandStarted', 'emit', 'emitBatch', 'pause', 'reportRateLimit',
  ]);
});

test('start(): an init without its options or with a secret in the wrong place is refused without quoting it', () => {
  const init = {
    agentId: 'a1', name: 'brave-otter', prompt: 'p', workspace: '/w', model: 'm', apiKey: 'sk-ant-secret-value',
    options: { approval: 'ask', scope: [], allowedCommands: [], webSearch: false, mode: 'background' },
    messages: [], completedToolResults: {}, stepsSoFar: 0,
  };
  assert.deepEqual(validateAgentProcessParams('start', [init]), [init]);
  const missing = refusal(() => validateAgentProcessParams('start', [{ ...init, options: undefined }]));
  assert.match(missing.message, /^Invalid input for the agent process\.start: argument 1 \(options\)/);
  const wrong = refusal(() => validateAgentProcessParams('start', [{ ...init, apiKey: 42, stepsSoFar: 1.5 }]));
  assert.match(wrong.message, /\(apiKey\).*\(stepsSoFar\)/);
  assert.ok(!wrong.message.includes('sk-ant'));
});

test("emitBatch carries the tick's rate-limit reports, checked like reportRateLimit's", () => {
  const report = { status: 200, headers: { 'anthropic-ratelimit-requests-limit': '50' }, phase: 'headers' as const };
  assert.deepEqual(validateAgentHostParams('emitBatch', [[SAMPLES[4]], [report]]), [[SAMPLES[4]], [report]]);
  assert.deepEqual(validateAgentHostParams('emitBatch', [[], [report]]), [[], [report]]);
  const bad = refusal(() => validateAgentHostParams('emitBatch', [[], [{ status: 200, headers: { 'x-api-key': 7 } }]]));
  assert.match(bad.message, /^Invalid input for the host\.emitBatch: argument 2 \(0\.headers\.x-api-key\)/);
});

test('answers are checked too: a pause answer outside the contract is BAD_ANSWER naming the field, never quoting it', () => {
  assert.deepEqual(Object.keys(agentHostResultSchemas).sort(), Object.keys(agentHostParamsSchemas).sort());
  const answers = [
    { kind: 'input', answer: 'src/a.ts' },
    { kind: 'approval', decision: 'approve' },
    { kind: 'approval', decision: 'approve', command: 'touch b' },
    { kind: 'approval', decision: 'reject', feedback: 'no' },
  ];
  for (const answer of answers) assert.deepEqual(validateAgentHostResult('pause', answer), answer);
  const maybe = refusal(() => validateAgentHostResult('pause', { kind: 'approval', decision: 'maybe' }));
  assert.equal(maybe.code, 'BAD_ANSWER');
  assert.match(maybe.message, /^The host's answer to pause was malformed: decision: /);
  const secret = refusal(() => validateAgentHostResult('pause', { kind: 'input', answer: 42, token: 'sk-ant-secret-value' }));
  assert.ok(!secret.message.includes('sk-ant'));
  assert.match(refusal(() => validateAgentHostResult('afterCommand', { changedPaths: 'a' })).message, /changedPaths/);
  // A method that answers nothing: serveRpc sends null.
  assert.equal(validateAgentHostResult('emitBatch', null), null);
  assert.equal(refusal(() => validateAgentHostResult('acquireRateLimit', { wait: 1 })).code, 'BAD_ANSWER');
  assert.equal(validateAgentProcessResult('start', null), null);
  assert.match(refusal(() => validateAgentProcessResult('cancel', 'ok')).message, /^The agent process's answer to cancel was malformed/);
});

test('a method checked often is compiled (z.compile), and accepts and refuses exactly as before', () => {
  // z.compile hands back the schema unchanged when it cannot compile it: then the comparison below would compare the parser with itself.
  for (const [method, schema] of Object.entries(agentHostParamsSchemas)) assert.doesNotThrow(() => compile(schema, { strict: true }), method);
  const compiledAtOnce = paramsValidator(agentHostParamsSchemas, 'the host.', 0);
  const outcome = (validate: typeof validateAgentHostParams, method: string, params: unknown[]) => {
    try {
      return { ok: validate(method, params) };
    } catch (error) {
      assert.ok(error instanceof RpcError);
      return { code: error.code, message: error.message };
    }
  };
  const report = { status: 429, headers: { 'retry-after': '3' }, phase: 'done', inputTokens: 10, provider: 'anthropic' };
  const calls: Array<[string, unknown[]]> = [
    ['emitBatch', [SAMPLES]],
    ['emitBatch', [SAMPLES, [report]]],
    ...SAMPLES.map((event): [string, unknown[]] => ['emit', [event]]),
    ['emit', [{ type: 'text', text: 'hi', extra: 1 }]], // a strict object refuses a key it does not know
    ['emit', [{ type: 'nope' }]],
    ['emit', [{ type: 'usage', model: 'm', inputTokens: -1, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0 }]],
    ['emitBatch', [[{ type: 'tool_call', tool: 'read_file', toolUseId: '', input: null }]]],
    ['emitBatch', [[], [{ ...report, headers: { 'x-api-key': 7 } }]]],
    ['emitBatch', ['not a list']],
    ['acquireRateLimit', [{ inputTokens: 100, outputTokens: 8192 }]],
    ['acquireRateLimit', [{ inputTokens: Infinity, outputTokens: 8192 }]],
    ['afterCommand', [{ step: 1, command: 'ls', pid: null }]],
    ['beforeWrite', [{ paths: [''], step: 1 }]],
  ];
  for (const [method, params] of calls) {
    // Twice: the second check of the compiled validator runs the compiled schema's fast path again.
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(outcome(compiledAtOnce, method, params), outcome(validateAgentHostParams, method, params), `${method} ${JSON.stringify(params).slice(0, 80)}`);
    }
  }
  // The default validator compiles after COMPILE_AFTER_CHECKS checks of a method, and still refuses what it refused.
  const later = paramsValidator(agentHostParamsSchemas, 'the host.', 3);
  for (let i = 0; i < 5; i++) assert.deepEqual(later('emitBatch', [SAMPLES]), [SAMPLES]);
  assert.match(refusal(() => later('emitBatch', [[{ type: 'text', text: 1 }]])).message, /^Invalid input for the host\.emitBatch: argument 1 \(0\.text\)/);
});
