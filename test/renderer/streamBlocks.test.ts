// The stream view's folding of events into blocks (src/renderer/store/streamBlocks.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendEvents, EMPTY_STREAM } from '../../src/renderer/store/streamBlocks.js';
import type { AgentEvent, AgentEventBody } from '../../src/shared/events.js';

let seq = 0;
function ev(body: AgentEventBody): AgentEvent {
  seq += 1;
  return { ...body, agentId: 'a1', time: '2026-01-01T00:00:00.000Z', seq } as AgentEvent;
}

test('text deltas of one model turn make one block; a tool call closes the turn', () => {
  seq = 0;
  const stream = appendEvents(EMPTY_STREAM, [
    ev({ type: 'text', text: 'Hello ' }),
    ev({ type: 'text', text: 'world' }),
    ev({ type: 'tool_call', tool: 'run_command', toolUseId: 't1', input: { command: 'ls' } }),
    ev({ type: 'text', text: 'Next turn' }),
  ]);
  assert.deepEqual(
    stream.blocks.map((b) => [b.kind, b.kind === 'text' ? b.text : b.kind === 'tool' ? b.tool : '']),
    [
      ['text', 'Hello world'],
      ['tool', 'run_command'],
      ['text', 'Next turn'],
    ],
  );
  assert.equal(stream.blocks[0]!.kind === 'text' && stream.blocks[0]!.streaming, false);
  assert.equal(stream.blocks[2]!.kind === 'text' && stream.blocks[2]!.streaming, true);
});

test('output and result attach to their tool call, across batches, without changing the old stream', () => {
  seq = 0;
  const first = appendEvents(EMPTY_STREAM, [ev({ type: 'tool_call', tool: 'run_command', toolUseId: 't1', input: { command: 'npm test' } })]);
  const second = appendEvents(first, [
    ev({ type: 'tool_output', tool: 'run_command', toolUseId: 't1', chunk: 'ok 1\n' }),
    ev({ type: 'tool_output', tool: 'run_command', toolUseId: 't1', chunk: 'ok 2\n' }),
    ev({ type: 'tool_result', tool: 'run_command', toolUseId: 't1', ok: true, content: 'passed' }),
  ]);
  const tool = second.blocks[0]!;
  assert.equal(tool.kind, 'tool');
  if (tool.kind !== 'tool') return;
  assert.equal(tool.output, 'ok 1\nok 2\n');
  assert.deepEqual(tool.result, { ok: true, content: 'passed', changedPaths: undefined });
  const before = first.blocks[0]!;
  assert.ok(before.kind === 'tool' && before.output === '' && before.result === null, 'the earlier stream is untouched');
});

test('events already folded in (a re-sync after reconnect) are ignored', () => {
  seq = 0;
  const events = [ev({ type: 'text', text: 'once' }), ev({ type: 'error', message: 'boom' })];
  const once = appendEvents(EMPTY_STREAM, events);
  const twice = appendEvents(once, events);
  assert.equal(twice, once);
  assert.equal(once.lastSeq, 2);
  assert.equal(once.blocks.length, 2);
});

test('a tool call the agent is paused on says so until it is answered', () => {
  seq = 0;
  const paused = appendEvents(EMPTY_STREAM, [
    ev({ type: 'tool_call', tool: 'run_command', toolUseId: 't9', input: { command: 'touch x' } }),
    ev({ type: 'paused', kind: 'approval', command: 'touch x', toolUseId: 't9', reason: 'command' }),
  ]);
  const waiting = paused.blocks[0]!;
  assert.ok(waiting.kind === 'tool' && waiting.awaiting === 'approval');
  assert.equal(paused.blocks[1]!.kind, 'pause');
  const answered = appendEvents(paused, [ev({ type: 'answered', kind: 'approval', toolUseId: 't9', decision: 'approve' })]);
  const done = answered.blocks[0]!;
  assert.ok(done.kind === 'tool' && done.awaiting === undefined);
  assert.ok(waiting.kind === 'tool' && waiting.awaiting === 'approval', 'the earlier stream is untouched');
});
