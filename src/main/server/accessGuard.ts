// Who may talk to the local host. Any web page the user visits can send
// requests to 127.0.0.1, so every HTTP request and WebSocket upgrade must show:
//  1. a Host header naming us (127.0.0.1:PORT or localhost:PORT): a DNS-rebinding
//     page reaches us under its own name and is refused;
//  2. no foreign Origin (browsers always send Origin on WebSocket upgrades and
//     cross-origin fetches);
//  3. the secret: the token (query `token`, or `Authorization: Bearer`), or the
//     session cookie set on the first authorised page load (HttpOnly,
//     SameSite=Strict, and only honoured for requests the browser marks as
//     coming from our own origin). The cookie holds a separate secret, so no
//     response ever contains the token itself.
// Refusals never quote what was sent.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Refusal {
  status: 401 | 403;
  message: string;
}

export type AccessDecision = { ok: true; by: 'token' | 'cookie' } | ({ ok: false } & Refusal);

export const REFUSED_HOST: Refusal = {
  status: 403,
  message: 'Forbidden: this Offload host only answers requests addressed to 127.0.0.1 or localhost on its own port.',
};
export const REFUSED_ORIGIN: Refusal = {
  status: 403,
  message: 'Forbidden: requests from other origins are refused.',
};
export const REFUSED_TOKEN: Refusal = {
  status: 401,
  message: 'Unauthorized: open the exact URL that `offload serve` printed; it carries the access token.',
};

/** 128 bits is the floor; 256 costs nothing. base64url keeps it URL- and cookie-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface AccessGuard {
  readonly token: string;
  /** The origins a page of ours has: http://127.0.0.1:PORT and http://localhost:PORT. */
  readonly allowedOrigins: readonly string[];
  /** For a plain HTTP request. */
  checkRequest(request: IncomingMessage): AccessDecision;
  /** For a WebSocket upgrade: the cookie counts only when the browser says where the page came from. */
  checkUpgrade(request: IncomingMessage): AccessDecision;
  /** The Set-Cookie value that lets the page's own later requests in without the token in their URL. */
  sessionCookie(): string;
}

export function createAccessGuard(port: number, token: string = newSecret()): AccessGuard {
  const sessionSecret = newSecret();
  const cookieName = `offload_session_${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

  function check(request: IncomingMessage, cookieNeedsOrigin: boolean): AccessDecision {
    const host = (request.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(host)) return { ok: false, ...REFUSED_HOST };

    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.includes(origin)) return { ok: false, ...REFUSED_ORIGIN };

    let queryToken: string | null = null;
    try {
      queryToken = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
    } catch {
      queryToken = null;
    }
    const auth = request.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : null;
    if (sameSecret(queryToken, token) || sameSecret(bearer, token)) return { ok: true, by: 'token' };

    // Cookies are per host, not per port, and SameSite treats every port of 127.0.0.1 as one site:
    // a page on another local port would carry our cookie. Browsers say where a request comes from
    // (Sec-Fetch-Site), so the cookie counts only for our own pages' requests.
    const fetchSite = request.headers['sec-fetch-site'];
    const fromOurPages = fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
    const cookie = parseCookies(request.headers.cookie).get(cookieName);
    if (sameSecret(cookie, sessionSecret) && fromOurPages && (!cookieNeedsOrigin || origin !== undefined)) {
      return { ok: true, by: 'cookie' };
    }

    return { ok: false, ...REFUSED_TOKEN };
  }

  return {
    token,
    allowedOrigins,
    checkRequest: (request) => check(request, false),
    checkUpgrade: (request) => check(request, true),
    sessionCookie: () => `${cookieName}=${sessionSecret}; HttpOnly; SameSite=Strict; Path=/`,
  };
}
