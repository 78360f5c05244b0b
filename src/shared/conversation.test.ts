import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, AgentEventBody, ConversationMessage } from './events.js';
import { rebuildConversation } from './conversation.js';

function log(bodies: AgentEventBody[]): AgentEvent[] {
  return bodies.map((body, i) => ({ ...body, agentId: 'a', time: '2026-01-01T00:00:00Z', seq: i + 1 }) as AgentEvent);
}

const user: ConversationMessage = { role: 'user', content: 'Fix the bug' };
const assistantWithTools: ConversationMessage = {
  role: 'assistant',
  content: [
    { type: 'text', text: 'Reading both files.' },
    { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'a.ts' } },
    { type: 'tool_use', id: 'toolu_2', name: 'read_file', input: { path: 'b.ts' } },
  ],
};
const toolResults: ConversationMessage = {
  role: 'user',
  content: [
    { type: 'tool_result', tool_use_id: 'toolu_1', content: 'a' },
    { type: 'tool_result', tool_use_id: 'toolu_2', content: 'b' },
  ],
};

test('an empty log rebuilds an empty conversation', () => {
  assert.deepEqual(rebuildConversation([]), { messages: [], completedToolResults: {} });
});

test('messages come back in order, and other events are ignored', () => {
  const events = log([
    { type: 'status', status: 'running' },
    { type: 'message', message: user },
    { type: 'text', text: 'Reading' },
    { type: 'message', message: assistantWithTools },
    { type: 'tool_call', tool: 'read_file', toolUseId: 'toolu_1', input: {} },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_1', ok: true, content: 'a' },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_2', ok: true, content: 'b' },
    { type: 'message', message: toolResults },
    { type: 'message', message: { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] } },
  ]);
  const rebuilt = rebuildConversation(events);
  assert.deepEqual(rebuilt.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  assert.deepEqual(rebuilt.messages[1], assistantWithTools);
  assert.deepEqual(rebuilt.completedToolResults, {}, 'the tool results message was written: nothing half-done');
});

test('stopped mid-batch: the finished tool results are returned, the unfinished call is not', () => {
  const events = log([
    { type: 'message', message: user },
    { type: 'message', message: assistantWithTools },
    { type: 'tool_call', tool: 'read_file', toolUseId: 'toolu_1', input: {} },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_1', ok: false, content: 'no such file' },
    { type: 'tool_call', tool: 'read_file', toolUseId: 'toolu_2', input: {} },
    { type: 'status', status: 'failed', reason: 'the agent process died' },
  ]);
  const rebuilt = rebuildConversation(events);
  assert.equal(rebuilt.messages.length, 2);
  assert.deepEqual(rebuilt.completedToolResults, { toolu_1: { content: 'no such file', ok: false } });
});

test('results from earlier turns, or for other ids, are not taken for the last batch; the latest result wins', () => {
  const events = log([
    { type: 'message', message: user },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_2', ok: true, content: 'stale, before the message' },
    { type: 'message', message: assistantWithTools },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_9', ok: true, content: 'not ours' },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_2', ok: false, content: 'first try' },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_2', ok: true, content: 'after resume' },
  ]);
  assert.deepEqual(rebuildConversation(events).completedToolResults, { toolu_2: { content: 'after resume', ok: true } });
});

test('a last assistant message without tool calls leaves nothing to complete', () => {
  const events = log([
    { type: 'message', message: user },
    { type: 'message', message: { role: 'assistant', content: 'All done' } },
    { type: 'tool_result', tool: 'read_file', toolUseId: 'toolu_1', ok: true, content: 'x' },
  ]);
  assert.deepEqual(rebuildConversation(events).completedToolResults, {});
});
