import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordingHost, tempDir, toolContext } from '../testHelpers.js';
import { findRipgrep, grepTool, GREP_MAX_MATCHES } from './grep.js';
import { runTool } from './index.js';
import { tokenizeCode } from './codebaseIndex.js';

async function sampleWorkspace(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await mkdir(path.join(dir, 'node_modules', 'dep'), { recursive: true });
  await mkdir(path.join(dir, 'build'), { recursive: true });
  await writeFile(path.join(dir, '.gitignore'), 'node_modules/\nbuild/\n*.log\n');
  await writeFile(path.join(dir, 'src', 'auth.ts'), 'export function checkPassword(user: string) {\n  return user.length > 0; // TODO harden\n}\n');
  await writeFile(path.join(dir, 'src', 'util.js'), 'function helper() { return 1; }\n// TODO later\n');
  await writeFile(path.join(dir, 'src', 'blob.bin'), Buffer.from([0, 1, 2, 84, 79, 68, 79]));
  await writeFile(path.join(dir, 'node_modules', 'dep', 'index.js'), '// TODO in a dependency\n');
  await writeFile(path.join(dir, 'build', 'out.js'), '// TODO in build output\n');
  await writeFile(path.join(dir, 'debug.log'), 'TODO in a log\n');
  await mkdir(path.join(dir, 'src', 'nested'));
  await writeFile(path.join(dir, 'src', 'nested', '.gitignore'), 'secret.ts\n');
  await writeFile(path.join(dir, 'src', 'nested', 'secret.ts'), '// TODO hidden by nested gitignore\n');
}

for (const useRipgrep of [true, false]) {
  const name = useRipgrep ? 'ripgrep' : 'the JS fallback';
  test(`grep with ${name}: regex, .gitignore respected, glob and path filters`, async (t) => {
    if (useRipgrep && !(await findRipgrep())) {
      t.skip('rg is not on PATH here');
      return;
    }
    const { dir, cleanup } = await tempDir();
    try {
      await sampleWorkspace(dir);
      const ctx = toolContext(dir, recordingHost().host);
      const all = await grepTool({ pattern: 'TODO' }, ctx, { useRipgrep });
      assert.equal(all.ok, true);
      assert.deepEqual(all.content.split('\n').sort(), [
        'src/auth.ts:2:   return user.length > 0; // TODO harden',
        'src/util.js:2: // TODO later',
      ]);
      const ts = await grepTool({ pattern: 'T[O]DO\\s+\\w+', glob: '*.ts' }, ctx, { useRipgrep });
      assert.equal(ts.content, 'src/auth.ts:2:   return user.length > 0; // TODO harden');
      const inFile = await grepTool({ pattern: 'helper', path: 'src/util.js' }, ctx, { useRipgrep });
      assert.equal(inFile.content, 'src/util.js:1: function helper() { return 1; }');
      assert.equal((await grepTool({ pattern: 'nothing-like-this' }, ctx, { useRipgrep })).content, 'No matches.');
      await assert.rejects(grepTool({ pattern: '(unclosed' }, ctx, { useRipgrep }), /Invalid regular expression/);
      await assert.rejects(grepTool({ pattern: 'x', path: '../' }, ctx, { useRipgrep }), /outside the workspace/);
    } finally {
      await cleanup();
    }
  });

  test(`grep with ${name}: results are capped with a notice`, async (t) => {
    if (useRipgrep && !(await findRipgrep())) {
      t.skip('rg is not on PATH here');
      return;
    }
    const { dir, cleanup } = await tempDir();
    try {
      await writeFile(path.join(dir, 'many.txt'), Array.from({ length: 500 }, (_, i) => `match ${i}`).join('\n'));
      const result = await grepTool({ pattern: 'match' }, toolContext(dir, recordingHost().host), { useRipgrep });
      const lines = result.content.split('\n').filter((l) => l.startsWith('many.txt:'));
      assert.equal(lines.length, GREP_MAX_MATCHES);
      assert.match(result.content, /\[Showing the first 200 matches\. Narrow the pattern, path or glob to see the rest\.\]$/);
    } finally {
      await cleanup();
    }
  });
}

test('tokenizeCode splits camelCase and snake_case', () => {
  assert.deepEqual(tokenizeCode('getUserName(user_id)'), ['getUserName', 'get', 'User', 'Name', 'user', 'id']);
});

test('codebase_search ranks relevant files first, respects .gitignore and follows changes', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await sampleWorkspace(dir);
    await writeFile(path.join(dir, 'src', 'billing.ts'), 'export function computeInvoiceTotal(items) {\n  // invoice total with tax\n  return items.reduce((a, b) => a + b.price, 0);\n}\n');
    const ctx = toolContext(dir, recordingHost().host);
    const first = await runTool('codebase_search', { query: 'invoice total' }, ctx);
    assert.equal(first.ok, true);
    assert.match(first.content, /^1\. src\/billing\.ts:1-5 \(score [\d.]+\)\n\s+1\texport function computeInvoiceTotal/);

    const ignored = await runTool('codebase_search', { query: 'dependency' }, ctx);
    assert.match(ignored.content, /^No results for "dependency"/);

    // A new file and a deleted file are seen by the next search.
    await writeFile(path.join(dir, 'src', 'shipping.ts'), 'export const shippingInvoiceNote = "invoice invoice invoice";\n');
    await rm(path.join(dir, 'src', 'billing.ts'));
    const second = await runTool('codebase_search', { query: 'invoice' }, ctx);
    assert.match(second.content, /^1\. src\/shipping\.ts/);
    assert.doesNotMatch(second.content, /billing/);

    // A file the agent wrote is re-read even if its mtime and size did not change.
    const { writeFile: write } = await import('node:fs/promises');
    await write(path.join(dir, 'src', 'shipping.ts'), 'export const shippingParcelNote = "parcel parcel parcel";\n');
    ctx.searchIndex.markChanged('src/shipping.ts');
    const third = await runTool('codebase_search', { query: 'parcel' }, ctx);
    assert.match(third.content, /^1\. src\/shipping\.ts/);
  } finally {
    await cleanup();
  }
});
