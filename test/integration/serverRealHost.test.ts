// The host server in front of the real host (createHost), as `offload serve`
// runs it: a client on the WebSocket reads the workspace's real state, bad
// input never reaches the supervisor, and the CLI finds it through host.json.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '../../src/main/app/createHost.js';
import { startHostServer } from '../../src/main/server/hostServer.js';
import { connectToRunningHost } from '../../src/main/server/hostDiscovery.js';
import { RpcError } from '../../src/shared/rpc/envelope.js';
import { makeStaticDir } from './serverSupport.js';

const home = mkdtempSync(join(tmpdir(), 'offload-home-'));
const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'offload-ws-')));
writeFileSync(join(workspace, 'README.md'), '# hello\n');
const { root, staticDir } = makeStaticDir();
const env = { OFFLOAD_HOME: home, OFFLOAD_TEST: '1', ANTHROPIC_API_KEY: 'sk-ant-test-key', PATH: process.env.PATH };
const host = await createHost({ workspace, home, runtime: 'node', env });
const server = await startHostServer({ host, port: 0, staticDir, home });

after(async () => {
  await server.close();
  await host.dispose();
  for (const dir of [home, workspace, root]) rmSync(dir, { recursive: true, force: true });
});

test('through host.json and the WebSocket, the CLI reads the real host', async () => {
  const connection = await connectToRunningHost(home, workspace);
  assert.ok(connection);
  try {
    const info = await connection.client.call.getInfo();
    assert.equal(info.workspace, workspace);
    assert.equal(info.apiKey.set, true);
    assert.ok(!JSON.stringify(info).includes('sk-ant-test-key'), 'the key is never sent');
    assert.deepEqual(await connection.client.call.listAgents(), []);
    const entries = await connection.client.call.listDir();
    assert.ok(entries.some((e) => e.name === 'README.md'));
    const settings = await connection.client.call.getSettings();
    assert.equal(typeof settings.concurrency, 'number');
  } finally {
    connection.close();
  }
});

test('bad input is refused before the real supervisor sees it', async () => {
  const connection = await connectToRunningHost(home, workspace);
  assert.ok(connection);
  try {
    await assert.rejects(connection.client.call.startAgents({ prompts: [''] }), (e: RpcError) => e.code === 'BAD_INPUT' && /A prompt is empty/.test(e.message));
    await assert.rejects(connection.client.call.updateSettings({ concurrency: -1 }), (e: RpcError) => e.code === 'BAD_INPUT');
    await assert.rejects(connection.client.call.readFile('x\0y'), (e: RpcError) => e.code === 'BAD_INPUT');
    assert.deepEqual(await connection.client.call.listAgents(), [], 'no agent was started');
  } finally {
    connection.close();
  }
});
