// The host's door, driven by a real browser against a real `offload serve`:
// the page loads (and connects) only with the token; no token, a foreign
// Host (DNS rebinding) or a foreign Origin is refused, even from a page that
// learned the token; and no response carries the token back.

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { test, expect } from './fixtures/offloadTest.js';

/** A raw request with a Host header of our choosing (the browser and fetch would not forge one). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string; headers: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: JSON.stringify(res.headers) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries a WebSocket upgrade from Node; resolves 'open' or the refusal's status and body. */
function tryWs(url: string, headers: Record<string, string> = {}): Promise<'open' | { status: number; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

/** A page on another local origin (another port of 127.0.0.1), as a malicious local page would be. */
async function startForeignSite(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>elsewhere</title><p>another site</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('the page loads and connects with the token, and no response carries the token', async ({ host, page }) => {
  const token = new URL(host.url).searchParams.get('token')!;
  expect(token.length).toBeGreaterThanOrEqual(22);
  const leaks: string[] = [];
  const checks: Promise<void>[] = [];
  page.on('response', (response) => {
    // Kept, so every response is checked before the verdict below.
    checks.push(
      (async () => {
        if (JSON.stringify(await response.allHeaders()).includes(token)) leaks.push(`headers of ${response.url().replace(token, '<token>')}`);
        const body = await response.body().catch(() => Buffer.alloc(0));
        if (body.includes(token)) leaks.push(`body of ${response.url().replace(token, '<token>')}`);
      })(),
    );
  });
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const response = await page.goto(host.url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page).toHaveTitle(/Offload/);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  // The session cookie is HttpOnly: the page's scripts cannot read it.
  expect(await page.evaluate(() => document.cookie)).toBe('');
  await page.screenshot({ path: 'e2e/artifacts/host-connected.png' });
  // Opening a file starts Monaco (its workers and inline styles) under the same CSP.
  await page.getByText('README.md', { exact: true }).first().click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 45_000 });
  await expect(page.locator('.monaco-editor').first()).toContainText('Demo project');
  expect(cspViolations).toEqual([]);
  await Promise.all(checks);
  expect(checks.length).toBeGreaterThan(3);
  expect(leaks).toEqual([]);
});

test('without the token the page is refused', async ({ host, page }) => {
  const url = new URL(host.url);
  const response = await page.goto(`${url.origin}/`);
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('Unauthorized: open the exact URL that `offload serve` printed');
  const wrong = await page.goto(`${url.origin}/?token=not-the-token`);
  expect(wrong?.status()).toBe(401);
  await page.screenshot({ path: 'e2e/artifacts/host-refused.png' });
});

test('a WebSocket without the token, from a foreign Origin, or to a foreign Host is refused', async ({ host }) => {
  const url = new URL(host.url);
  const token = url.searchParams.get('token')!;
  const rpc = `ws://${url.host}/rpc`;

  expect(await tryWs(rpc, { origin: url.origin })).toEqual({ status: 401, body: expect.stringContaining('Unauthorized') });
  expect(await tryWs(`${rpc}?token=${token}`, { origin: 'http://evil.example' })).toEqual({
    status: 403,
    body: expect.stringContaining('requests from other origins are refused'),
  });
  expect(await tryWs(`${rpc}?token=${token}`, { host: `evil.example:${url.port}` })).toEqual({
    status: 403,
    body: expect.stringContaining('only answers requests addressed to 127.0.0.1 or localhost'),
  });
  // The CLI's way in: the token, no Origin.
  expect(await tryWs(`${rpc}?token=${token}`)).toBe('open');
});

test('a Host header of evil.example (DNS rebinding) is refused, even with the token', async ({ host }) => {
  const url = new URL(host.url);
  const token = url.searchParams.get('token')!;
  const port = Number(url.port);
  const rebound = await rawGet(port, `/?token=${token}`, { host: `evil.example:${port}` });
  expect(rebound.status).toBe(403);
  expect(rebound.body).toContain('only answers requests addressed to 127.0.0.1 or localhost');
  const foreignOrigin = await rawGet(port, `/?token=${token}`, { host: url.host, origin: 'http://evil.example' });
  expect(foreignOrigin.status).toBe(403);
  for (const answer of [rebound, foreignOrigin]) {
    expect(answer.body).not.toContain(token);
    expect(answer.headers).not.toContain(token);
  }
  expect((await rawGet(port, `/?token=${token}`, { host: `localhost:${port}` })).status).toBe(200);
});

test('a page on another local origin gets nothing, even after the user opened Offload and even knowing the token', async ({ host, page }) => {
  const url = new URL(host.url);
  const token = url.searchParams.get('token')!;
  // The user has Offload open: the browser holds its session cookie.
  await page.goto(host.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  // One of the page's own scripts, which it loaded with the session cookie.
  const assetPath = new URL(await page.locator('script[src]').first().getAttribute('src', { timeout: 5000 }) ?? '', host.url).pathname;
  expect(assetPath).toMatch(/^\/assets\//);

  const foreign = await startForeignSite();
  try {
    const attacker = await page.context().newPage();
    await attacker.goto(foreign.origin);
    const outcome = await attacker.evaluate(
      async ({ target, token, assetPath }) => {
        const socket = (path: string) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://${target}${path}`);
            ws.onopen = () => (ws.close(), resolve('open'));
            ws.onerror = () => resolve('refused');
          });
        const read = async (path: string) => {
          try {
            const response = await fetch(`http://${target}${path}`, { credentials: 'include' });
            return `read ${response.status}`;
          } catch {
            return 'blocked';
          }
        };
        const script = (path: string) =>
          new Promise<string>((resolve) => {
            const el = document.createElement('script');
            el.src = `http://${target}${path}`;
            el.onload = () => resolve('loaded');
            el.onerror = () => resolve('refused');
            document.head.append(el);
          });
        return {
          wsWithCookie: await socket('/rpc'),
          wsWithToken: await socket(`/rpc?token=${encodeURIComponent(token)}`),
          fetchPage: await read('/'),
          fetchWithToken: await read(`/?token=${encodeURIComponent(token)}`),
          scriptWithCookie: await script(assetPath),
        };
      },
      { target: url.host, token, assetPath },
    );
    expect(outcome).toEqual({
      wsWithCookie: 'refused',
      wsWithToken: 'refused',
      fetchPage: 'blocked',
      fetchWithToken: 'blocked',
      scriptWithCookie: 'refused',
    });
    await attacker.close();
  } finally {
    foreign.server.close();
  }
});
