// Runs every compiled unit and integration test (dist/**/*.test.js) with
// Node's own test runner. Node 20 takes no globs, so the files are listed here.
// Usage: node scripts/runTests.mjs [filter-substring ...]
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = ['dist/src', 'dist/test'];
const filters = process.argv.slice(2);
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
console.log(`Running ${chosen.length} test files: ${chosen.map((f) => relative('dist', f)).join(', ')}`);
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', ...chosen],
  { stdio: 'inherit', env: { ...process.env, OFFLOAD_TEST: '1' } },
);
process.exit(result.status ?? 1);
