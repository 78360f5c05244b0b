// `offload serve`: the URL first, CLI commands for the workspace going through
// it (agents share its supervisor; a pause waits in it), and a clean stop on SIGTERM.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { agentLogPath, workspaceStateDir } from '../../src/main/store/homePaths.js';
import type { AgentEvent } from '../../src/shared/events.js';
import { createSandbox, eventually, isAlive, showJson } from './cliHelpers.js';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: { served: [toolTurn('ask_user', { question: 'Proceed?' }), textTurn('Proceeded.')] },
  });
});
after(async () => {
  await server?.close();
});

test('serve prints its URL first; run and reply go through it; SIGTERM stops it cleanly', async () => {
  const s = createSandbox(server.url);
  try {
    const serve = s.spawnOffload(['serve']);
    let out = '';
    serve.child.stdout!.on('data', (d: string) => (out += d));
    const url = await eventually(async () => out.split('\n')[0]?.trim() || null, 20_000, 'the URL');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{22,}$/);
    const hostFile = join(workspaceStateDir(s.home, s.workspace), 'host.json');
    await eventually(async () => existsSync(hostFile), 10_000, 'host.json');

    const run = await s.offload(['run', promptFor('served', 'Ask first.')]);
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stderr, /in the running Offload host/);
    const id = /offload reply (\S+)/.exec(run.stdout)![1]!;
    const paused = await showJson(s, id);
    assert.equal(paused.status, 'paused_input');
    assert.ok(paused.pid, 'in a long-lived host the paused agent keeps its process');

    const reply = await s.offload(['reply', id, 'yes']);
    assert.equal(reply.code, 0, reply.stdout + reply.stderr);
    assert.match(reply.stdout, /Proceeded\./);

    serve.child.kill('SIGTERM');
    const ended = await serve.result;
    assert.equal(ended.code, 0, ended.stderr);
    assert.ok(!existsSync(hostFile), 'the host withdrew its announcement');
  } finally {
    await s.cleanup();
  }
});

test('a paused agent in `offload serve` gives its process back after a while; the answer relaunches it, as if it had waited', async () => {
  const s = createSandbox(server.url);
  const earlier = server.requests.length;
  try {
    // 0: the process ends as soon as the agent pauses (the default is a minute).
    const serve = s.spawnOffload(['serve'], { OFFLOAD_PAUSED_PROCESS_EXIT_MS: '0' });
    let out = '';
    serve.child.stdout!.on('data', (d: string) => (out += d));
    await eventually(async () => out.split('\n')[0]?.trim() || null, 20_000, 'the URL');
    await eventually(async () => existsSync(join(workspaceStateDir(s.home, s.workspace), 'host.json')), 10_000, 'host.json');

    const run = await s.offload(['run', promptFor('served', 'Ask first.')]);
    assert.equal(run.code, 3, run.stdout + run.stderr);
    const id = /offload reply (\S+)/.exec(run.stdout)![1]!;
    const logFile = agentLogPath(workspaceStateDir(s.home, s.workspace), id);
    const events = () => readFileSync(logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as AgentEvent);
    const pids = () => events().flatMap((e) => (e.type === 'process' && e.pid ? [e.pid] : []));
    const waiting = await eventually(async () => {
      const record = await showJson(s, id);
      return record.status === 'paused_input' && record.pid === null ? record : null;
    }, 20_000, 'the paused agent without its process');
    assert.equal(waiting.pending?.kind === 'input' && waiting.pending.question, 'Proceed?');
    const first = pids()[0]!;
    await eventually(async () => !isAlive(first), 10_000, 'the paused process gone');
    assert.equal(events().filter((e) => e.type === 'finished').length, 0, 'still paused, not ended');

    const reply = await s.offload(['reply', id, 'yes']);
    assert.equal(reply.code, 0, reply.stdout + reply.stderr);
    assert.match(reply.stdout, /Proceeded\./);
    const done = await showJson(s, id);
    assert.equal(done.status, 'completed');
    assert.equal(done.steps, 1, 'the question is one step, asked once');
    // What a person sees after answering: running at once (never "queued"), the same question answered once.
    const after = events().slice(events().findIndex((e) => e.type === 'answered'));
    assert.deepEqual(after.filter((e) => e.type === 'status').map((e) => (e as { status: string }).status), ['running', 'running']);
    assert.deepEqual(after.filter((e) => e.type === 'finished').map((e) => (e as { status: string }).status), ['completed']);
    assert.equal(events().filter((e) => e.type === 'paused').length, 1);
    assert.equal(pids().length, 2, 'relaunched once');
    const requests = server.requests.slice(earlier).filter((r) => JSON.stringify(r.body).includes('Ask first.'));
    assert.equal(requests.length, 2, 'one request before the question, one after: nothing asked twice');
    assert.match(JSON.stringify(requests[1]!.body.messages.at(-1)), /tool_result.*yes/, 'the model got the answer');

    serve.child.kill('SIGTERM');
    assert.equal((await serve.result).code, 0);
  } finally {
    await s.cleanup();
  }
});
