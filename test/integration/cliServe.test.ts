// `offload serve`: the URL first, CLI commands for the workspace going through
// it (agents share its supervisor; a pause waits in it), and a clean stop on SIGTERM.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { workspaceStateDir } from '../../src/main/store/homePaths.js';
import { createSandbox, eventually, showJson } from './cliHelpers.js';

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
