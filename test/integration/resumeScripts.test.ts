// A resumed agent (a new process with the conversation so far) still knows
// which script files it wrote before: the user's allowed pattern `npm test`
// does not vouch for a package.json the agent rewrote, before or after the resume.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { eventsOf, startAgentWith, tempWorkspace } from './agentHarness.js';

const serverReady = startFakeModelServer({
  scenarios: {
    'resume-script': [textTurn('never used: the resumed agent starts at turn 1'), toolTurn('run_command', { command: 'npm test' }), textTurn('Done.')],
  },
});
after(async () => (await serverReady).close());

test('after a resume, an allowed pattern does not cover a script the agent changed before it', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    await writeFile(path.join(ws, 'package.json'), '{"scripts":{"test":"touch PWNED"}}\n');
    const prompt = promptFor('resume-script', 'Run the tests');
    const h = await startAgentWith(async () => (await serverReady).url, ws, prompt, { approval: 'deny', allowedCommands: ['npm test'] }, undefined, {
      messages: [
        { role: 'user', content: [{ type: 'text', text: prompt }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_w', name: 'write_file', input: { path: './package.json', content: '{}' } }] },
      ],
      completedToolResults: { toolu_w: { content: 'Overwrote package.json.', ok: true } },
      stepsSoFar: 1,
    });
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    const result = eventsOf(h, 'tool_result').find((e) => e.tool === 'run_command');
    assert.ok(result);
    assert.equal(result.ok, false);
    assert.match(result.content, /matches your pattern "npm test", but this agent changed package\.json/);
  } finally {
    await cleanup();
  }
});
