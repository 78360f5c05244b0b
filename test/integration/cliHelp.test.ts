// `offload --help` and `--version` (issue 11): bin/offload prints them from
// the help the build rendered (scripts/renderHelp.mjs) without loading the CLI.
// What a person sees must be exactly what the full CLI prints, for every
// command and every way of asking, with the same exit code; and a build whose
// CLI changed since the help was rendered must not print stale help.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { OFFLOAD_BIN, REPO_ROOT } from './cliHelpers.js';

const FULL_CLI = join(REPO_ROOT, 'dist', 'src', 'main', 'cli', 'main.js');
const PROGRAM = join(REPO_ROOT, 'dist', 'src', 'main', 'cli', 'program.js');
const RENDERED = join(REPO_ROOT, 'dist', 'src', 'main', 'cli', 'help.json');

interface Printed {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Printed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every command path the CLI has ('' is the program), as the build rendered them. */
function commandPaths(): string[] {
  return Object.keys(JSON.parse(readFileSync(RENDERED, 'utf8')).texts as Record<string, string>);
}

test('every command`s --help from bin/offload is the full CLI`s, exit 0; -h and `help COMMAND` print the same', async () => {
  const paths = commandPaths();
  assert.ok(paths.includes('') && paths.includes('run') && paths.includes('mcp list'), `rendered: ${paths.join(', ')}`);
  for (const path of paths) {
    const words = path ? path.split(' ') : [];
    const full = await runNode([FULL_CLI, ...words, '--help']);
    assert.equal(full.code, 0, `full CLI: ${path} --help`);
    assert.match(full.stdout, /^Usage: offload/);
    const quick = await runNode([OFFLOAD_BIN, ...words, '--help']);
    assert.deepEqual(quick, full, `offload ${path} --help`);
    assert.deepEqual(await runNode([OFFLOAD_BIN, ...words, '-h']), full, `offload ${path} -h`);
    // commander's help command: on the program and on commands with subcommands.
    if (words.length <= 1 && paths.some((p) => p !== path && p.startsWith(path ? path + ' ' : ''))) {
      assert.deepEqual(await runNode([OFFLOAD_BIN, ...words, 'help']), full, `offload ${path} help`);
    }
    if (words.length >= 1) {
      const helpForm = [...words.slice(0, -1), 'help', words[words.length - 1]!];
      assert.deepEqual(await runNode([OFFLOAD_BIN, ...helpForm]), full, `offload ${helpForm.join(' ')}`);
      assert.deepEqual(await runNode([FULL_CLI, ...helpForm]), full, `full CLI: ${helpForm.join(' ')}`);
    }
  }
});

test('`offload help` exits 0 in the full CLI too (it used to exit 2, as bad usage)', async () => {
  const full = await runNode([FULL_CLI, 'help']);
  assert.equal(full.code, 0, full.stderr);
  assert.match(full.stdout, /^Usage: offload \[options\] \[command\]/);
});

test('--version and -V print the package version, as the full CLI does', async () => {
  const version = String(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  for (const flag of ['--version', '-V']) {
    const quick = await runNode([OFFLOAD_BIN, flag]);
    assert.deepEqual(quick, { code: 0, stdout: version + '\n', stderr: '' });
    assert.deepEqual(await runNode([FULL_CLI, flag]), quick);
  }
});

test('an unknown command with --help is answered by the full CLI', async () => {
  const unknown = await runNode([OFFLOAD_BIN, 'frobnicate', '--help']);
  assert.deepEqual(unknown, await runNode([FULL_CLI, 'frobnicate', '--help']));
});

test('bin/offload prints the rendered help only while the CLI is the one it was rendered from', async () => {
  // A copy of the package's entry points whose rendered help is marked, beside the real bundle.
  const root = mkdtempSync(join(tmpdir(), 'offload-help-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'dist', 'src', 'main', 'cli'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
    for (const file of ['offload', 'loadCli.js', 'package.json']) copyFileSync(join(REPO_ROOT, 'bin', file), join(root, 'bin', file));
    symlinkSync(join(REPO_ROOT, 'dist', 'src', 'main', 'bundle'), join(root, 'dist', 'src', 'main', 'bundle'));
    symlinkSync(join(REPO_ROOT, 'dist', 'src', 'boot'), join(root, 'dist', 'src', 'boot')); // the bundle's loader
    const program = join(root, 'dist', 'src', 'main', 'cli', 'program.js');
    copyFileSync(PROGRAM, program);
    const rendered = JSON.parse(readFileSync(RENDERED, 'utf8')) as { texts: Record<string, string> };
    rendered.texts[''] = 'RENDERED HELP\n';
    writeFileSync(join(root, 'dist', 'src', 'main', 'cli', 'help.json'), JSON.stringify(rendered));
    const bin = join(root, 'bin', 'offload');

    assert.deepEqual(await runNode([bin, '--help']), { code: 0, stdout: 'RENDERED HELP\n', stderr: '' });
    // Other flags beside --help: the full CLI answers.
    const withFlag = await runNode([bin, '--help', '--json']);
    assert.notEqual(withFlag.stdout, 'RENDERED HELP\n');
    // Rewritten with the same bytes (tsc again): still the rendered help.
    writeFileSync(program, readFileSync(PROGRAM));
    assert.equal((await runNode([bin, '--help'])).stdout, 'RENDERED HELP\n');
    // The CLI changed since (other bytes): the full CLI answers, with the real help.
    writeFileSync(program, readFileSync(PROGRAM, 'utf8') + '\n// rebuilt\n');
    const fresh = await runNode([bin, '--help']);
    assert.equal(fresh.code, 0, fresh.stderr);
    assert.match(fresh.stdout, /^Usage: offload \[options\] \[command\]/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
