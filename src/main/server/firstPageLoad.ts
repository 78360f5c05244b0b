// When the page's first load has been served: the document and the files it
// loads before it runs (its module script, module preloads and stylesheets,
// read from the built index.html). `offload serve` makes the host only then
// (issue 11): making it blocks this process's one thread for a few hundred ms
// (compiling the host's code, reading every agent's log), and a page whose
// script waited behind that took as long again to become usable. Once its files
// are out, the browser parses and runs them on its own core while the host is made.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** URL paths ("/assets/index-abc.js") the document loads before its script runs, in the order they appear. */
export function entryFilesOf(html: string): string[] {
  const paths: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const rel = /\brel\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1]?.toLowerCase();
    if (!isScript && rel !== 'modulepreload' && rel !== 'stylesheet') continue;
    const url = /\b(?:src|href)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    // Only the page's own files (relative or rooted paths), never another origin's.
    if (!url || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(url)) continue;
    paths.push(new URL(url, 'http://page/').pathname);
  }
  return paths;
}

export interface FirstPageLoad {
  /** Call when a response for this URL path has been sent whole. */
  served(pathname: string): void;
}

/**
 * Calls `onServed` once: when the document and every entry file of
 * `<staticDir>/index.html` have been served (to any client). No readable
 * index.html: as soon as the document's answer is out.
 */
export async function watchFirstPageLoad(staticDir: string, onServed: () => void): Promise<FirstPageLoad> {
  const html = await readFile(join(staticDir, 'index.html'), 'utf8').catch(() => '');
  const waiting = new Set(entryFilesOf(html));
  let documentServed = false;
  let done = false;
  return {
    served(pathname) {
      if (done) return;
      if (pathname === '/' || pathname === '/index.html') documentServed = true;
      else waiting.delete(pathname);
      if (documentServed && waiting.size === 0) {
        done = true;
        onServed();
      }
    },
  };
}
