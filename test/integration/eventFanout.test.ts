// Events to whom they concern (issues 10 and 11): a connection that says which
// agents' streams it shows gets only their events; one that never says gets
// all (the CLI); agent records come once per change, not once per event.
// Real forked processes running the stand-in agent (supervisorFakeAgent.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSettled, type AgentRecord } from '../../src/shared/agent.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createHost } from '../../src/main/app/createHost.js';
import { createForkLauncher } from '../../src/main/launch/forkLauncher.js';

const fakeAgent = fileURLToPath(new URL('./supervisorFakeAgent.js', import.meta.url));

test('a page gets the events of the agents it watches only, the CLI gets all, and records come only when they change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-fanout-'));
  const workspace = join(dir, 'ws');
  execFileSync('git', ['init', '-q', workspace]);
  const fork = createForkLauncher();
  const host = await createHost({
    workspace,
    home: join(dir, 'home'),
    runtime: 'node',
    env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000', OFFLOAD_MODEL: 'claude-sonnet-test', OFFLOAD_TEST: '1' },
    launcher: { launch: (options) => fork.launch({ ...options, entry: fakeAgent }) },
    settingsOverrides: { concurrency: 2 },
  });
  const cli = connectInProcess(host);
  const page = connectInProcess(host);
  try {
    const cliEvents: AgentEvent[] = [];
    const pageEvents: AgentEvent[] = [];
    const records: AgentRecord[] = [];
    cli.on('onDidAppendEvent', (event) => cliEvents.push(event));
    page.on('onDidAppendEvent', (event) => pageEvents.push(event));
    page.on('onDidChangeAgent', (record) => records.push(record));

    // The page shows no agent yet, then opens the first one's stream.
    await page.call.watchAgentStreams([]);
    const [a, b] = await cli.call.startAgents({ prompts: ['just look', 'just look too'] });
    await page.call.watchAgentStreams([a!.id]);
    for (const agent of [a!, b!]) {
      for (;;) {
        if (isSettled((await cli.call.getAgent(agent.id)).status)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await new Promise((r) => setImmediate(r));

    const logged = (id: string) => cli.call.getEvents(id);
    assert.deepEqual(new Set(cliEvents.map((e) => e.agentId)), new Set([a!.id, b!.id]));
    assert.ok(pageEvents.length > 0);
    assert.ok(pageEvents.every((e) => e.agentId === a!.id), 'only the watched agent');
    // Everything of the watched agent since the watch began reached the page, in order.
    // A settled record can come before the agent's last events (its summary): wait until the log stops growing
    // and the page has caught up with it, or give up after 5 s and compare what there is.
    let aLog = await logged(a!.id);
    for (let tries = 0; tries < 100 && pageEvents.at(-1)?.seq !== aLog.at(-1)?.seq; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      aLog = await logged(a!.id);
    }
    const tail = aLog.filter((e) => e.seq >= pageEvents[0]!.seq);
    assert.deepEqual(pageEvents.map((e) => e.seq), tail.map((e) => e.seq));

    // Records: every agent's (not only the watched one), each differing from the one before.
    assert.deepEqual(new Set(records.map((r) => r.id)), new Set([a!.id, b!.id]));
    const last = new Map<string, string>();
    for (const record of records) {
      const key = JSON.stringify({ ...record, lastSeq: 0, elapsedMs: 0 });
      assert.notEqual(last.get(record.id), key, 'a record is sent only when it changed');
      last.set(record.id, key);
    }
    const bLog = await logged(b!.id);
    assert.ok(records.filter((r) => r.id === b!.id).length < bLog.length, 'fewer records than events');
    assert.equal(records.filter((r) => r.id === b!.id).at(-1)?.status, 'completed');
  } finally {
    cli.dispose();
    page.dispose();
    await host.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('watchAgentStreams takes a list of agent ids, nothing else', async () => {
  const { offloadParamsSchemas } = await import('../../src/shared/contract/offloadSchemas.js');
  assert.equal(offloadParamsSchemas.watchAgentStreams.safeParse([['../etc']]).success, false);
  assert.equal(offloadParamsSchemas.watchAgentStreams.safeParse([[]]).success, true);
});
