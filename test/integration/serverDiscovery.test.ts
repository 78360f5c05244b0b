// A running host announces itself in host.json (0600) so the CLI goes through
// it; stale announcements are cleared instead of trusted.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startHostServer } from '../../src/main/server/hostServer.js';
import { connectToRunningHost, hostFilePath, readRunningHost } from '../../src/main/server/hostDiscovery.js';
import { connectWsTransport } from '../../src/main/server/wsTransport.js';
import { createRpcClient } from '../../src/shared/rpc/client.js';
import type { OffloadEvents, OffloadService } from '../../src/shared/contract/offloadService.js';
import type { OffloadHost } from '../../src/main/app/host.js';
import { createMemoryHost, makeStaticDir, rawRequest, tryWebSocket } from './serverSupport.js';

const home = mkdtempSync(join(tmpdir(), 'offload-home-'));
const workspace = mkdtempSync(join(tmpdir(), 'offload-ws-'));
const { root, staticDir } = makeStaticDir();
after(() => {
  for (const dir of [home, workspace, root]) rmSync(dir, { recursive: true, force: true });
});

test('a running host is announced (0600), the CLI connects through it and sees its events; closing withdraws it', async () => {
  const host = createMemoryHost(workspace);
  const server = await startHostServer({ host, port: 0, staticDir, home });
  const file = hostFilePath(home, workspace);
  try {
    assert.ok(existsSync(file));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(record.pid, process.pid);
    assert.equal(record.port, server.port);
    assert.equal(record.token, server.token);
    assert.ok(!Number.isNaN(Date.parse(record.startedAt)));
    assert.equal(record.v, 1, 'the file says its format');
    assert.match(record.version, /^\d+\.\d+\.\d+/, "and the host's release");

    const connection = await connectToRunningHost(home, workspace);
    assert.ok(connection, 'connected to the running host');
    // The memory host reports release 0.0.0-test: a client of another release is told.
    assert.match(connection.versionNote ?? '', /runs version 0\.0\.0-test; this command is version \d+\.\d+\.\d+/);
    const seen: string[] = [];
    connection.client.on('onDidChangeAgent', (agent) => seen.push(agent.prompt));
    const [agent] = await connection.client.call.startAgents({ prompts: ['from the terminal'] });
    assert.equal(agent!.prompt, 'from the terminal');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(seen, ['from the terminal']);
    connection.close();
  } finally {
    await server.close();
  }
  assert.ok(!existsSync(file), 'host.json is removed on close');
  assert.equal(await connectToRunningHost(home, workspace), null);
});

test('no file: null', async () => {
  const other = mkdtempSync(join(tmpdir(), 'offload-ws-'));
  assert.equal(await connectToRunningHost(home, other), null);
  rmSync(other, { recursive: true });
});

function plant(record: unknown): string {
  const file = hostFilePath(home, workspace);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, typeof record === 'string' ? record : JSON.stringify(record), { mode: 0o600 });
  return file;
}

test('a file naming a dead process is stale: null, and it is removed', async () => {
  const child = spawn(process.execPath, ['-e', '']);
  const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
  const file = plant({ pid: deadPid, port: 1, token: 'x'.repeat(43), startedAt: new Date().toISOString() });
  assert.equal(await connectToRunningHost(home, workspace), null);
  assert.ok(!existsSync(file));
});

test('a live pid with nothing listening on the port is stale too', async () => {
  const probe = await startHostServer({ host: createMemoryHost(workspace), port: 0, staticDir });
  const freePort = probe.port;
  await probe.close();
  const file = plant({ pid: process.pid, port: freePort, token: 'x'.repeat(43), startedAt: new Date().toISOString() });
  assert.equal(await connectToRunningHost(home, workspace), null);
  assert.ok(!existsSync(file));
});

test('a host that refuses the token, or serves another folder, is not used', async () => {
  const host = createMemoryHost(workspace);
  const server = await startHostServer({ host, port: 0, staticDir });
  try {
    const file = plant({ pid: process.pid, port: server.port, token: 'y'.repeat(43), startedAt: new Date().toISOString() });
    assert.equal(await connectToRunningHost(home, workspace), null);
    assert.ok(!existsSync(file), 'a refused token means the file is stale');

    const elsewhere = await startHostServer({ host: createMemoryHost('/somewhere/else'), port: 0, staticDir });
    plant({ pid: process.pid, port: elsewhere.port, token: elsewhere.token, startedAt: new Date().toISOString() });
    assert.equal(await connectToRunningHost(home, workspace), null);
    await elsewhere.close();
  } finally {
    await server.close();
  }
});

test('a torn file is cleared', async () => {
  const file = plant('{"pid": 12');
  assert.equal(await readRunningHost(home, workspace), null);
  assert.equal(await connectToRunningHost(home, workspace), null);
  assert.ok(!existsSync(file));
});

test('a live host that takes the connection but never answers is refused with a clear error (never replaced by a second host)', async () => {
  const { WebSocketServer } = await import('ws');
  const silent = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => silent.once('listening', r));
  const port = (silent.address() as { port: number }).port;
  const file = plant({ pid: process.pid, port, token: 'x'.repeat(43), startedAt: new Date().toISOString() });
  try {
    const started = Date.now();
    await assert.rejects(connectToRunningHost(home, workspace, { timeoutMs: 500 }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'HOST_UNRESPONSIVE');
      assert.match(error.message, new RegExp(`pid ${process.pid}, 127\\.0\\.0\\.1:${port}\\) did not answer within 0\\.5 s.*kill ${process.pid}`));
      return true;
    });
    assert.ok(Date.now() - started < 5_000, 'gave up after its time-out');
    assert.ok(existsSync(file), 'a live host is not judged stale');
  } finally {
    for (const client of silent.clients) client.terminate();
    await new Promise((r) => silent.close(r));
    rmSync(file, { force: true });
  }
});

test('`offload serve`: the page is served while the host is still being made; a connection waits for it; host.json comes once it is made', async () => {
  let makeHost!: (host: OffloadHost) => void;
  const hostBeingMade = new Promise<OffloadHost>((resolve) => (makeHost = resolve));
  const server = await startHostServer({ host: hostBeingMade, port: 0, staticDir, home, exclusive: true });
  const file = hostFilePath(home, workspace);
  try {
    const page = await rawRequest(server.port, `/?token=${server.token}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<title>Offload<\/title>/);
    assert.equal(existsSync(file), false, 'not announced before the host is made');

    let connected = false;
    const connecting = connectWsTransport(`ws://127.0.0.1:${server.port}/rpc`, { token: server.token, timeoutMs: 60_000 }).then((transport) => {
      connected = true;
      return transport;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(connected, false, 'the connection waits for the host');

    const host = createMemoryHost(workspace);
    makeHost(host);
    const client = createRpcClient<OffloadService, OffloadEvents>(await connecting);
    try {
      const [agent] = await client.call.startAgents({ prompts: ['once the host is up'] });
      assert.deepEqual((await client.call.listAgents()).map((a) => a.id), [agent!.id]);
    } finally {
      client.dispose('done');
    }
    await server.ready;
    assert.equal((await readRunningHost(home, workspace))?.port, server.port, 'announced once made');
  } finally {
    await server.close();
  }
  assert.equal(existsSync(file), false);
});

test('a host that fails to be made: the waiting connection is refused and ready() says why', async () => {
  const server = await startHostServer({ host: Promise.reject(new Error('the home is unreadable')), port: 0, staticDir, home });
  try {
    await assert.rejects(server.ready, /the home is unreadable/);
    const outcome = await tryWebSocket(server.port, '/rpc', { authorization: `Bearer ${server.token}` });
    assert.equal(outcome.kind === 'refused' && outcome.status, 503);
  } finally {
    await server.close();
  }
});

/** startHostServer with a host made by a function: says when the function was called. */
async function serveWithHostMadeLater(makeHostWithinMs = 60_000) {
  let madeAt: 'not yet' | 'made' = 'not yet';
  const server = await startHostServer({
    host: async () => {
      madeAt = 'made';
      return createMemoryHost(workspace);
    },
    makeHostWithinMs,
    port: 0,
    staticDir,
  });
  return { server, made: () => madeAt === 'made' };
}

test('`offload serve` makes its host once the page and the files it loads first are served, not before', async () => {
  const { server, made } = await serveWithHostMadeLater();
  try {
    const page = await rawRequest(server.port, `/?token=${server.token}`);
    assert.equal(page.status, 200);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(made(), false, 'the document alone: its script is still to come');
    assert.equal((await rawRequest(server.port, '/assets/style-1.css', { headers: { cookie } })).status, 200);
    assert.equal(made(), false, 'a file the document does not load first');
    assert.equal((await rawRequest(server.port, '/assets/app-1.js', { headers: { cookie } })).status, 200);
    await server.ready;
    assert.equal(made(), true, "made once the page's script is out");
  } finally {
    await server.close();
  }
});

test('a connection that comes before any page (a CLI, or a page from the browser cache) has the host made at once and is served', async () => {
  const { server, made } = await serveWithHostMadeLater();
  try {
    assert.equal(made(), false);
    const client = createRpcClient<OffloadService, OffloadEvents>(
      await connectWsTransport(`ws://127.0.0.1:${server.port}/rpc`, { token: server.token, timeoutMs: 10_000 }),
    );
    try {
      assert.deepEqual(await client.call.listAgents(), []);
    } finally {
      client.dispose('done');
    }
    assert.equal(made(), true);
  } finally {
    await server.close();
  }
});

test('with no page and no connection, the host is still made (and announced) after makeHostWithinMs', async () => {
  const { server, made } = await serveWithHostMadeLater(200);
  try {
    await server.ready;
    assert.equal(made(), true);
  } finally {
    await server.close();
  }
});

test('a server closed before its host was made never makes it', async () => {
  const { server, made } = await serveWithHostMadeLater(100);
  await server.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(made(), false);
});
