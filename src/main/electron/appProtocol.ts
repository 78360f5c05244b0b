// The page is served from offload-app://renderer/ (not file://), so absolute
// asset paths, module scripts and Monaco's workers behave as on the web, and
// the same CSP applies. Files come from dist/renderer through the same path
// checks as the HTTP host (no way out of the folder).

import { readFile } from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import { resolveStaticFile, securityHeaders } from '../server/staticFiles.js';

export const APP_SCHEME = 'offload-app';
export const APP_HOST = 'renderer';
export const APP_BASE_URL = `${APP_SCHEME}://${APP_HOST}/`;

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

/** Must run before the app is ready. */
export function registerAppScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

function plain(status: number, message: string): Response {
  return new Response(message + '\n', {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** The handler for offload-app:// requests (exported for tests). */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request.');
    }
    if (url.host !== APP_HOST) return plain(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (!file) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        return plain(503, 'The Offload UI is not built: run `npm run build` (it writes dist/renderer).');
      }
      return plain(404, 'Not found.');
    }
    const body = request.method === 'HEAD' ? null : await readFile(file.path);
    return new Response(body, {
      status: 200,
      headers: { ...securityHeaders(), 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' },
    });
  };
}

export function handleAppProtocol(protocol: Pick<ProtocolLike, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
}
