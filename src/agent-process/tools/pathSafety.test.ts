import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from '../testHelpers.js';
import { assertInScope, resolveInWorkspace } from './pathSafety.js';
import { ToolError } from './toolContext.js';

async function setup() {
  const root = await tempDir();
  const outside = await tempDir('offload-outside-');
  const ws = path.join(root.dir, 'ws');
  await mkdir(path.join(ws, 'src'), { recursive: true });
  await writeFile(path.join(ws, 'src', 'a.ts'), 'a');
  await writeFile(path.join(outside.dir, 'secret.txt'), 'secret');
  return { ws, outside: outside.dir, cleanup: async () => (await root.cleanup(), await outside.cleanup()) };
}

test('relative paths inside the workspace resolve, existing or not', async () => {
  const { ws, cleanup } = await setup();
  try {
    assert.deepEqual(await resolveInWorkspace(ws, 'src/a.ts'), { absolute: path.join(ws, 'src/a.ts'), relative: 'src/a.ts' });
    assert.equal((await resolveInWorkspace(ws, 'src/new/deep/file.ts')).relative, 'src/new/deep/file.ts');
    assert.equal((await resolveInWorkspace(ws, './src/../src/a.ts')).relative, 'src/a.ts');
    assert.equal((await resolveInWorkspace(ws, undefined)).relative, '.');
    assert.equal((await resolveInWorkspace(ws, path.join(ws, 'src/a.ts'))).relative, 'src/a.ts');
  } finally {
    await cleanup();
  }
});

test('.. and absolute paths that leave the workspace are refused with a clear error', async () => {
  const { ws, outside, cleanup } = await setup();
  try {
    for (const bad of ['../x', 'src/../../x', '/etc/passwd', path.join(outside, 'secret.txt')]) {
      await assert.rejects(resolveInWorkspace(ws, bad), (error: Error) => {
        assert.ok(error instanceof ToolError);
        assert.match(error.message, /is outside the workspace/);
        return true;
      });
    }
  } finally {
    await cleanup();
  }
});

test('a symlink that escapes the workspace is refused (file, folder and dangling links)', async () => {
  const { ws, outside, cleanup } = await setup();
  try {
    await symlink(path.join(outside, 'secret.txt'), path.join(ws, 'leak.txt'));
    await symlink(outside, path.join(ws, 'src', 'out'));
    await symlink(path.join(outside, 'not-yet.txt'), path.join(ws, 'dangling.txt'));
    for (const bad of ['leak.txt', 'src/out/secret.txt', 'src/out/new.txt', 'src/out', 'dangling.txt']) {
      await assert.rejects(resolveInWorkspace(ws, bad), /leads outside the workspace through a symbolic link/, bad);
    }
  } finally {
    await cleanup();
  }
});

test('a symlink that stays inside the workspace is fine', async () => {
  const { ws, cleanup } = await setup();
  try {
    await symlink(path.join(ws, 'src'), path.join(ws, 'lib'));
    assert.equal((await resolveInWorkspace(ws, 'lib/a.ts')).relative, 'src/a.ts');
  } finally {
    await cleanup();
  }
});

test('scope: globs and plain folders; empty scope allows everything', () => {
  assertInScope('anything/at/all.ts', []);
  assertInScope('src/a.ts', ['src/**']);
  assertInScope('src/deep/a.ts', ['src']);
  assertInScope('docs/README.md', ['src/**', '*.md', 'docs/*.md']);
  assert.throws(() => assertInScope('test/a.ts', ['src/**']), /outside this agent's scope \(src\/\*\*\)/);
  assert.throws(() => assertInScope('srcx/a.ts', ['src']), ToolError);
});
