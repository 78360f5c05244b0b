// The agent's fetch over node:http (src/agent-process/nodeHttpFetch.ts) against
// real servers: the real SDK streaming from the fake Messages API gives what it
// gives through the global fetch, and the behaviours of fetch the Fetch Standard
// sets and the SDK relies on hold (errors, aborts, codings, redirects, null bodies).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { createNodeHttpFetch } from '../../src/agent-process/nodeHttpFetch.js';

async function withServer(handler: http.RequestListener, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

test('the real SDK streams the same message through it as through the global fetch, and keeps its connection alive', async () => {
  const server = await startFakeModelServer({
    scenarios: { a: [toolTurn('read_file', { path: 'README.md' }), textTurn('Done reading.')] },
  });
  try {
    const run = async (fetchImpl: typeof fetch) => {
      const client = new Anthropic({ apiKey: 'sk-ant-test-0000', baseURL: server.url, fetch: fetchImpl, maxRetries: 0 });
      const messages: Anthropic.Messages.Message[] = [];
      const texts: string[] = [];
      const history: Anthropic.Messages.MessageParam[] = [{ role: 'user', content: promptFor('a', 'Read it.') }];
      for (let turn = 0; turn < 2; turn++) {
        const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: history });
        stream.on('text', (t) => texts.push(t));
        const message = await stream.finalMessage();
        messages.push(message);
        history.push({ role: 'assistant', content: message.content });
        const toolUse = message.content.find((b) => b.type === 'tool_use');
        if (toolUse) history.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '# hi' }] });
      }
      return { messages: messages.map((m) => ({ content: m.content.map((b) => ({ ...b, id: undefined })), stop: m.stop_reason, usage: m.usage.output_tokens })), texts };
    };
    const viaNode = await run(createNodeHttpFetch());
    const viaGlobal = await run(globalThis.fetch);
    assert.deepEqual(viaNode, viaGlobal);
    assert.equal(viaNode.messages[0]!.stop, 'tool_use');
    assert.equal(viaNode.texts.join(''), 'Done reading.');
  } finally {
    await server.close();
  }

  // Two calls, one TCP connection.
  const ports = new Set<number>();
  await withServer(
    (req, res) => {
      ports.add(req.socket.remotePort!);
      res.end('ok');
    },
    async (url) => {
      const send = createNodeHttpFetch();
      assert.equal(await (await send(url)).text(), 'ok');
      assert.equal(await (await send(url, { method: 'POST', body: 'x' })).text(), 'ok');
      assert.equal(ports.size, 1);
    },
  );
});

test('status, status text, repeated headers and the request as sent', async () => {
  let seen: { method?: string; body: string; headers: http.IncomingHttpHeaders } = { body: '', headers: {} };
  await withServer(
    (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { method: req.method, body, headers: req.headers };
        res.writeHead(418, 'I Am A Teapot', [['x-a', '1'], ['X-A', '2'], ['content-type', 'text/plain']]);
        res.end('short and stout');
      });
    },
    async (url) => {
      const response = await createNodeHttpFetch()(url + '/v1/x?y=1', {
        method: 'post',
        headers: new Headers([['x-api-key', 'sk-ant-k'], ['content-type', 'application/json']]),
        body: new TextEncoder().encode('{"a":1}'),
      });
      assert.equal(response.status, 418);
      assert.equal(response.ok, false);
      assert.equal(response.statusText, 'I Am A Teapot');
      assert.equal(response.headers.get('x-a'), '1, 2');
      assert.equal(await response.text(), 'short and stout');
      assert.equal(seen.method, 'POST');
      assert.equal(seen.body, '{"a":1}');
      assert.equal(seen.headers['x-api-key'], 'sk-ant-k');
      assert.equal(seen.headers['content-length'], '7');
    },
  );
});

test('a network error rejects with a TypeError whose cause is the system error, as fetch does', async () => {
  let port = 0;
  await withServer(
    (_req, res) => res.end(),
    async (url) => {
      port = Number(new URL(url).port);
    },
  );
  const error = await createNodeHttpFetch()(`http://127.0.0.1:${port}/`).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof TypeError);
  assert.equal(error.message, 'fetch failed');
  assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');

  // The real SDK turns it into its connection error, as with the global fetch.
  const client = new Anthropic({ apiKey: 'sk-ant-test-0000', baseURL: `http://127.0.0.1:${port}`, fetch: createNodeHttpFetch(), maxRetries: 0 });
  await assert.rejects(client.messages.create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'hi' }] }), Anthropic.APIConnectionError);
});

test('an abort rejects before the response, and errors the body while it streams', async () => {
  await withServer(
    (req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 5_000).unref();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      // ...and nothing more until the client gives up.
    },
    async (url) => {
      const send = createNodeHttpFetch();
      const early = new AbortController();
      const pending = send(url + '/slow', { signal: early.signal });
      setTimeout(() => early.abort(), 50);
      await assert.rejects(pending, (e: Error) => e.name === 'AbortError');

      const already = AbortSignal.abort();
      await assert.rejects(send(url + '/slow', { signal: already }), (e: Error) => e.name === 'AbortError');

      const late = new AbortController();
      const response = await send(url + '/stream', { signal: late.signal });
      const reader = response.body!.getReader();
      assert.equal(new TextDecoder().decode((await reader.read()).value), 'data: one\n\n');
      const next = reader.read();
      late.abort();
      await assert.rejects(next, (e: Error) => e.name === 'AbortError');
    },
  );
});

test('compressed bodies are decoded; 204 and HEAD have no body', async () => {
  const text = 'event: ping\ndata: {}\n\n'.repeat(200);
  await withServer(
    (req, res) => {
      if (req.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        return void res.end(zlib.gzipSync(text));
      }
      if (req.url === '/br') {
        res.writeHead(200, { 'content-encoding': 'br' });
        return void res.end(zlib.brotliCompressSync(text));
      }
      if (req.url === '/none') {
        res.writeHead(204);
        return void res.end();
      }
      res.writeHead(200, { 'content-length': '5' });
      res.end(req.method === 'HEAD' ? undefined : 'hello');
    },
    async (url) => {
      const send = createNodeHttpFetch();
      assert.equal(await (await send(url + '/gzip')).text(), text);
      assert.equal(await (await send(url + '/br')).text(), text);
      const none = await send(url + '/none');
      assert.equal(none.status, 204);
      assert.equal(none.body, null);
      const head = await send(url + '/', { method: 'HEAD' });
      assert.equal(head.body, null);
      assert.equal(head.headers.get('content-length'), '5');
    },
  );
});

test('redirects are followed within the origin (303 turns into a GET); one to another origin is returned, the key kept home', async () => {
  const otherHits: http.IncomingHttpHeaders[] = [];
  await withServer(
    (req, res) => {
      otherHits.push(req.headers);
      res.end('elsewhere');
    },
    async (other) => {
      await withServer(
        (req, res) => {
          if (req.url === '/old') return void res.writeHead(307, { location: '/new' }).end();
          if (req.url === '/form') return void res.writeHead(303, { location: '/new' }).end();
          if (req.url === '/away') return void res.writeHead(302, { location: other + '/steal' }).end();
          let body = '';
          req.on('data', (c) => (body += c));
          req.on('end', () => res.end(`${req.method} ${body}`));
        },
        async (url) => {
          const send = createNodeHttpFetch();
          assert.equal(await (await send(url + '/old', { method: 'POST', body: 'kept' })).text(), 'POST kept');
          assert.equal(await (await send(url + '/form', { method: 'POST', body: 'dropped' })).text(), 'GET ');
          const away = await send(url + '/away', { headers: { 'x-api-key': 'sk-ant-secret-1234' } });
          assert.equal(away.status, 302);
          assert.equal(otherHits.length, 0);
        },
      );
    },
  );
});

test('what it cannot send itself (a streamed body) goes to the fallback fetch', async () => {
  const calls: string[] = [];
  const fallback = (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response('from fallback');
  }) as typeof fetch;
  const body = new ReadableStream({ start: (c) => c.close() });
  const response = await createNodeHttpFetch(fallback)('http://127.0.0.1:9/', { method: 'POST', body, duplex: 'half' } as RequestInit);
  assert.equal(await response.text(), 'from fallback');
  assert.deepEqual(calls, ['http://127.0.0.1:9/']);
});
