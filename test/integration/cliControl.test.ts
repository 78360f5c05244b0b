// One control channel per workspace (issue 10): a live host that does not
// answer is refused, never duplicated; a driving command announces its host,
// so a second terminal's commands go through it (one rate limiter) and its
// cancel reaches the driving process at once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import type { TurnScript } from '../../e2e/fixtures/fakeModel/types.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { hostFilePath } from '../../src/main/server/hostDiscovery.js';
import { realWorkspacePath, workspaceStateDir } from '../../src/main/store/homePaths.js';
import { createSandbox, eventually, listJson, showJson, type Sandbox } from './cliHelpers.js';

let server: FakeModelServer;
/** The first model call of `long` takes this long: the other terminals act meanwhile. */
const LONG_MS = 30_000;
before(async () => {
  let longAsked = false;
  const long: TurnScript = (_request, turnIndex) => {
    if (turnIndex === 0 && !longAsked) {
      longAsked = true;
      return { ...toolTurn('list_dir', {}), delayMs: LONG_MS };
    }
    return turnIndex === 0 ? toolTurn('list_dir', {}) : textTurn('First done.');
  };
  server = await startFakeModelServer({
    scenarios: {
      long,
      slow: [{ ...textTurn('Never reached.'), delayMs: 60_000 }],
      quick: [toolTurn('list_dir', {}), textTurn('Quick done.')],
    },
  });
});
after(async () => {
  await server?.close();
});

async function withSandbox(body: (s: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = createSandbox(server.url);
  try {
    await body(sandbox);
  } finally {
    await sandbox.cleanup();
  }
}

test('a live host that does not answer is refused with a clear message; no second host, no agent', async () => {
  await withSandbox(async (s) => {
    const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    const file = hostFilePath(s.home, realWorkspacePath(s.workspace));
    mkdirSync(join(file, '..'), { recursive: true });
    // This test process is alive: the announced host is live, just silent.
    writeFileSync(file, JSON.stringify({ pid: process.pid, port, token: 'x'.repeat(43), startedAt: new Date().toISOString() }), { mode: 0o600 });
    try {
      const run = await s.offload(['run', promptFor('quick', 'Look.')]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`host of .* \\(pid ${process.pid}, 127\\.0\\.0\\.1:${port}\\) did not answer within 3 s`));
      assert.match(run.stderr, /second host/);
      const agents = join(workspaceStateDir(s.home, s.workspace), 'agents');
      assert.ok(!existsSync(agents) || readdirSync(agents).length === 0, 'no agent was started');
      const list = await s.offload(['list']);
      assert.equal(list.code, 1, 'list is refused too');
      assert.ok(existsSync(file), 'the live host keeps its announcement');
    } finally {
      for (const client of silent.clients) client.terminate();
      await new Promise((r) => silent.close(r));
    }
  });
});

test('a second terminal goes through the first one\'s host: one limiter; the first waits for its agent; cancel is direct', async () => {
  await withSandbox(async (s) => {
    const first = s.spawnOffload(['run', promptFor('long', 'Take a while.')]);
    const file = hostFilePath(s.home, realWorkspacePath(s.workspace));
    await eventually(async () => existsSync(file), 20_000, 'the first command to announce its host');

    // A second run in the same workspace: its agent runs in the first command's host.
    const second = await s.offload(['run', promptFor('quick', 'Quickly.')]);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /in the running Offload host/);

    // A third agent, then a cancel from yet another terminal: it reaches the driving host directly.
    const third = s.spawnOffload(['run', promptFor('slow', 'Wait for me.')]);
    const slowAgent = await eventually(async () => (await listJson(s)).find((a) => a.prompt.includes('Wait for me') && a.status === 'running') ?? null, 20_000, 'the third agent to run');
    const cancel = await s.offload(['cancel', slowAgent.id]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, /Cancelled/i);
    assert.equal((await third.result).code, 4);
    assert.ok(!existsSync(join(workspaceStateDir(s.home, s.workspace), 'cancel-requests')), 'no request files');

    const done = await first.result;
    assert.equal(done.code, 0, done.stdout + done.stderr);
    assert.ok(!existsSync(file), 'the host withdrew its announcement when it closed');
    const all = await listJson(s);
    assert.deepEqual(all.map((a) => a.status).sort(), ['cancelled', 'completed', 'completed']);
    assert.equal((await showJson(s, slowAgent.id)).status, 'cancelled');
  });
});
