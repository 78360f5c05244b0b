// Enforces who may import whom (docs/architecture.md). The per-runtime
// tsconfigs already reject Node APIs in shared/ and the renderer; this catches
// the cross-folder imports a type check cannot see. Tests beside the code run
// under Node's test runner and may use node:test.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

// The repository, or another tree given with --root DIR (its src/ is checked: the checker's own test uses that).
const rootArg = process.argv.indexOf('--root');
const root = rootArg !== -1 ? resolve(process.argv[rootArg + 1]) : resolve(dirname(new URL(import.meta.url).pathname), '..');
const rules = [
  { layer: 'src/shared', forbid: [/^node:/, /^electron$/, /^react/, 'src/main', 'src/agent-process', 'src/renderer'], allowBare: ['zod'] },
  { layer: 'src/files', forbid: [/^electron$/, 'src/main', 'src/agent-process', 'src/renderer'] },
  { layer: 'src/agent-process', forbid: [/^electron$/, 'src/main', 'src/renderer'] },
  { layer: 'src/main/electron', forbid: ['src/renderer', 'src/agent-process', 'src/main/cli'] },
  // Inside src/main, lower folders never reach up (docs/architecture.md): the stores, the launcher
  // and the rate limiter know nothing of the host; the host (app) knows no door (cli, server, electron).
  ...[
    ['src/main/store', ['src/main/app', 'src/main/cli', 'src/main/server', 'src/main/workspace', 'src/main/launch', 'src/main/rateLimit']],
    ['src/main/launch', ['src/main/app', 'src/main/cli', 'src/main/server', 'src/main/workspace', 'src/main/rateLimit']],
    ['src/main/rateLimit', ['src/main/app', 'src/main/cli', 'src/main/server', 'src/main/workspace', 'src/main/store', 'src/main/launch']],
    ['src/main/workspace', ['src/main/cli', 'src/main/server', 'src/main/launch', 'src/main/rateLimit']],
    ['src/main/app', ['src/main/cli', 'src/main/server']],
    ['src/main/server', ['src/main/cli']],
    ['src/main/cli', []],
  ].map(([layer, more]) => ({ layer, forbid: [/^electron$/, 'src/renderer', 'src/agent-process', 'src/main/electron', ...more] })),
  { layer: 'src/main', forbid: [/^electron$/, 'src/renderer', 'src/agent-process', 'src/main/electron'] },
  { layer: 'src/renderer', forbid: [/^node:/, /^electron$/, 'src/main', 'src/agent-process'] },
];
const importRe = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full));
    else if (/\.(ts|tsx|cts|mts)$/.test(name) && !name.endsWith('.d.ts') && !/\.test\.tsx?$/.test(name) && name !== 'vite.config.ts') out.push(full);
  }
  return out;
}

const problems = [];
for (const file of files(join(root, 'src'))) {
  const rel = relative(root, file).split(sep).join('/');
  const rule = rules.find((r) => rel.startsWith(r.layer + '/'));
  if (!rule) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)).split(sep).join('/') : spec;
    const forbidden = rule.forbid.some((f) =>
      f instanceof RegExp ? !spec.startsWith('.') && f.test(spec) : spec.startsWith('.') && (target === f || target.startsWith(f + '/')),
    );
    // One line per broken import, naming it.
    if (forbidden) problems.push(`${rel}: imports "${spec}", which ${rule.layer} may not import`);
    else if (rule.allowBare && !spec.startsWith('.') && !rule.allowBare.includes(spec)) {
      problems.push(`${rel}: imports package "${spec}"; src/shared may only use ${rule.allowBare.join(', ')}`);
    }
  }
}
if (problems.length) {
  console.error('Layer rules broken:\n  ' + problems.join('\n  '));
  process.exit(1);
}
console.log('Layer rules hold.');
