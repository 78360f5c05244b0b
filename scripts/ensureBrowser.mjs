// Before the e2e specs: make sure a browser is there (see e2e/fixtures/findBrowser.ts).
// When none is found, install one as the platform allows: Playwright's own
// Chromium where downloads work, else the distribution's package when running
// as root with apt; else stop with one line saying exactly what to run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const finder = new URL('../dist/e2e/fixtures/findBrowser.js', import.meta.url);
if (!existsSync(finder)) {
  console.error('The e2e helpers are not built: run `npm run build` first.');
  process.exit(1);
}
const { findBrowser, browserAdvice } = await import(finder.href);
const find = () => findBrowser({ playwrightChromium: chromium.executablePath() });

if (find()) process.exit(0);

const quiet = { stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 };
console.error('No browser for the e2e tests; installing one.');
// Downloads may be blocked: a failure here only moves on to the next way.
const download = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'], quiet);
if (download.status === 0 && find()) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (process.platform === 'linux' && isRoot && hasApt) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { ...quiet, env });
  for (const pkg of ['chromium', 'chromium-browser']) {
    spawnSync('apt-get', ['install', '-y', '-qq', pkg], { ...quiet, env });
    if (find()) process.exit(0);
  }
}

console.error(browserAdvice());
process.exit(1);
