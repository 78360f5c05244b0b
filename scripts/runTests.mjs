// Runs every compiled unit and integration test (dist/**/*.test.js) with
// Node's own test runner, one `node --test` process per file, two at a time.
// Usage: node scripts/runTests.mjs [filter-substring ...]
//
// Why not one `node --test a.js b.js ...`: when a file never finishes (a handle
// left open, a wait that never ends on some machine) that run hangs silently
// until CI kills it, and its log does not say which file was stuck. Here each
// file has a time limit, is killed with everything it started when it runs out,
// and the log names what is running every minute. Output is printed per file,
// whole, when the file ends, so parallel files never interleave.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const roots = ['dist/src', 'dist/test'];
const filters = process.argv.slice(2);
const concurrency = Number(process.env.OFFLOAD_TEST_CONCURRENCY) || 2;
/** One test may take this long (the slowest take ~50 s on a quiet 2-core machine). */
const testTimeoutMs = Number(process.env.OFFLOAD_TEST_TIMEOUT_MS) || 240_000;
/** One file may take this long before it is killed and counted as failed. */
const fileTimeoutMs = Number(process.env.OFFLOAD_TEST_FILE_TIMEOUT_MS) || 600_000;

const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.js')) files.push(full);
  }
}
for (const root of roots) if (existsSync(root)) walk(root);
const chosen = files.filter((f) => filters.length === 0 || filters.some((s) => f.includes(s))).sort();
if (chosen.length === 0) {
  console.error('No test files found under ' + roots.join(', ') + '. Run `npm run build` first.');
  process.exit(1);
}
const label = (file) => relative('dist', file);
console.log(`Running ${chosen.length} test files, ${concurrency} at a time: ${chosen.map(label).join(', ')}`);

const startedAt = Date.now();
const running = new Map(); // file -> { child, since }
const totals = { tests: 0, pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const failedFiles = [];

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function countsOf(output) {
  const counts = {};
  for (const key of Object.keys(totals)) {
    const match = new RegExp(`^ℹ ${key} (\\d+)$`, 'm').exec(output);
    counts[key] = match ? Number(match[1]) : 0;
  }
  return counts;
}

function runFile(file) {
  return new Promise((resolve) => {
    const since = Date.now();
    const child = spawn(
      process.execPath,
      // The file runs its tests in its own process (no `--test`: that parent would wait for every
      // pipe a grandchild holds); --test-force-exit ends it when its tests are done.
      ['--test-reporter=spec', `--test-timeout=${testTimeoutMs}`, '--test-force-exit', file],
      // Its own process group, so a kill reaches every process the file started.
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OFFLOAD_TEST: '1' } },
    );
    running.set(file, { child, since });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5_000).unref();
    }, fileTimeoutMs);
    // 'close' waits for the output pipes, which a process the file started in a session of its
    // own (a sandboxed command, a detached host) can hold open for ever. So the file is done when
    // its own process exits; its output gets a moment to drain, then the pipes are let go.
    let finished = false;
    child.on('exit', () => {
      setTimeout(() => {
        if (finished) return;
        child.stdout.destroy();
        child.stderr.destroy();
        child.emit('close', child.exitCode, child.signalCode);
      }, 3_000).unref();
    });
    child.on('close', (code, signal) => {
      if (finished) return;
      finished = true;
      clearTimeout(limit);
      running.delete(file);
      // Whatever the file left running (servers, agents) goes with it.
      killGroup(child, 'SIGKILL');
      const output = Buffer.concat(chunks).toString('utf8');
      const seconds = ((Date.now() - since) / 1000).toFixed(1);
      const ok = code === 0 && !timedOut;
      console.log(`\n# ${label(file)}: ${ok ? 'passed' : 'FAILED'} in ${seconds} s`);
      process.stdout.write(output.endsWith('\n') ? output : output + '\n');
      if (timedOut) console.log(`# ${label(file)}: TIMED OUT after ${fileTimeoutMs / 1000} s and was killed`);
      else if (!ok) console.log(`# ${label(file)}: exited with ${signal ?? code}`);
      const counts = countsOf(output);
      for (const key of Object.keys(totals)) totals[key] += counts[key];
      if (!ok) failedFiles.push(label(file));
      resolve();
    });
  });
}

// Every minute, name what is still running: a stuck file shows in any log tail.
const heartbeat = setInterval(() => {
  const now = Date.now();
  const names = [...running].map(([file, { since }]) => `${label(file)} (${Math.round((now - since) / 1000)} s)`);
  console.log(`# ${Math.round((now - startedAt) / 1000)} s: running ${names.join(', ') || 'nothing'}`);
}, 60_000);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const { child } of running.values()) killGroup(child, 'SIGKILL');
    process.exit(130);
  });
}

const queue = [...chosen];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length > 0) await runFile(queue.shift());
  }),
);
clearInterval(heartbeat);

const seconds = Math.round((Date.now() - startedAt) / 1000);
console.log(
  `\n# ${chosen.length} files in ${seconds} s: tests ${totals.tests}, pass ${totals.pass}, fail ${totals.fail}, ` +
    `skipped ${totals.skipped}, todo ${totals.todo}, cancelled ${totals.cancelled}`,
);
if (failedFiles.length > 0) {
  console.log(`# FAILED: ${failedFiles.join(', ')}`);
  process.exit(1);
}
