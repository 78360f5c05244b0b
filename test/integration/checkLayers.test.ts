// The layer rules checker (scripts/checkLayers.mjs, run by `npm run
// typecheck`): a file that breaks a rule makes it fail with a line naming
// the file and the import; a tree that keeps the rules passes. Each case is
// a temporary src/ tree checked with --root; the repository itself is
// checked last.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const checker = fileURLToPath(new URL('../../../scripts/checkLayers.mjs', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));

function check(files: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const root = mkdtempSync(join(tmpdir(), 'offload-layers-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    }
    const run = spawnSync(process.execPath, [checker, '--root', root], { encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A small tree that keeps every rule. */
const CLEAN = {
  'src/shared/agent.ts': "import { z } from 'zod';\nexport const x = z.string();\n",
  'src/files/pathInside.ts': "import { relative } from 'node:path';\nexport const r = relative;\n",
  'src/main/app/host.ts': "import { x } from '../../shared/agent.js';\nimport { r } from '../../files/pathInside.js';\nexport { x, r };\n",
  'src/main/server/hostServer.ts': "import { x } from '../app/host.js';\nexport { x };\n",
  'src/main/cli/main.ts': "import { x } from '../server/hostServer.js';\nexport { x };\n",
  'src/main/electron/main.ts': "import * as electron from 'electron';\nimport { x } from '../server/hostServer.js';\nexport { electron, x };\n",
  'src/renderer/main.tsx': "import { x } from '../shared/agent.js';\nexport { x };\n",
  // Tests beside the code may use Node's test runner.
  'src/shared/agent.test.ts': "import { test } from 'node:test';\ntest('x', () => {});\n",
};

test('a tree that keeps the rules passes', () => {
  const run = check(CLEAN);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Layer rules hold\./);
});

const BROKEN: Array<[string, string, string, RegExp]> = [
  ['shared uses Node', 'src/shared/clock.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", /src\/shared\/clock\.ts: imports "node:fs", which src\/shared may not import/],
  ['shared uses a package other than zod', 'src/shared/ids.ts', "import { nanoid } from 'nanoid';\nexport const id = nanoid;\n", /src\/shared\/ids\.ts: imports package "nanoid"; src\/shared may only use zod/],
  ['the server reaches up into the CLI', 'src/main/server/door.ts', "export { x } from '../cli/main.js';\n", /src\/main\/server\/door\.ts: imports "\.\.\/cli\/main\.js", which src\/main\/server may not import/],
  ['the host (app) imports a door', 'src/main/app/wire.ts', "import { x } from '../server/hostServer.js';\nexport { x };\n", /src\/main\/app\/wire\.ts: imports "\.\.\/server\/hostServer\.js", which src\/main\/app may not import/],
  ['the store imports the workspace', 'src/main/store/log.ts', "import type { X } from '../workspace/review.js';\nexport type Y = X;\n", /src\/main\/store\/log\.ts: imports "\.\.\/workspace\/review\.js", which src\/main\/store may not import/],
  ['the CLI imports electron', 'src/main/cli/desk.ts', "import { app } from 'electron';\nexport { app };\n", /src\/main\/cli\/desk\.ts: imports "electron", which src\/main\/cli may not import/],
  ['the renderer loads main code lazily', 'src/renderer/lazy.ts', "export const load = () => import('../main/app/host.js');\n", /src\/renderer\/lazy\.ts: imports "\.\.\/main\/app\/host\.js", which src\/renderer may not import/],
  ['the agent imports the host', 'src/agent-process/loop.ts', "import { x } from '../main/app/host.js';\nexport { x };\n", /src\/agent-process\/loop\.ts: imports "\.\.\/main\/app\/host\.js", which src\/agent-process may not import/],
];

for (const [what, file, text, message] of BROKEN) {
  test(`one file breaking a rule fails the check, naming the file and the import: ${what}`, () => {
    const run = check({ ...CLEAN, [file]: text });
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stderr, /^Layer rules broken:/);
    assert.match(run.stderr, message);
    assert.equal(run.stderr.trim().split('\n').length, 2, `only that import is named: ${run.stderr}`);
  });
}

test('the repository keeps its rules', () => {
  const run = spawnSync(process.execPath, [checker], { encoding: 'utf8', cwd: repo });
  assert.equal(run.status, 0, run.stderr);
});
