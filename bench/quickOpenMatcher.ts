// Quick open's matcher alone (issue 12: under 30 ms a keystroke over 50,000
// files), printed as JSON: the same 50,003 paths and the same 59 keystrokes as
// bench/editor.ts, without writing a workspace. Per keystroke: wall time and
// the process's CPU time, and the slowest keystrokes by CPU.
//
// Run: npm run build && node dist/bench/quickOpenMatcher.js
// Instruction counts (load-independent), setup alone and setup + keystrokes; the difference is the keystrokes':
//   valgrind --tool=callgrind --smc-check=all-non-file node dist/bench/quickOpenMatcher.js --setup-only
//   valgrind --tool=callgrind --smc-check=all-non-file node dist/bench/quickOpenMatcher.js --quiet

import { cpus, loadavg } from 'node:os';
import { createFileMatcher } from '../src/renderer/features/quickopen/fileMatcher.js';

const QUERIES = ['pkg42/module7/component33.ts', 'comp4913', 'p7m3c21', 'component', 'five-mb'];
const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};

function benchPaths(): string[] {
  const paths = ['.gitignore', 'README.md', 'big/five-mb.ts'];
  for (let a = 0; a < 50; a++) for (let b = 0; b < 20; b++) for (let c = 0; c < 50; c++) paths.push(`pkg${a}/module${b}/component${c}.ts`);
  return paths;
}

const args = new Set(process.argv.slice(2));
const paths = benchPaths();
const c0 = cpuMs();
const matcher = createFileMatcher(paths);
const setupCpuMs = cpuMs() - c0;
if (!args.has('--setup-only')) {
  const keystrokes: { query: string; ms: number; cpuMs: number }[] = [];
  for (const query of QUERIES) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      const k0 = cpuMs();
      matcher.match(query.slice(0, i), 50);
      keystrokes.push({ query: query.slice(0, i), cpuMs: cpuMs() - k0, ms: performance.now() - t0 });
    }
  }
  if (!args.has('--quiet')) {
    const wall = keystrokes.map((k) => k.ms);
    const cpu = keystrokes.map((k) => k.cpuMs);
    const short = keystrokes.filter((k) => k.query.length <= 4).map((k) => k.cpuMs);
    console.log(
      JSON.stringify(
        {
          machine: { cpus: cpus().length, loadavg1: round(loadavg()[0]!) },
          paths: paths.length,
          keystrokes: keystrokes.length,
          setupCpuMs: round(setupCpuMs),
          wallMs: { p50: round(percentile(wall, 50)), p95: round(percentile(wall, 95)), max: round(Math.max(...wall)) },
          cpuMs: { p50: round(percentile(cpu, 50)), p95: round(percentile(cpu, 95)), max: round(Math.max(...cpu)) },
          oneToFourLettersCpuMs: { p95: round(percentile(short, 95)), max: round(Math.max(...short)) },
          slowestByCpu: [...keystrokes].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 5).map((k) => ({ query: k.query, cpuMs: round(k.cpuMs) })),
          target: 'per keystroke < 30 ms',
        },
        null,
        2,
      ),
    );
  }
}
