// Serving the built renderer (dist/renderer) safely: one place that maps a
// request path to a file inside the folder (never outside it), names its
// content type, and says which security headers every page response carries.
// Used by the HTTP host and by the Electron shell's app:// protocol.

import { realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../../files/pathInside.js';

/** dist/renderer, seen from dist/src/main/server/staticFiles.js. */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../../renderer/', import.meta.url));
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface StaticFile {
  /** Absolute real path inside the static folder. */
  path: string;
  contentType: string;
  size: number;
}

/**
 * Maps a URL path ("/", "/assets/index-abc.js") to a regular file inside
 * `rootDir`, or null (not found, a directory, or an attempt to leave the
 * folder by "..", an encoded separator, a NUL byte or a symlink).
 */
export async function resolveStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (segments.length === 0) segments.push('index.html');

  let root: string;
  try {
    root = await realpath(rootDir);
  } catch {
    return null;
  }
  let real: string;
  try {
    real = await realpath(join(root, ...segments));
  } catch {
    return null;
  }
  // Inside the renderer folder (a file, so never the folder itself), after symlinks.
  if (real === root || !isInside(root, real)) return null;
  const info = await stat(real).catch(() => null);
  if (!info || !info.isFile()) return null;
  return { path: real, contentType: contentTypeOf(real), size: info.size };
}

/**
 * The page's Content-Security-Policy: only our own scripts; Monaco needs blob:
 * workers and inline styles; WebSockets only back to the host itself.
 */
export function contentSecurityPolicy(connectSources: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self'${connectSources.length ? ' ' + connectSources.join(' ') : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response from the host carries (pages, assets and refusals alike). */
export function securityHeaders(connectSources: string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectSources),
    'X-Content-Type-Options': 'nosniff',
    // The page's URL carries the token: never send it to anyone as a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
