// The summaries kept beside the agents' logs (store/agentSummaries.ts) must
// show a person exactly what the logs say: after real agents ran through the
// CLI, after a host was killed mid-run, and with a summary gone or garbled.
// The expected records are folded here from the logs on disk (the truth).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import type { TurnScript } from '../../e2e/fixtures/fakeModel/types.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { AgentRecord } from '../../src/shared/agent.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { reduceAgent } from '../../src/shared/reduceAgent.js';
import { workspaceStateDir } from '../../src/main/store/homePaths.js';
import { eventually, listJson, withCliSandbox, type Sandbox } from './cliHelpers.js';

let server: FakeModelServer;
let hangs = 0;
before(async () => {
  const hangFirst: TurnScript = (_request, turnIndex) =>
    turnIndex === 0 && hangs++ === 0 ? { ...textTurn('Late.'), delayMs: 20_000 } : textTurn('Done after all.');
  server = await startFakeModelServer({
    scenarios: {
      writes: [toolTurn('write_file', { path: 'a.txt', content: 'a\n' }), toolTurn('list_dir', {}), textTurn('Wrote a.')],
      reads: [toolTurn('read_file', { path: 'README.md' }), textTurn('Read it.')],
      asks: [toolTurn('ask_user', { question: 'Which colour?' }), textTurn('Blue.')],
      hangs: hangFirst,
    },
  });
});
after(async () => {
  await server?.close();
});

const withSandbox = (body: (s: Sandbox) => Promise<void>) => withCliSandbox(server.url, body);

function agentsDir(s: Sandbox): string {
  return join(workspaceStateDir(s.home, s.workspace), 'agents');
}

/** Each agent's record as its log on disk folds, by id. */
function foldedFromLogs(s: Sandbox): Map<string, AgentRecord> {
  const out = new Map<string, AgentRecord>();
  for (const id of readdirSync(agentsDir(s))) {
    const text = readFileSync(join(agentsDir(s), id, 'events.jsonl'), 'utf8');
    const events = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AgentEvent);
    out.set(id, reduceAgent(id, events));
  }
  return out;
}

/** What `offload list --json` shows equals the logs' fold, for every agent (elapsed aside: it moves with the clock). */
async function assertListMatchesLogs(s: Sandbox): Promise<AgentRecord[]> {
  const listed = await listJson(s);
  const folded = foldedFromLogs(s);
  assert.equal(listed.length, folded.size);
  for (const record of listed) assert.deepEqual({ ...record, elapsedMs: 0 }, { ...folded.get(record.id)!, elapsedMs: 0 }, `agent ${record.name}`);
  return listed;
}

test('after agents ran, each has a summary, and the list read from them is what the logs say', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', promptFor('writes', 'Write a.'), promptFor('reads', 'Read.'), promptFor('asks', 'Ask me.')]);
    assert.equal(run.code, 3, run.stdout + run.stderr); // one paused for input
    const folded = foldedFromLogs(s);
    for (const [id, record] of folded) {
      const summaryFile = join(agentsDir(s), id, 'summary.json');
      assert.ok(existsSync(summaryFile), `a summary for ${record.name}`);
      const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
      assert.equal(summary.logBytes, readFileSync(join(agentsDir(s), id, 'events.jsonl')).length);
      assert.deepEqual({ ...summary.record, elapsedMs: 0 }, { ...record, elapsedMs: 0 });
    }
    const listed = await assertListMatchesLogs(s);
    assert.deepEqual(listed.map((r) => r.status).sort(), ['completed', 'completed', 'paused_input']);

    // Answering goes on from the summary's state; the list follows the log again.
    const asked = listed.find((r) => r.status === 'paused_input')!;
    const reply = await s.offload(['reply', asked.id, 'Blue']);
    assert.equal(reply.code, 0, reply.stdout + reply.stderr);
    const after = await assertListMatchesLogs(s);
    assert.equal(after.find((r) => r.id === asked.id)!.status, 'completed');

    // A summary gone or garbled: the log is read instead, and the list is the same.
    const [first, second] = [...foldedFromLogs(s).keys()];
    writeFileSync(join(agentsDir(s), first!, 'summary.json'), '{"format":1,"release":');
    writeFileSync(join(agentsDir(s), second!, 'summary.json'), JSON.stringify({ format: 1, release: 'another', logBytes: 1, logMtimeMs: 0, record: {} }));
    await assertListMatchesLogs(s);
  });
});

test('a host killed mid-run: the next list shows the agent interrupted, as its log says, summary or not', async () => {
  await withSandbox(async (s) => {
    // A completed agent first, so the workspace has summaries before the crash.
    assert.equal((await s.offload(['run', promptFor('reads', 'Read.')])).code, 0);
    const { child, result } = s.spawnOffload(['run', promptFor('hangs', 'Hang.')]);
    const running = await eventually(async () => (await listJson(s)).find((a) => a.status === 'running' && a.pid) ?? null, 20_000, 'the agent to run');
    s.track(running.pid!);
    await eventually(async () => server.requests.some((r) => r.scenario === 'hangs'), 20_000, 'its model call');
    child.kill('SIGKILL');
    await result;
    const listed = await assertListMatchesLogs(s);
    const interrupted = listed.find((r) => r.id === running.id)!;
    assert.equal(interrupted.status, 'failed');
    assert.match(interrupted.error ?? '', /^interrupted/);
    assert.equal(listed.find((r) => r.id !== running.id)!.status, 'completed');
  });
});
