// The supervisor through its API (createHost + the in-process RPC client), with
// real forked processes running a stand-in agent (supervisorFakeAgent.ts):
// queueing, pauses and answers (kept waiting, or ended and relaunched), a
// crashing agent beside a healthy one, cancel, and durability across hosts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPaused, isSettled, type AgentRecord } from '../../src/shared/agent.js';
import type { OffloadService } from '../../src/shared/contract/offloadService.js';
import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createHost } from '../../src/main/app/createHost.js';
import type { OffloadHost } from '../../src/main/app/host.js';
import { createForkLauncher } from '../../src/main/launch/forkLauncher.js';

const fakeAgent = fileURLToPath(new URL('./supervisorFakeAgent.js', import.meta.url));

interface Fixture {
  home: string;
  workspace: string;
  /** What the fork launcher noted (the agents' stderr, dropped messages). */
  launcherNotes: string[];
  open(extra?: { endProcessOnPause?: boolean; env?: Record<string, string | undefined>; concurrency?: number }): Promise<{ host: OffloadHost; api: OffloadService }>;
  cleanup(): Promise<void>;
}

function fixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'offload-sup-'));
  const home = join(dir, 'home');
  const workspace = join(dir, 'ws');
  execFileSync('git', ['init', '-q', workspace]);
  const hosts: OffloadHost[] = [];
  const launcherNotes: string[] = [];
  const launcher = createForkLauncher({ debugSink: (line) => launcherNotes.push(line) });
  return {
    home,
    workspace,
    launcherNotes,
    async open(extra = {}) {
      const host = await createHost({
        workspace,
        home,
        runtime: 'node',
        env: extra.env ?? { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000', OFFLOAD_MODEL: 'claude-sonnet-test', OFFLOAD_TEST: '1' },
        launcher: { launch: (options) => launcher.launch({ ...options, entry: fakeAgent }) },
        settingsOverrides: extra.concurrency ? { concurrency: extra.concurrency } : {},
        endProcessOnPause: extra.endProcessOnPause ?? false,
      });
      hosts.push(host);
      return { host, api: connectInProcess(host).call };
    },
    async cleanup() {
      for (const host of hosts) await host.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitFor(api: OffloadService, id: string, done: (r: AgentRecord) => boolean, ms = 20_000): Promise<AgentRecord> {
  const deadline = Date.now() + ms;
  for (;;) {
    const record = await api.getAgent(id);
    if (done(record)) return record;
    if (Date.now() > deadline) throw new Error(`timed out waiting; agent is ${record.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const atRest = (r: AgentRecord) => isSettled(r.status) || isPaused(r.status);

test('agents run to completion with their changes in the summary', async () => {
  const f = fixture();
  try {
    const { api } = await f.open();
    const [a, b] = await api.startAgents({ prompts: ['write please', 'just look'] });
    assert.ok(a && b);
    assert.notEqual(a.name, b.name);
    const doneA = await waitFor(api, a.id, atRest);
    const doneB = await waitFor(api, b.id, atRest);
    assert.equal(doneA.status, 'completed');
    assert.equal(doneB.status, 'completed');
    assert.equal(doneA.steps, 1);
    assert.equal(doneA.model, 'claude-sonnet-test');
    assert.deepEqual(doneA.summary.filesChanged.map((c) => [c.path, c.status]), [['notes.txt', 'added']]);
    assert.equal(readFileSync(join(f.workspace, 'notes.txt'), 'utf8'), 'notes\n');
    const types = (await api.getEvents(a.id)).map((e) => e.type);
    for (const t of ['started', 'status', 'process', 'text', 'tool_call', 'file_changed', 'finished']) assert.ok(types.includes(t as never), `has ${t}`);
    assert.equal((await api.listAgents())[0]!.id, b.id, 'newest first');
  } finally {
    await f.cleanup();
  }
});

test('an agent process that breaks the contract is refused call by call (BAD_INPUT, logged) and the host goes on', async () => {
  const f = fixture();
  try {
    const { api } = await f.open();
    const [a] = await api.startAgents({ prompts: ['rogue'] });
    const done = await waitFor(api, a!.id, atRest);
    assert.equal(done.status, 'completed', 'the host survived and the agent finished normally');
    const events = await api.getEvents(a!.id);
    const texts = events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text);
    const line = texts.find((t) => t.startsWith('refusals: '));
    assert.ok(line, texts.join(''));
    const refusals = JSON.parse(line.slice('refusals: '.length)) as string[];
    assert.equal(refusals.length, 8);
    assert.ok(!refusals.includes('accepted'), line);
    assert.match(refusals[0]!, /^BAD_INPUT: Invalid input for the host\.emit: argument 1 \(type\): Invalid discriminator value/);
    assert.match(refusals[1]!, /^BAD_INPUT: Invalid input for the host\.emitBatch: argument 1 \(1\.text\): Invalid input: expected string/);
    assert.match(refusals[2]!, /^BAD_INPUT: Invalid input for the host\.emit: argument 1 \(type\)/, 'only the host writes started');
    assert.match(refusals[3]!, /^BAD_INPUT: .*Unrecognized key: "secretField"/);
    assert.match(refusals[4]!, /^BAD_INPUT: Invalid input for the host\.pause: argument 1 \(toolUseId\)/);
    assert.match(refusals[5]!, /^BAD_INPUT: Invalid input for the host\.acquireRateLimit: argument 1 \(inputTokens\).*; argument 1 \(outputTokens\)/);
    assert.match(refusals[6]!, /^BAD_INPUT: Invalid input for the host\.beforeWrite: argument 1 \(paths\)/);
    assert.match(refusals[7]!, /^NOT_FOUND: Unknown method "emitt"/);
    // Nothing refused reached the log, not even the good half of a bad batch.
    assert.ok(!texts.includes('fine'));
    assert.ok(!events.some((e) => (e as { toolUseId?: string }).toolUseId === 'tu-9' || (e as { type: string }).type === 'finishd'));
    assert.equal(events.filter((e) => e.type === 'started').length, 1);
    // Each refusal is in the host's debug log; the malformed envelopes in the launcher's notes.
    const debugLog = readFileSync(join(f.home, 'workspaces', readdirSync(join(f.home, 'workspaces'))[0]!, 'host-debug.log'), 'utf8');
    assert.match(debugLog, /refused emit: Invalid input for the host\.emit/);
    assert.match(debugLog, /refused acquireRateLimit:/);
    assert.equal(f.launcherNotes.filter((n) => n.includes('a malformed RPC message was dropped')).length, 2, f.launcherNotes.join('\n'));
    // The host still serves.
    assert.equal((await api.listAgents()).length, 1);
  } finally {
    await f.cleanup();
  }
});

test('a pause waits for the answer in a long-lived host', async () => {
  const f = fixture();
  try {
    const { api } = await f.open();
    const [a] = await api.startAgents({ prompts: ['ask me'] });
    const paused = await waitFor(api, a!.id, atRest);
    assert.equal(paused.status, 'paused_input');
    assert.deepEqual(paused.pending, { kind: 'input', question: 'Which colour?', toolUseId: 'ask-1' });
    assert.ok(paused.pid, 'its process keeps waiting');
    await api.reply(a!.id, 'blue');
    const done = await waitFor(api, a!.id, atRest);
    assert.equal(done.status, 'completed');
    const texts = (await api.getEvents(a!.id)).filter((e) => e.type === 'text').map((e) => (e as { text: string }).text);
    assert.ok(texts.some((t) => t.includes('"answer":"blue"')), texts.join(''));
  } finally {
    await f.cleanup();
  }
});

test('a paused agent whose process ended is relaunched by its answer, in another host', async () => {
  const f = fixture();
  try {
    const first = await f.open({ endProcessOnPause: true });
    const [a] = await first.api.startAgents({ prompts: ['approve this'] });
    const paused = await waitFor(first.api, a!.id, (r) => r.status === 'paused_approval' && r.pid === null);
    assert.equal(paused.pending?.kind, 'approval');
    await first.host.dispose();

    const second = await f.open({ endProcessOnPause: true });
    assert.equal((await second.api.getAgent(a!.id)).status, 'paused_approval', 'still paused after the host stopped');
    await second.api.approve(a!.id, { command: 'touch y' });
    const done = await waitFor(second.api, a!.id, atRest);
    assert.equal(done.status, 'completed');
    const texts = (await second.api.getEvents(a!.id)).filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('');
    assert.match(texts, /"decision":"approve","command":"touch y"/);
  } finally {
    await f.cleanup();
  }
});

test('a crashing agent fails with the reason while another completes', async () => {
  const f = fixture();
  try {
    const { api } = await f.open();
    const [bad, good] = await api.startAgents({ prompts: ['crash now', 'write it'] });
    const failed = await waitFor(api, bad!.id, atRest);
    const completed = await waitFor(api, good!.id, atRest);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /code 7/);
    assert.equal(failed.pid, null);
    assert.equal(completed.status, 'completed');
  } finally {
    await f.cleanup();
  }
});

test('beyond the concurrency limit agents wait queued; cancel stops a running one and frees its slot', async () => {
  const f = fixture();
  try {
    const { api } = await f.open({ concurrency: 1 });
    const [first, second] = await api.startAgents({ prompts: ['hang on', 'after'] });
    await waitFor(api, first!.id, (r) => r.status === 'running' && r.pid !== null);
    assert.equal((await api.getAgent(second!.id)).status, 'queued');
    await api.cancel(first!.id);
    assert.equal((await waitFor(api, first!.id, atRest)).status, 'cancelled');
    assert.equal((await waitFor(api, second!.id, atRest)).status, 'completed');
  } finally {
    await f.cleanup();
  }
});

test('a host that stops leaves running agents failed (interrupted); resume continues them', async () => {
  const f = fixture();
  try {
    const first = await f.open();
    const [a] = await first.api.startAgents({ prompts: ['hang there'] });
    await waitFor(first.api, a!.id, (r) => r.status === 'running' && r.pid !== null);
    await first.host.dispose();
    const second = await f.open();
    const interrupted = await second.api.getAgent(a!.id);
    assert.equal(interrupted.status, 'failed');
    assert.match(interrupted.error ?? '', /^interrupted/);
    await second.api.resume(a!.id);
    await waitFor(second.api, a!.id, (r) => r.status === 'running' && r.pid !== null);
    await second.api.cancel(a!.id);
    assert.equal((await waitFor(second.api, a!.id, atRest)).status, 'cancelled');
  } finally {
    await f.cleanup();
  }
});

test('no API key: a clear error before any agent starts', async () => {
  const f = fixture();
  try {
    const env: Record<string, string | undefined> = { ...process.env, OFFLOAD_TEST: '1' };
    delete env.ANTHROPIC_API_KEY;
    const { api } = await f.open({ env });
    await assert.rejects(api.startAgents({ prompts: ['hello'] }), (e: Error & { code?: string }) => e.code === 'NO_API_KEY' && /API key/.test(e.message));
    assert.deepEqual(await api.listAgents(), []);
  } finally {
    await f.cleanup();
  }
});

test('an interactive session moved to the background keeps running and reads as background', async () => {
  const f = fixture();
  try {
    const { api } = await f.open();
    const [a] = await api.startAgents({ prompts: ['hang about'], options: { mode: 'interactive' } });
    assert.equal(a!.options.mode, 'interactive');
    await waitFor(api, a!.id, (r) => r.status === 'running' && r.pid !== null);
    await api.moveToBackground(a!.id);
    const moved = await api.getAgent(a!.id);
    assert.equal(moved.options.mode, 'background');
    assert.equal(moved.status, 'running');
    await api.cancel(a!.id);
    assert.equal((await waitFor(api, a!.id, atRest)).status, 'cancelled');
  } finally {
    await f.cleanup();
  }
});
