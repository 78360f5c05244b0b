import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, link, readFile, rm, stat, symlink, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { recordingHost, tempDir, toolContext, DEFAULT_TEST_OPTIONS } from '../testHelpers.js';
import { runTool } from './index.js';
import { READ_MAX_LINES } from './readFile.js';

test('read_file numbers lines and honours offset and limit', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeFile(path.join(dir, 'a.txt'), 'one\ntwo\nthree\nfour\n');
    const ctx = toolContext(dir, recordingHost().host);
    const all = await runTool('read_file', { path: 'a.txt' }, ctx);
    assert.equal(all.ok, true);
    assert.equal(all.content, '     1\tone\n     2\ttwo\n     3\tthree\n     4\tfour');
    const part = await runTool('read_file', { path: 'a.txt', offset: 2, limit: 2 }, ctx);
    assert.equal(part.content, '     2\ttwo\n     3\tthree\n\n[Showing lines 2-3 of 4 (stopped at the limit of 2 lines). Read more with offset=4.]');
    const past = await runTool('read_file', { path: 'a.txt', offset: 10 }, ctx);
    assert.equal(past.ok, false);
    assert.match(past.content, /has 4 lines, so offset 10 is past its end/);
  } finally {
    await cleanup();
  }
});

test('read_file caps a huge file and says how to read more', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`);
    await writeFile(path.join(dir, 'big.txt'), lines.join('\n'));
    const result = await runTool('read_file', { path: 'big.txt' }, toolContext(dir, recordingHost().host));
    assert.equal(result.ok, true);
    const shown = result.content.split('\n').filter((l) => /^\s+\d+\t/.test(l));
    assert.equal(shown.length, READ_MAX_LINES);
    assert.match(result.content, /\[Showing lines 1-2000 of 5000 \(stopped at the limit of 2000 lines\)\. Read more with offset=2001\.\]$/);

    // Long lines hit the byte cap first.
    await writeFile(path.join(dir, 'wide.txt'), Array.from({ length: 600 }, () => 'x'.repeat(1000)).join('\n'));
    const wide = await runTool('read_file', { path: 'wide.txt' }, toolContext(dir, recordingHost().host));
    assert.ok(wide.content.length < 270 * 1024);
    assert.match(wide.content, /stopped at the 256 KB limit of one read\)\. Read more with offset=\d+\.\]$/);
  } finally {
    await cleanup();
  }
});

test('read_file refuses binary files, folders and missing files clearly', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeFile(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await mkdir(path.join(dir, 'sub'));
    const ctx = toolContext(dir, recordingHost().host);
    const png = await runTool('read_file', { path: 'image.png' }, ctx);
    assert.deepEqual([png.ok, png.content], [false, '"image.png" looks like a binary file (it has NUL bytes or is not valid UTF-8), so it cannot be shown as text.']);
    assert.match((await runTool('read_file', { path: 'latin1.txt' }, ctx)).content, /looks like a binary file/);
    assert.match((await runTool('read_file', { path: 'sub' }, ctx)).content, /"sub" is a directory\. Use list_dir/);
    assert.match((await runTool('read_file', { path: 'nope.txt' }, ctx)).content, /File not found: "nope.txt"/);
    assert.match((await runTool('read_file', { path: '../x' }, ctx)).content, /outside the workspace/);
  } finally {
    await cleanup();
  }
});

test('write_file takes the write lease first, creates folders and reports the change', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host, log } = recordingHost();
    const ctx = toolContext(dir, host, { step: 7 });
    const result = await runTool('write_file', { path: 'src/new/file.ts', content: 'export const x = 1;\n' }, ctx);
    assert.deepEqual(result, { ok: true, content: 'Created src/new/file.ts (1 lines, 20 bytes).', changedPaths: ['src/new/file.ts'] });
    assert.equal(await readFile(path.join(dir, 'src/new/file.ts'), 'utf8'), 'export const x = 1;\n');
    assert.deepEqual(log.writes, [
      { phase: 'before', intent: { paths: ['src/new/file.ts'], step: 7 } },
      { phase: 'after', intent: { paths: ['src/new/file.ts'], step: 7 } },
    ]);
    const again = await runTool('write_file', { path: 'src/new/file.ts', content: 'y' }, ctx);
    assert.match(again.content, /^Overwrote src\/new\/file.ts/);
  } finally {
    await cleanup();
  }
});

test('a write lease conflict becomes a tool error naming the other agent, and nothing is written', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeFile(path.join(dir, 'shared.ts'), 'old');
    const ctx = toolContext(dir, recordingHost({ conflictOn: 'shared.ts' }).host);
    const result = await runTool('write_file', { path: 'shared.ts', content: 'new' }, ctx);
    assert.equal(result.ok, false);
    assert.match(result.content, /"shared.ts" is being changed by agent brave-otter\. Work on other files/);
    assert.equal(await readFile(path.join(dir, 'shared.ts'), 'utf8'), 'old');
    const edit = await runTool('edit_file', { path: 'shared.ts', old_string: 'old', new_string: 'new' }, ctx);
    assert.match(edit.content, /brave-otter/);
  } finally {
    await cleanup();
  }
});

test('writes outside the scope are refused before the host is asked', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host, log } = recordingHost();
    const ctx = toolContext(dir, host, { options: { ...DEFAULT_TEST_OPTIONS, scope: ['src/**'] } });
    const result = await runTool('write_file', { path: 'package.json', content: '{}' }, ctx);
    assert.equal(result.ok, false);
    assert.match(result.content, /Writing "package.json" is outside this agent's scope \(src\/\*\*\)/);
    assert.equal(log.writes.length, 0);
    assert.equal((await runTool('write_file', { path: 'src/ok.ts', content: '' }, ctx)).ok, true);
  } finally {
    await cleanup();
  }
});

test('edit_file: exactly one match, clear errors for none or several, replace_all, file mode kept', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const file = path.join(dir, 'run.sh');
    await writeFile(file, '#!/bin/sh\necho one\necho two\necho one\n');
    await chmod(file, 0o755);
    const ctx = toolContext(dir, recordingHost().host);

    const none = await runTool('edit_file', { path: 'run.sh', old_string: 'echo three', new_string: 'x' }, ctx);
    assert.equal(none.ok, false);
    assert.match(none.content, /old_string was not found in "run.sh"\. It must match the file exactly/);

    const many = await runTool('edit_file', { path: 'run.sh', old_string: 'echo one', new_string: 'echo 1' }, ctx);
    assert.equal(many.ok, false);
    assert.match(many.content, /old_string matches 2 places in "run.sh"\. Include more surrounding lines .* or set replace_all to true/);

    const once = await runTool('edit_file', { path: 'run.sh', old_string: 'echo two', new_string: 'echo $& 2' }, ctx);
    assert.deepEqual(once, { ok: true, content: 'Edited run.sh: replaced 1 occurrence.', changedPaths: ['run.sh'] });
    assert.equal(await readFile(file, 'utf8'), '#!/bin/sh\necho one\necho $& 2\necho one\n');

    const all = await runTool('edit_file', { path: 'run.sh', old_string: 'echo one', new_string: 'echo 1', replace_all: true }, ctx);
    assert.equal(all.content, 'Edited run.sh: replaced 2 occurrences.');
    assert.equal(await readFile(file, 'utf8'), '#!/bin/sh\necho 1\necho $& 2\necho 1\n');
    assert.equal((await stat(file)).mode & 0o777, 0o755);

    assert.match((await runTool('edit_file', { path: 'run.sh', old_string: '', new_string: 'x' }, ctx)).content, /old_string is empty/);
    assert.match((await runTool('edit_file', { path: 'run.sh', old_string: 'a', new_string: 'a' }, ctx)).content, /are the same/);
    assert.match((await runTool('edit_file', { path: 'missing.ts', old_string: 'a', new_string: 'b' }, ctx)).content, /File not found: "missing.ts"\. To create a new file, use write_file/);
  } finally {
    await cleanup();
  }
});

test('edit_file matches "\\n" in files with Windows line endings', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await writeFile(path.join(dir, 'w.txt'), 'a\r\nb\r\nc\r\n');
    const result = await runTool('edit_file', { path: 'w.txt', old_string: 'a\nb', new_string: 'A\nB' }, toolContext(dir, recordingHost().host));
    assert.equal(result.ok, true);
    assert.equal(await readFile(path.join(dir, 'w.txt'), 'utf8'), 'A\r\nB\r\nc\r\n');
  } finally {
    await cleanup();
  }
});

test('unknown tools and malformed input are tool errors the model can read', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const ctx = toolContext(dir, recordingHost().host);
    const unknown = await runTool('delete_everything', {}, ctx);
    assert.equal(unknown.ok, false);
    assert.match(unknown.content, /There is no tool named "delete_everything"\. The tools are: read_file, write_file/);
    const bad = await runTool('read_file', { path: 42 }, ctx);
    assert.equal(bad.ok, false);
    assert.match(bad.content, /^Invalid input for read_file: "path": /);
    const missing = await runTool('edit_file', { path: 'a' }, ctx);
    assert.match(missing.content, /"old_string"/);
    assert.match((await runTool('write_file', 'not an object', ctx)).content, /Invalid input for write_file/);
  } finally {
    await cleanup();
  }
});

test('list_dir lists folders first with sizes, and refuses files', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'b.txt'), 'hello');
    await writeFile(path.join(dir, 'a.txt'), '');
    const ctx = toolContext(dir, recordingHost().host);
    const result = await runTool('list_dir', {}, ctx);
    assert.equal(result.content, './ (3 entries)\nsrc/\na.txt (0 B)\nb.txt (5 B)');
    assert.equal((await runTool('list_dir', { path: 'src' }, ctx)).content, 'src/ is empty.');
    assert.match((await runTool('list_dir', { path: 'b.txt' }, ctx)).content, /is a file, not a folder/);
  } finally {
    await cleanup();
  }
});

test('write_file and edit_file refuse .git (a config there could make git status run a program)', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, '.git', 'config'), '[core]\n');
    await mkdir(path.join(dir, 'sub'));
    const { host, log } = recordingHost();
    const ctx = toolContext(dir, host);
    for (const target of ['.git/config', '.git/hooks/pre-commit', 'sub/.git', 'sub/.GIT/config', './sub/../.git/config', '.git./config']) {
      const result = await runTool('write_file', { path: target, content: '[core]\n\tfsmonitor = rm -rf x\n' }, ctx);
      assert.equal(result.ok, false, target);
      assert.match(result.content, /is refused: files inside \.git/, target);
    }
    const edit = await runTool('edit_file', { path: '.git/config', old_string: '[core]', new_string: '[core]\n\tfsmonitor = x' }, ctx);
    assert.match(edit.content, /is refused: files inside \.git/);
    assert.equal(await readFile(path.join(dir, '.git', 'config'), 'utf8'), '[core]\n');
    assert.equal(log.writes.length, 0);
    // A link into .git is refused too: the real path is what counts.
    await symlink(path.join(dir, '.git'), path.join(dir, 'meta'));
    assert.match((await runTool('write_file', { path: 'meta/config', content: 'x' }, ctx)).content, /files inside \.git/);
    // .gitignore and .github are ordinary files.
    assert.equal((await runTool('write_file', { path: '.gitignore', content: 'dist\n' }, ctx)).ok, true);
    assert.equal((await runTool('write_file', { path: '.github/workflows/ci.yml', content: 'on: push\n' }, ctx)).ok, true);
  } finally {
    await cleanup();
  }
});

test('a file swapped for a symlink after the check is not written through (no write outside the workspace)', async () => {
  const { dir, cleanup } = await tempDir();
  const { dir: outside, cleanup: cleanOutside } = await tempDir();
  try {
    await writeFile(path.join(dir, 'a.txt'), 'inside');
    await writeFile(path.join(outside, 'secret.txt'), 'outside');
    const { host } = recordingHost();
    // The swap happens in beforeWrite, i.e. after resolveForWrite checked the path.
    const swapping = {
      ...host,
      beforeWrite: async (intent: Parameters<typeof host.beforeWrite>[0]) => {
        await rm(path.join(dir, 'a.txt'));
        await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'a.txt'));
        return host.beforeWrite(intent);
      },
    };
    const result = await runTool('write_file', { path: 'a.txt', content: 'pwned' }, toolContext(dir, swapping));
    assert.equal(result.ok, false);
    assert.match(result.content, /became a symbolic link while it was being written; nothing was written/);
    assert.equal(await readFile(path.join(outside, 'secret.txt'), 'utf8'), 'outside');

    // Same for a folder swapped for a link out of the workspace.
    await mkdir(path.join(dir, 'sub'));
    const folderSwap = {
      ...host,
      beforeWrite: async (intent: Parameters<typeof host.beforeWrite>[0]) => {
        await rm(path.join(dir, 'sub'), { recursive: true });
        await symlink(outside, path.join(dir, 'sub'));
        return host.beforeWrite(intent);
      },
    };
    const second = await runTool('write_file', { path: 'sub/new.txt', content: 'pwned' }, toolContext(dir, folderSwap));
    assert.equal(second.ok, false);
    assert.match(second.content, /changed into a link out of the workspace; nothing was written/);
    await assert.rejects(readFile(path.join(outside, 'new.txt')));

    // A hard link to a file outside is not written through either.
    await rm(path.join(dir, 'sub'));
    await link(path.join(outside, 'secret.txt'), path.join(dir, 'hard.txt'));
    const third = await runTool('write_file', { path: 'hard.txt', content: 'pwned' }, toolContext(dir, host));
    assert.match(third.content, /"hard.txt" has other hard links/);
    assert.equal(await readFile(path.join(outside, 'secret.txt'), 'utf8'), 'outside');
  } finally {
    await cleanup();
    await cleanOutside();
  }
});
