// Keeping an agent's context cheap, checked on the exact requests the fake
// Messages API server receives from the real agent process and SDK:
// re-reads of unchanged files, clearing old tool results, summarizing older
// turns, and the log that lets a resumed agent rebuild the same context.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeModelServer, type RecordedRequest, type ScriptedTurn } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { SUMMARY_INSTRUCTION } from '../../src/agent-process/context/compactor.js';
import { CLEARED_TOOL_RESULT, SUMMARY_HEADING } from '../../src/shared/compaction.js';
import { rebuildConversation } from '../../src/shared/conversation.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { eventsOf, startAgentWith, tempWorkspace, type Harness } from './agentHarness.js';

/** A script that answers summary requests with a summary and otherwise plays `turns` in order. */
function withSummaries(turns: ScriptedTurn[], summary = 'SUMMARY: read the files one by one.') {
  let next = 0;
  return (request: RecordedRequest): ScriptedTurn => {
    const last = request.body.messages[request.body.messages.length - 1];
    const asksForSummary = Array.isArray(last.content) && last.content.some((b: { text?: string }) => b.text === SUMMARY_INSTRUCTION);
    if (asksForSummary) return textTurn(summary);
    return turns[next++] ?? textTurn('Done.');
  };
}

const reads = (count: number) => Array.from({ length: count }, (_, i) => toolTurn('read_file', { path: `f${i}.txt` }));

const serverReady = startFakeModelServer({
  scenarios: {
    reread: [
      toolTurn('read_file', { path: 'a.txt' }),
      toolTurn('read_file', { path: './a.txt' }),
      toolTurn('edit_file', { path: 'a.txt', old_string: 'alpha', new_string: 'omega' }),
      toolTurn('read_file', { path: 'a.txt' }),
      textTurn('Done.'),
    ],
    clearing: withSummaries([...reads(20), textTurn('Read them all.')]),
    summarizing: withSummaries([...reads(9), textTurn('Read them all.')]),
  },
});
after(async () => (await serverReady).close());

const startAgent = (...args: Parameters<typeof startAgentWith> extends [unknown, ...infer Rest] ? Rest : never) =>
  startAgentWith(async () => (await serverReady).url, ...args);

async function requestsOf(scenario: string): Promise<RecordedRequest[]> {
  return (await serverReady).requests.filter((r) => r.scenario === scenario);
}

function toolResults(body: { messages: Array<{ role: string; content: unknown }> }): Array<{ tool_use_id: string; content: string }> {
  return body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content.filter((b: { type?: string }) => b.type === 'tool_result') : []));
}

function asLog(h: Harness): AgentEvent[] {
  return h.events.map((e, i) => ({ ...e, agentId: 'agent-1', time: new Date().toISOString(), seq: i + 1 }) as AgentEvent);
}

const withoutCacheControl = (value: unknown) => JSON.parse(JSON.stringify(value, (k, v) => (k === 'cache_control' ? undefined : v)));

async function workspaceWith(files: Record<string, string>) {
  const tmp = await tempWorkspace();
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(tmp.ws, name), content);
  return tmp;
}

test('a re-read of an unchanged file is answered with one line; a changed file reads in full', async () => {
  const { ws, cleanup } = await workspaceWith({ 'a.txt': `alpha\n${'beta\n'.repeat(50)}` });
  try {
    const h = await startAgent(ws, promptFor('reread'));
    assert.equal((await h.finished).status, 'completed');
    const results = eventsOf(h, 'tool_result').filter((r) => r.tool === 'read_file');
    assert.equal(results.length, 3);
    assert.match(results[0]!.content, /alpha/);
    assert.equal(results[1]!.content, '(./a.txt is unchanged since step 1: the content read_file showed you then is still current.)');
    assert.match(results[2]!.content, /omega/, 'after the edit the file reads in full');

    // What the model was sent is the short answer, not the content again.
    const last = (await requestsOf('reread')).at(-1)!.body;
    const sent = toolResults(last);
    assert.equal(sent[1]!.content, results[1]!.content);
    assert.equal(sent[0]!.content, results[0]!.content);
  } finally {
    await cleanup();
  }
});

test('with the re-read cache off, every read returns the content', async () => {
  const { ws, cleanup } = await workspaceWith({ 'a.txt': 'alpha\nbeta\n'.repeat(50) });
  try {
    const before = (await requestsOf('reread')).length;
    const h = await startAgent(ws, promptFor('reread', 'Again.'), {
      context: { promptCaching: true, rereadCache: false, compactAtTokens: null },
    });
    assert.equal((await h.finished).status, 'completed');
    const results = eventsOf(h, 'tool_result').filter((r) => r.tool === 'read_file');
    assert.match(results[1]!.content, /alpha/);
    assert.ok((await requestsOf('reread')).length > before);
  } finally {
    await cleanup();
  }
});

test('near the threshold, older tool results are cleared first, and the log rebuilds the same context', async () => {
  const files = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, `${i} `.repeat(40).concat('\n').repeat(20)]));
  const { ws, cleanup } = await workspaceWith(files);
  try {
    const h = await startAgent(ws, promptFor('clearing'), { context: { promptCaching: true, rereadCache: true, compactAtTokens: 10_000 } });
    assert.equal((await h.finished).status, 'completed');
    const compactions = eventsOf(h, 'compacted');
    assert.ok(compactions.length >= 1, 'compacted at least once');
    const first = compactions[0]!;
    assert.equal(first.summary, undefined, 'clearing was enough: no summary');
    assert.ok(first.clearedToolUseIds.length >= 1);
    assert.ok(first.tokensAfter < first.tokensBefore && first.tokensBefore >= 10_000);

    // The request after that compaction: exactly those results are cleared, the newest 6 are whole.
    const requests = await requestsOf('clearing');
    const after = requests.find((r) => toolResults(r.body).some((b) => b.content === CLEARED_TOOL_RESULT))!;
    const results = toolResults(after.body);
    const cleared = results.filter((b) => b.content === CLEARED_TOOL_RESULT).map((b) => b.tool_use_id);
    assert.deepEqual(cleared, first.clearedToolUseIds);
    assert.ok(results.slice(-6).every((b) => b.content !== CLEARED_TOOL_RESULT));

    // Resume rebuilds what the agent last sent (the log still holds every original message).
    const rebuilt = rebuildConversation(asLog(h));
    const lastSent = requests.at(-1)!.body.messages;
    assert.deepEqual(withoutCacheControl(rebuilt.messages.slice(0, -1)), withoutCacheControl(lastSent));
    const logged = eventsOf(h, 'message').flatMap((e) => (Array.isArray(e.message.content) ? e.message.content : []));
    assert.ok(logged.filter((b: { type?: string }) => b.type === 'tool_result').every((b: { content?: string }) => b.content !== CLEARED_TOOL_RESULT));
  } finally {
    await cleanup();
  }
});

test('when clearing is not enough, older turns are summarized by a model call and the newest turns kept', async () => {
  const files = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}.txt`, `${i} `.repeat(40).concat('\n').repeat(50)]));
  const { ws, cleanup } = await workspaceWith(files);
  try {
    const h = await startAgent(ws, promptFor('summarizing'), { context: { promptCaching: true, rereadCache: true, compactAtTokens: 8000 } });
    assert.equal((await h.finished).status, 'completed');
    const summarized = eventsOf(h, 'compacted').find((c) => c.summary);
    assert.ok(summarized, 'a summary compaction happened');
    assert.equal(summarized.summary!.text, 'SUMMARY: read the files one by one.');

    const requests = await requestsOf('summarizing');
    const summaryRequest = requests.find((r) => JSON.stringify(r.body.messages.at(-1)).includes('compacted to save context'))!;
    assert.deepEqual(summaryRequest.body.tool_choice, { type: 'none' });
    const afterSummary = requests[requests.indexOf(summaryRequest) + 1]!.body;
    const head = afterSummary.messages[0].content;
    assert.match(head[0].text, /Do the task\. \[scenario:summarizing\]/, 'the task stays word for word');
    assert.equal(head[head.length - 1].text.split('\n')[0], SUMMARY_HEADING);
    assert.equal(afterSummary.messages[1].role, 'assistant');
    assert.equal(afterSummary.messages.length, 5, 'summary + the newest 2 turns (assistant, results, assistant, results)');
    // Its usage was counted like any call.
    assert.equal(eventsOf(h, 'usage').length, requests.length);

    const rebuilt = rebuildConversation(asLog(h));
    assert.deepEqual(withoutCacheControl(rebuilt.messages.slice(0, -1)), withoutCacheControl(requests.at(-1)!.body.messages));
  } finally {
    await cleanup();
  }
});
