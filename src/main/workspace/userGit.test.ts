import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { findUserRepo, readUserIndex, statMatchesIndex } from './userGit.js';

function gitRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-usergit-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  for (const rel of ['a.txt', 'sub/deeper/b.txt', 'sub/c.txt', 'very/long/path/name/that/shares/a/prefix/file-one.ts', 'very/long/path/name/that/shares/a/prefix/file-two.ts']) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), `content of ${rel}\n`);
  }
  fs.chmodSync(path.join(dir, 'sub/c.txt'), 0o755);
  git('add', '-A');
  return dir;
}

function lsFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of execFileSync('git', ['ls-files', '-s'], { cwd: dir, encoding: 'utf8' }).trim().split('\n')) {
    const [meta, name] = line.split('\t');
    out.set(name!, meta!.split(' ')[1]!);
  }
  return out;
}

for (const version of ['2', '3', '4']) {
  test(`the user's index (version ${version}) reads as git ls-files sees it`, async (t) => {
    const dir = gitRepo();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // Entries written in the same instant as the index are "racily clean"; age the files first.
    const past = new Date(Date.now() - 60_000);
    for (const rel of lsFiles(dir).keys()) fs.utimesSync(path.join(dir, rel), past, past);
    execFileSync('git', ['update-index', '--refresh', '--index-version', version], { cwd: dir });
    const repo = findUserRepo(dir)!;
    assert.equal(repo.prefix, '');
    assert.equal(repo.blobsAreWorktreeBytes, true);
    const entries = readUserIndex(repo);
    assert.deepEqual(new Map([...entries].map(([p, e]) => [p, e.oid])), lsFiles(dir));
    for (const [rel, e] of entries) assert.ok(statMatchesIndex(e, fs.lstatSync(path.join(dir, rel))), rel);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'changed\n');
    assert.equal(statMatchesIndex(entries.get('a.txt')!, fs.lstatSync(path.join(dir, 'a.txt'))), false);
  });
}

test('a workspace inside a repo sees its own paths; autocrlf turns blob reuse off', async (t) => {
  const dir = gitRepo();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const past = new Date(Date.now() - 60_000);
  for (const rel of lsFiles(dir).keys()) fs.utimesSync(path.join(dir, rel), past, past);
  execFileSync('git', ['update-index', '--refresh'], { cwd: dir });
  const repo = findUserRepo(path.join(dir, 'sub'))!;
  assert.equal(repo.prefix, 'sub');
  assert.deepEqual([...readUserIndex(repo).keys()].sort(), ['c.txt', 'deeper/b.txt']);
  execFileSync('git', ['config', 'core.autocrlf', 'true'], { cwd: dir });
  assert.equal(findUserRepo(dir)!.blobsAreWorktreeBytes, false);
  assert.equal(findUserRepo(os.tmpdir() === '/' ? '/' : path.parse(dir).root), null);
});
