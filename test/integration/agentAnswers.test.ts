// What the host answers an agent crosses a process boundary too: the real
// agent process checks each answer against the contract (agentHostSchemas.ts)
// before acting on it. A malformed answer to an approval must never run the
// command, and the person sees why the agent stopped.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { PauseAnswer } from '../../src/shared/contract/agentHost.js';
import { eventsOf, startAgentWith, tempWorkspace } from './agentHarness.js';

let server: FakeModelServer;
const serverReady = startFakeModelServer({
  scenarios: {
    'approve-bad': [toolTurn('run_command', { command: 'touch proposed.txt' }), textTurn('Created the file.')],
    'answer-bad': [toolTurn('ask_user', { question: 'Which file?' }), textTurn('Thanks.')],
  },
}).then((s) => (server = s));
after(async () => {
  await server?.close();
});

const url = async () => (await serverReady).url;

test('an approval answer the contract does not know ("maybe") runs nothing and fails the agent saying why', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const malformed = { kind: 'approval', decision: 'maybe' } as unknown as PauseAnswer;
    const h = await startAgentWith(url, ws, promptFor('approve-bad'), {}, () => malformed);
    const finished = await h.finished;
    assert.equal(h.pauses.length, 1);
    assert.equal(existsSync(path.join(ws, 'proposed.txt')), false, 'the command did not run');
    assert.equal(finished.status, 'failed');
    assert.match(finished.error ?? '', /The host's answer to pause was malformed: .*decision/);
    assert.equal(eventsOf(h, 'tool_result').some((r) => r.ok), false);
  } finally {
    await cleanup();
  }
});

test('an input answer that is not text fails the agent with a clear message, not a crash', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const malformed = { kind: 'input', answer: 42 } as unknown as PauseAnswer;
    const h = await startAgentWith(url, ws, promptFor('answer-bad'), {}, () => malformed);
    const finished = await h.finished;
    assert.equal(finished.status, 'failed');
    assert.match(finished.error ?? '', /The host's answer to pause was malformed: .*answer/);
    assert.equal(await h.exited, 0, 'the process ends by itself, after reporting');
  } finally {
    await cleanup();
  }
});
