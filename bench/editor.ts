// The editor's figures over a 50,000-file workspace, printed as JSON:
//  - search across files: the service the person and the agents share
//    (EditorWorkspace.search → ripgrep, parsed and grouped) against plain
//    `rg --json` with the same query, in the same run (target: within 1.3×);
//  - quick open: fuzzy matching per keystroke over 50,000 paths (target < 30 ms);
//  - the Explorer of the workspace shown in Debian's Chromium against the real
//    `offload serve` (target < 300 ms), and a 5 MB file opened in the editor (< 300 ms);
//  - the host's memory while it watches the 50,000 files (target < 150 MB).
//
// Run: npm run build && node dist/bench/editor.js   (or npm run bench -- editor)
// Only some parts: node dist/bench/editor.js quickopen page   (parts: search, quickopen, page)
//
// Per-keystroke quick open is given as wall time and as the process's CPU time
// (process.cpuUsage): on a machine shared by many, wall time mostly measures
// the wait for a core; CPU time is what the matching itself costs.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { startOffloadHost } from '../e2e/fixtures/hostFixture.js';
import { rssMbOf, servePid } from './support/serveProcess.js';
import { EditorWorkspace } from '../src/main/workspace/editorWorkspace.js';
import { findRipgrep } from '../src/files/textSearch.js';
import { createFileMatcher } from '../src/renderer/features/quickopen/fileMatcher.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TOP = 50;
const SUB = 20;
const PER = 50; // 50 × 20 × 50 = 50,000 files
const FIVE_MB = 5 * 1024 * 1024;
const round = (n: number) => Math.round(n * 100) / 100;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

function workspaceFiles(): Record<string, string> {
  const files: Record<string, string> = { '.gitignore': 'node_modules/\n', 'README.md': '# Fifty thousand files\n' };
  let n = 0;
  for (let a = 0; a < TOP; a++) {
    for (let b = 0; b < SUB; b++) {
      for (let c = 0; c < PER; c++, n++) {
        const needle = n % 50 === 0 ? `  const needle${n} = findTheNeedle(${n});\n` : '';
        files[`pkg${a}/module${b}/component${c}.ts`] =
          `// file ${n}\nexport function component${n}(input: number): number {\n${needle}  return input * ${n};\n}\n`;
      }
    }
  }
  // Exactly 5 MB: the largest file that opens editable.
  const line = 'export const value = "abcdefghijklmnopqrstuvwxyz0123456789";\n';
  files['big/five-mb.ts'] = line.repeat(Math.floor(FIVE_MB / line.length)) + 'x'.repeat(FIVE_MB % line.length);
  return files;
}

async function ripgrepAlone(rg: string, cwd: string, pattern: string): Promise<{ ms: number; matches: number }> {
  const started = performance.now();
  const child = spawn(rg, ['--json', '--no-require-git', '--hidden', '--glob', '!.git', '--max-filesize', '10M', '--no-config', '--ignore-case', '--regexp', pattern, '--', '.'], { cwd });
  let matches = 0;
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    rest += chunk;
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      if (rest.startsWith('{"type":"match"')) matches++;
      rest = rest.slice(at + 1);
    }
  });
  await new Promise((resolve) => child.on('close', resolve));
  return { ms: performance.now() - started, matches };
}

const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

/** Thrown to leave out the page's part. */
class Skip extends Error {}

async function main() {
  const parts = new Set(process.argv.slice(2));
  const want = (part: string) => parts.size === 0 || parts.has(part);
  const files = workspaceFiles();
  const paths = Object.keys(files);

  // 1. Search: the shared service against ripgrep alone, same workspace, same query.
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'offload-bench-editor-')));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const rg = await findRipgrep();
  const editor = new EditorWorkspace({ workspace: root, onChanges: () => undefined, onWatchStatus: () => undefined, leaseHolder: () => null });
  const serviceRuns: number[] = [];
  const rgRuns: number[] = [];
  let serviceMatches = 0;
  let rgMatches = 0;
  for (let i = 0; i < (want('search') ? 6 : 0); i++) {
    const t0 = performance.now();
    const found = await editor.search({ query: 'findTheNeedle', maxResults: 20_000 });
    const ms = performance.now() - t0;
    serviceMatches = found.files.reduce((n, f) => n + f.matches.length, 0);
    const alone = rg ? await ripgrepAlone(rg, root, 'findTheNeedle') : { ms: NaN, matches: 0 };
    rgMatches = alone.matches;
    if (i > 0) {
      serviceRuns.push(ms);
      rgRuns.push(alone.ms);
    }
  }
  const fallbackStart = performance.now();
  const { searchWithJs } = await import('../src/files/textSearch.js');
  const fallback = want('search') ? await searchWithJs({ workspace: root, pattern: 'findTheNeedle', caseSensitive: false, max: 20_000 }) : { matches: [] };
  const fallbackMs = performance.now() - fallbackStart;

  // 2. Quick open: per keystroke over every path of the workspace (as listFiles gives them).
  const listStart = performance.now();
  const listed = await editor.listFiles();
  const listMs = performance.now() - listStart;
  const prepareStart = performance.now();
  const matcher = createFileMatcher(listed);
  const prepareMs = performance.now() - prepareStart;
  const keystrokes: number[] = [];
  const keystrokesCpu: number[] = [];
  for (const query of ['pkg42/module7/component33.ts', 'comp4913', 'p7m3c21', 'component', 'five-mb']) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      const c0 = cpuMs();
      matcher.match(query.slice(0, i), 50);
      keystrokesCpu.push(cpuMs() - c0);
      keystrokes.push(performance.now() - t0);
    }
  }
  const firstHit = matcher.match('pkg42/module7/component33.ts', 1)[0]?.path;
  await editor.dispose();
  rmSync(root, { recursive: true, force: true });

  // 3. The page: Explorer and a 5 MB file, against the real host; its memory while watching.
  const host = want('page') ? await startOffloadHost({ files }) : null;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let explorerMs = NaN;
  let explorerFromConnectedMs = NaN;
  let folderMs = NaN;
  let openFiveMbMs = NaN;
  let openFiveMbEditableMs = NaN;
  let pageKeystrokes: number[] = [];
  let pageSlowest: { query: string; ms: number }[] = [];
  let hostRssMb = NaN;
  let hostRssBeforeWatchMb = NaN;
  try {
    if (!host) throw new Skip();
    const pid = servePid(host.workspace);
    if (pid) hostRssBeforeWatchMb = rssMbOf(pid);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // A loaded machine (2 cores shared) can be slow: report the time, do not give up at 30 s.
    page.setDefaultTimeout(180_000);
    // Timestamps in the page: when it connects, and when the Explorer shows its first row.
    await page.addInitScript({
      content: `(() => {
        const marks = (window.__bench = {});
        new MutationObserver(() => {
          if (!marks.connected && document.body && document.body.textContent.includes('Connected')) marks.connected = performance.now();
          if (!marks.explorer && document.querySelector('[role="tree"][aria-label="Explorer"] [role="treeitem"]')) marks.explorer = performance.now();
        }).observe(document, { subtree: true, childList: true, characterData: true });
      })();`,
    });
    await page.goto(host.url);
    await page.getByRole('tree', { name: 'Explorer' }).getByRole('treeitem', { name: 'pkg0', exact: true }).waitFor();
    const marks = (await page.evaluate('window.__bench')) as Record<string, number>;
    explorerMs = marks.explorer!;
    explorerFromConnectedMs = marks.explorer! - (marks.connected ?? 0);

    // Opening a folder of the tree (the first: the tree is virtualized, so only rows in view are in the page).
    const t0 = performance.now();
    await page.getByRole('treeitem', { name: 'pkg0', exact: true }).getByRole('button').first().click();
    await page.getByRole('treeitem', { name: 'module0', exact: true }).waitFor();
    folderMs = performance.now() - t0;

    // Monaco loaded once (a small file, through quick open), then the 5 MB file the same way.
    await page.keyboard.press('Control+P');
    await page.getByRole('combobox', { name: 'File name' }).fill('README.md');
    await page.getByRole('option', { name: 'README.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').filter({ hasText: 'Fifty thousand' }).waitFor();
    await page.keyboard.press('Control+P');
    await page.getByRole('combobox', { name: 'File name' }).fill('five-mb');
    await page.getByRole('option', { name: 'big/five-mb.ts' }).waitFor();
    // Quick open in the page, per keystroke: from the input event to the list's update (React render included).
    const inPage = (await page.evaluate(`(async () => {
      const input = document.querySelector('[role="combobox"][aria-label="File name"]');
      const list = document.getElementById('quick-open-list');
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const times = [];
      for (const query of ${JSON.stringify(['pkg42/module7/component33.ts', 'comp4913', 'p7m3c21', 'component', 'five-mb'])}) {
        for (let i = 1; i <= query.length; i++) {
          const updated = new Promise((resolve) => {
            const observer = new MutationObserver(() => (observer.disconnect(), resolve(true)));
            observer.observe(list, { childList: true, subtree: true, characterData: true });
            setTimeout(() => (observer.disconnect(), resolve(false)), 3000);
          });
          const t0 = performance.now();
          setValue.call(input, query.slice(0, i));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          if (await updated) times.push({ query: query.slice(0, i), ms: performance.now() - t0 });
        }
      }
      return times;
    })()`)) as { query: string; ms: number }[];
    pageKeystrokes = inPage.map((k) => k.ms);
    pageSlowest = [...inPage].sort((a, b) => b.ms - a.ms).slice(0, 5).map((k) => ({ query: k.query, ms: round(k.ms) }));
    await page.getByRole('combobox', { name: 'File name' }).fill('five-mb');
    await page.getByRole('option', { name: 'big/five-mb.ts' }).waitFor();
    const t1 = performance.now();
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'five-mb.ts' }).waitFor();
    await page.locator('.monaco-editor .view-lines').filter({ hasText: 'abcdefghijklmnopqrstuvwxyz0123456789' }).waitFor();
    openFiveMbMs = performance.now() - t1;
    // Over 1 MB the first screen comes first; the whole text (editable) follows.
    await page.locator('.code-editor[data-path="big/five-mb.ts"][data-full-text="true"]').waitFor();
    openFiveMbEditableMs = performance.now() - t1;

    // The watcher has been scanning since the Explorer first asked: let it settle, then read the host's memory.
    if (pid) {
      let last = 0;
      for (let i = 0; i < 40; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = rssMbOf(pid);
        if (i > 6 && Math.abs(now - last) < 1) break;
        last = now;
      }
      hostRssMb = rssMbOf(pid);
    }
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
  } finally {
    await browser.close();
    // A failed clean-up of the temp folders must not lose the figures.
    await host?.stop().catch((error: unknown) => console.error(`clean-up: ${String(error)}`));
  }

  const figures = {
    machine: { cpus: cpus().length, loadavg1: round(loadavg()[0]!) },
    files: paths.length,
    search: {
      query: 'findTheNeedle (case-insensitive)',
      matches: serviceMatches,
      ripgrepMatches: rgMatches,
      serviceMedianMs: round(median(serviceRuns)),
      ripgrepAloneMedianMs: round(median(rgRuns)),
      ratio: round(median(serviceRuns) / median(rgRuns)),
      target: 'ratio <= 1.3',
      jsFallbackMs: round(fallbackMs),
      jsFallbackMatches: fallback.matches.length,
    },
    quickOpen: {
      files: listed.length,
      listFilesMs: round(listMs),
      prepareMs: round(prepareMs),
      perKeystrokeP50Ms: round(percentile(keystrokes, 50)),
      perKeystrokeP95Ms: round(percentile(keystrokes, 95)),
      perKeystrokeMaxMs: round(Math.max(...keystrokes)),
      perKeystrokeCpuP50Ms: round(percentile(keystrokesCpu, 50)),
      perKeystrokeCpuP95Ms: round(percentile(keystrokesCpu, 95)),
      perKeystrokeCpuMaxMs: round(Math.max(...keystrokesCpu)),
      keystrokes: keystrokes.length,
      inPagePerKeystrokeP50Ms: pageKeystrokes.length ? round(percentile(pageKeystrokes, 50)) : null,
      inPagePerKeystrokeP95Ms: pageKeystrokes.length ? round(percentile(pageKeystrokes, 95)) : null,
      inPageKeystrokes: pageKeystrokes.length,
      inPageSlowest: pageSlowest,
      firstHit,
      target: 'per keystroke < 30 ms',
    },
    explorer: {
      pageLoadToExplorerMs: round(explorerMs),
      connectedToExplorerMs: round(explorerFromConnectedMs),
      openFolderMs: round(folderMs),
      target: 'explorer shown < 300 ms',
    },
    openFiveMbFile: { ms: round(openFiveMbMs), editableMs: round(openFiveMbEditableMs), target: '< 300 ms', note: 'ms: Enter → first lines visible (Playwright, from Node); bench/openLargeFile.ts measures it in the page with CPU time' },
    hostMemoryWatching: { rssBeforeWatchMb: round(hostRssBeforeWatchMb), rssWatchingMb: round(hostRssMb), target: '< 150 MB' },
  };
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
