// The host refuses pages and sockets without its token or from other origins.

import { test, expect } from './fixtures/offloadTest.js';
import WebSocket from 'ws';

function tryWebSocket(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

test('no token, no page; foreign origins are refused', async ({ host, request }) => {
  const url = new URL(host.url);
  const token = url.searchParams.get('token')!;
  const bare = `${url.origin}/`;
  const noToken = await request.get(bare, { failOnStatusCode: false });
  expect([401, 403]).toContain(noToken.status());
  expect(await noToken.text()).not.toContain(token);

  const wsBase = `ws://${url.host}/rpc`;
  expect(await tryWebSocket(wsBase, url.origin)).not.toBe('open');
  expect(await tryWebSocket(`${wsBase}?token=${token}`, 'http://evil.example')).not.toBe('open');
  expect(await tryWebSocket(`${wsBase}?token=${token}`, url.origin)).toBe('open');
});
