// Playwright drives a Chromium (Playwright's own when installed, else the
// system's: see fixtures/findBrowser.ts) against the real `offload serve` and
// the fake model server. `npm test` runs scripts/ensureBrowser.mjs first, which
// installs one when there is none.
import { chromium, defineConfig } from '@playwright/test';
import { browserAdvice, findBrowser } from './fixtures/findBrowser.js';

const browser = findBrowser({ playwrightChromium: chromium.executablePath() });
if (!browser) throw new Error(browserAdvice());

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  // A whole run takes ~5 min on a quiet 2-core machine; a hang must fail CI with a report, not run into CI's own limit.
  globalTimeout: 20 * 60_000,
  expect: { timeout: 15_000 },
  outputDir: './test-results',
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1400, height: 860 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Playwright's own build needs no path; any other is named.
      executablePath: browser.source === 'playwright' ? undefined : browser.path,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
