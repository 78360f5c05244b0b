// Runs every benchmark (dist/bench/*.js, built from bench/*.ts) one after the
// other and prints each one's JSON figures. Usage: npm run bench [-- name ...]
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const dir = 'dist/bench';
if (!existsSync(dir)) {
  console.error('No built benchmarks: run `npm run build` first.');
  process.exit(1);
}
const wanted = process.argv.slice(2);
const benches = readdirSync(dir).filter((f) => f.endsWith('.js') && (wanted.length === 0 || wanted.some((w) => f.includes(w))));
let failed = 0;
for (const file of benches.sort()) {
  console.log(`# ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(dir, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
