// The local host's door, end to end over real sockets: who gets in (token,
// cookie), who is refused (no token, foreign Origin, foreign Host), what is
// served (renderer files, never outside the folder), what the WebSocket does
// with good and bad input, and that the token never comes back in a response.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, unlinkSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { createRpcClient, RpcError } from '../../src/shared/rpc/index.js';
import type { OffloadEvents, OffloadService } from '../../src/shared/contract/offloadService.js';
import { startHostServer, type RunningHostServer } from '../../src/main/server/hostServer.js';
import { createWsTransport, MAX_RPC_MESSAGE_BYTES } from '../../src/main/server/wsTransport.js';
import { createMemoryHost, makeStaticDir, rawRequest, tryWebSocket, type RawResponse, type MemoryHost } from './serverSupport.js';

const { root, staticDir } = makeStaticDir();
const host: MemoryHost = createMemoryHost('/tmp/offload-server-test-workspace');
const server: RunningHostServer = await startHostServer({ host, port: 0, staticDir });
const { port, token } = server;
/** Every response seen, to check at the end that none carried the token. */
const seen: RawResponse[] = [];
async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  const response = await rawRequest(port, path, { headers, method });
  seen.push(response);
  return response;
}

after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

test('the URL names 127.0.0.1, the port and a token of at least 128 bits', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+$/);
  assert.equal(new URL(server.url).port, String(port));
  assert.ok(Buffer.from(token, 'base64url').length * 8 >= 128, 'token carries at least 128 bits');
  assert.notEqual(token, '');
});

test('the page loads with the token, with security headers and a session cookie that is not the token', async () => {
  const page = await get(`/?token=${token}`);
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.body, /<title>Offload<\/title>/);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /worker-src 'self' blob:/);
  assert.match(csp, /style-src 'self' 'unsafe-inline'/);
  assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${port}`));
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
  const cookie = String(page.headers['set-cookie']);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.ok(!cookie.includes(token), 'the cookie holds a separate secret, not the token');
});

test('without the token, or with a wrong one, every path is refused with 401', async () => {
  for (const path of ['/', '/index.html', '/assets/app-1.js', '/?token=', `/?token=${token.slice(0, -1)}x`, '/rpc']) {
    const response = await get(path);
    assert.equal(response.status, 401, path);
    assert.match(response.body, /Unauthorized: open the exact URL that `offload serve` printed/);
  }
});

test("the page's own asset requests get in with the session cookie", async () => {
  const page = await get(`/?token=${token}`);
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const script = await get('/assets/app-1.js', { cookie });
  assert.equal(script.status, 200);
  assert.match(String(script.headers['content-type']), /^text\/javascript/);
  assert.equal(script.body, 'console.log("offload")');
  const css = await get('/assets/style-1.css', { cookie });
  assert.match(String(css.headers['content-type']), /^text\/css/);
  // Another local port is the "same site" to a browser and would carry the cookie: refused by Sec-Fetch-Site.
  assert.equal((await get('/assets/app-1.js', { cookie, 'sec-fetch-site': 'same-site' })).status, 401);
  assert.equal((await get('/assets/app-1.js', { cookie, 'sec-fetch-site': 'cross-site' })).status, 401);
  assert.equal((await get('/assets/app-1.js', { cookie, 'sec-fetch-site': 'same-origin' })).status, 200);
  // A forged cookie is not the session.
  const forged = await get('/assets/app-1.js', { cookie: `${cookie.split('=')[0]}=${token}` });
  assert.equal(forged.status, 401);
});

test('a foreign Host header is refused (DNS rebinding), even with the token', async () => {
  for (const hostHeader of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `127.0.0.1`]) {
    const response = await get(`/?token=${token}`, { host: hostHeader });
    assert.equal(response.status, 403, hostHeader);
    assert.match(response.body, /only answers requests addressed to 127\.0\.0\.1 or localhost/);
  }
  const viaLocalhost = await get(`/?token=${token}`, { host: `localhost:${port}` });
  assert.equal(viaLocalhost.status, 200);
});

test('a foreign Origin is refused, even with the token; our own origins are let in', async () => {
  for (const origin of ['http://evil.example', `http://127.0.0.1:${port + 1}`, 'null', `https://127.0.0.1:${port}`]) {
    const response = await get(`/?token=${token}`, { origin });
    assert.equal(response.status, 403, origin);
    assert.match(response.body, /requests from other origins are refused/);
  }
  assert.equal((await get(`/?token=${token}`, { origin: `http://localhost:${port}` })).status, 200);
  assert.equal((await get(`/?token=${token}`, { origin: `http://127.0.0.1:${port}` })).status, 200);
});

test('nothing outside the renderer folder is served', async () => {
  symlinkSync(join(root, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  for (const path of [
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
    '/assets/%00',
    '/assets',
    '/missing.js',
  ]) {
    const response = await get(`${path}${path.includes('?') ? '&' : '?'}token=${token}`);
    assert.equal(response.status, 404, path);
    assert.ok(!response.body.includes('TOP-SECRET'), path);
  }
});

test('only GET and HEAD; /rpc over plain HTTP says to upgrade', async () => {
  const post = await get(`/?token=${token}`, {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  const head = await get(`/?token=${token}`, {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  assert.equal((await get(`/rpc?token=${token}`)).status, 426);
});

test('a missing UI build says how to build it', async () => {
  renameSync(join(staticDir, 'index.html'), join(staticDir, 'index.off'));
  try {
    const response = await get(`/?token=${token}`);
    assert.equal(response.status, 503);
    assert.match(response.body, /npm run build/);
  } finally {
    renameSync(join(staticDir, 'index.off'), join(staticDir, 'index.html'));
  }
});

test('the WebSocket upgrade is refused without the token, from a foreign Origin or Host, and off /rpc', async () => {
  const cases: Array<[string, string, Record<string, string>, number, RegExp]> = [
    ['no token', '/rpc', {}, 401, /Unauthorized/],
    ['wrong token', '/rpc?token=nope', {}, 401, /Unauthorized/],
    ['foreign origin', `/rpc?token=${token}`, { origin: 'http://evil.example' }, 403, /other origins/],
    ['foreign host', `/rpc?token=${token}`, { host: `evil.example:${port}` }, 403, /addressed to 127\.0\.0\.1/],
    ['other path', `/socket?token=${token}`, {}, 404, /\/rpc/],
  ];
  for (const [what, path, headers, status, message] of cases) {
    const outcome = await tryWebSocket(port, path, headers);
    assert.equal(outcome.kind, 'refused', what);
    if (outcome.kind !== 'refused') continue;
    seen.push({ status: outcome.status, headers: outcome.headers, body: outcome.body });
    assert.equal(outcome.status, status, what);
    assert.match(outcome.body, message, what);
  }
  // The session cookie alone does not open the socket for a client that hides its Origin.
  const page = await get(`/?token=${token}`);
  const cookie = String(page.headers['set-cookie']).split(';')[0]!;
  const cookieOnly = await tryWebSocket(port, '/rpc', { cookie });
  assert.equal(cookieOnly.kind, 'refused');
  const withOrigin = await tryWebSocket(port, '/rpc', { cookie, origin: `http://127.0.0.1:${port}` });
  assert.equal(withOrigin.kind, 'open');
  if (withOrigin.kind === 'open') withOrigin.socket.close();
});

async function openClient(headers: Record<string, string> = {}) {
  const outcome = await tryWebSocket(port, `/rpc?token=${token}`, headers);
  assert.equal(outcome.kind, 'open');
  if (outcome.kind !== 'open') throw new Error('unreachable');
  const transport = createWsTransport(outcome.socket);
  const client = createRpcClient<OffloadService, OffloadEvents>(transport);
  return { socket: outcome.socket, client, close: () => outcome.socket.close() };
}

test('over the WebSocket: calls work, events arrive, and bad input is refused before the service sees it', async () => {
  const { client, close } = await openClient({ origin: `http://localhost:${port}` });
  try {
    const info = await client.call.getInfo();
    assert.equal(info.workspace, '/tmp/offload-server-test-workspace');

    const changed: string[] = [];
    client.on('onDidChangeAgent', (record) => changed.push(record.prompt));
    const started = await client.call.startAgents({ prompts: ['fix the tests'] });
    assert.equal(started[0]!.prompt, 'fix the tests');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(changed, ['fix the tests']);

    const before = host.calls.length;
    await assert.rejects(client.call.startAgents({ prompts: [] }), (e: RpcError) => {
      assert.equal(e.code, 'BAD_INPUT');
      assert.match(e.message, /Invalid input for startAgents: argument 1 \(prompts\): Give at least one prompt/);
      return true;
    });
    await assert.rejects(client.call.getAgent('../../etc/passwd'), (e: RpcError) => e.code === 'BAD_INPUT' && /agent id holds only/.test(e.message));
    await assert.rejects((client.call.approve as (...a: unknown[]) => Promise<void>)('a1', { command: 'ls', sudo: true }), (e: RpcError) => e.code === 'BAD_INPUT' && /Unrecognized key/.test(e.message));
    await assert.rejects((client.call.getAgent as (...a: unknown[]) => Promise<unknown>)(42), (e: RpcError) => e.code === 'BAD_INPUT' && /expected string/.test(e.message));
    await assert.rejects((client.call as unknown as Record<string, () => Promise<unknown>>)._internal!(), (e: RpcError) => e.code === 'NOT_FOUND');
    await assert.rejects((client.call as unknown as Record<string, () => Promise<unknown>>).constructor!(), (e: RpcError) => e.code === 'NOT_FOUND');
    assert.equal(host.calls.length, before, 'the service never saw the bad calls');

    // An optional argument sent as null (JSON's undefined) is fine.
    await client.call.approve('a1', undefined);
    assert.deepEqual(host.calls.at(-1), { method: 'approve', params: ['a1', undefined] });
    await assert.rejects(client.call.getAgent('zzz'), (e: RpcError) => e.code === 'NOT_FOUND' && /No agent "zzz"/.test(e.message));

    // A secret sent in a bad call is never quoted back.
    const secret = 'sk-ant-' + 'x'.repeat(2000);
    await assert.rejects(client.call.setApiKey(secret), (e: RpcError) => e.code === 'BAD_INPUT' && !e.message.includes('sk-ant-'));
  } finally {
    close();
  }
});

test('a message over the size limit closes the connection (1009) and the host goes on serving others', async () => {
  const { socket } = await openClient();
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(JSON.stringify({ t: 'req', id: 1, method: 'startAgents', params: [{ prompts: ['x'.repeat(MAX_RPC_MESSAGE_BYTES + 10)] }] }));
  assert.equal(await closed, 1009);
  const other = await openClient();
  assert.equal((await other.client.call.getInfo()).runtime, 'node');
  other.close();
});

test('malformed envelopes are dropped without harm', async () => {
  const { socket, client, close } = await openClient();
  socket.send('not json');
  socket.send(JSON.stringify({ t: 'req', id: 'x', method: 'getInfo', params: [] }));
  socket.send(JSON.stringify({ t: 'req', id: 5, method: 'getInfo', params: 'nope' }));
  assert.equal((await client.call.getInfo()).version, '0.0.0-test');
  close();
});

test('the token never appears in any response body or header', () => {
  assert.ok(seen.length > 20);
  for (const response of seen) {
    assert.ok(!response.body.includes(token), `body of a ${response.status}`);
    assert.ok(!JSON.stringify(response.headers).includes(token), `headers of a ${response.status}`);
  }
});

test('close() refuses new connections afterwards', async () => {
  const other = await startHostServer({ host, port: 0, staticDir });
  await other.close();
  await assert.rejects(rawRequest(other.port, `/?token=${other.token}`), /ECONNREFUSED/);
  unlinkSync(join(staticDir, 'assets', 'link.txt'));
});
