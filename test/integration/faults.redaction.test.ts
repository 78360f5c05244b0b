// Fault suite, issue 13 item 6: the API key never leaves the agent, not to
// the log and not to the model, even when a command prints it encoded
// (base64, reversed, hex, percent-encoded) or in two output chunks.
// The key sits in the workspace's .env; commands read that file for real.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { agentLogPath, workspaceStateDir } from '../../src/main/store/homePaths.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { createSandbox, jsonLines } from './cliHelpers.js';
import { assertNothingLost, readLogStrictly } from './faultHelpers.js';

const ENV_FILE = 'ANTHROPIC_API_KEY=sk-ant-test-0123456789abcdef\n';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      leak: [
        toolTurn('read_file', { path: '.env' }),
        toolTurn('run_command', { command: 'base64 .env' }),
        toolTurn('run_command', { command: 'rev .env' }),
        toolTurn('run_command', { command: 'od -An -tx1 .env' }),
        toolTurn('run_command', { command: "od -An -tx1 .env | tr -d ' \\n' | sed 's/../%&/g'" }),
        // The key in two output chunks: the runner sends what it has before the pause.
        toolTurn('run_command', { command: 'head -c 30 .env; sleep 1.5; tail -c +31 .env' }),
        textTurn('Looked at the environment file.'),
      ],
    },
  });
});
after(async () => {
  await server?.close();
});

/** The forms of the key a reader could turn back into it, found in text (spaces and line breaks ignored). */
function leakedForms(text: string, key: string): string[] {
  const flat = text.replace(/\\[rnt]|\s/g, '');
  const forms: Record<string, string> = {
    key,
    reversed: [...key].reverse().join(''),
    'base64 of the file': Buffer.from(ENV_FILE).toString('base64').replace(/=+$/, ''),
    'base64 of the key': Buffer.from(key).toString('base64').slice(0, 24),
    hex: Buffer.from(key).toString('hex'),
  };
  const lower = flat.toLowerCase();
  return Object.entries(forms)
    .filter(([name, form]) => (name === 'hex' ? lower.includes(form) || lower.replace(/%/g, '').includes(form) : flat.includes(form)))
    .map(([name]) => name);
}

test('the key printed plain, base64, reversed, hex, percent-encoded or split across chunks reaches neither the log nor the model', async () => {
  const s = createSandbox(server.url, { '.env': ENV_FILE, 'README.md': '# r\n' });
  const key = s.env.ANTHROPIC_API_KEY!;
  assert.ok(ENV_FILE.includes(key));
  try {
    const run = await s.offload(['run', '--json', '--approval', 'auto', promptFor('leak', 'Look at .env.')], { timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const id = jsonLines(run.stdout)[0]!.agentId;

    const events = readLogStrictly(s.home, s.workspace, id);
    const results = events.filter((e): e is Extract<AgentEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    assert.equal(results.length, 6, 'every tool ran');
    assert.ok(results.every((r) => r.content.includes('[redacted]')), 'each result had the key taken out');

    const raw = readFileSync(agentLogPath(workspaceStateDir(s.home, s.workspace), id), 'utf8');
    assert.deepEqual(leakedForms(raw, key), [], 'events.jsonl holds no form of the key');
    // The live output, joined per command, as the UI and `logs` show it.
    const joined = new Map<string, string>();
    for (const e of events) if (e.type === 'tool_output') joined.set(e.toolUseId, (joined.get(e.toolUseId) ?? '') + e.chunk);
    assert.ok(joined.size >= 5, 'the commands streamed output');
    for (const [useId, text] of joined) assert.deepEqual(leakedForms(text, key), [], `joined output of ${useId}`);

    // What the model was sent: tool results included.
    const sent = server.requests.filter((r) => r.scenario === 'leak');
    assert.ok(sent.length >= 7);
    for (const request of sent) assert.deepEqual(leakedForms(JSON.stringify(request.body.messages), key), [], `request ${request.turnIndex}`);

    // Nothing lost: the log is whole, and the agent's text and file are there.
    await assertNothingLost(s, id, []);
    assert.ok(events.some((e) => e.type === 'message' && JSON.stringify(e).includes('Looked at the environment file.')));
    assert.equal(readFileSync(join(s.workspace, '.env'), 'utf8'), ENV_FILE, 'the workspace file is untouched');
  } finally {
    await s.cleanup();
  }
});
