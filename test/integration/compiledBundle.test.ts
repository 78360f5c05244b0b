// The agent's and the CLI's bundles run with their compiled code cached on
// disk (src/boot/compiledBundle.cts). Each case runs the loader in a real Node
// process, as an agent process or `offload` starts: the second process reads
// the cache the first one wrote; another build, a damaged cache or a folder
// that cannot be written cost speed only, never the run. Then the real built
// agent entry (dist/agent/main.cjs) and bin/offload are each started twice and
// find their caches.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const loader = fileURLToPath(new URL('../../src/boot/compiledBundle.cjs', import.meta.url));
const offloadBin = fileURLToPath(new URL('../../../bin/offload', import.meta.url));
const agentEntry = fileURLToPath(new URL('../../agent/main.cjs', import.meta.url));
const hasBuiltinCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Runs the bundle through the loader in a new process; prints what the bundle printed, then the cache outcome. */
function runBundle(bundle: string, buildId: string, cacheDir: string | null): { lines: string[]; stderr: string; status: number | null } {
  const script = `const r = require(${JSON.stringify(loader)}).runCompiledBundle(${JSON.stringify(bundle)}, ${JSON.stringify(buildId)}, ${JSON.stringify(cacheDir)}); console.log('cache:' + r.cache);`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return { lines: run.stdout.trim().split('\n'), stderr: run.stderr, status: run.status };
}

function workspace(): { dir: string; bundle: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'offload-code-cache-'));
  const bundle = join(dir, 'agent.cjs');
  // Enough code for V8 to have something to cache, and proof that require, module and __dirname work.
  const functions = Array.from({ length: 200 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(
    bundle,
    `${functions}\nconst path = require('node:path');\nmodule.exports.sum = f199(1);\nconsole.log('ran:' + path.basename(__dirname) + ':' + f10(2) + ':' + typeof exports);\n`,
  );
  return { dir, bundle, cacheDir: join(dir, 'cache') };
}

test('the second process runs the bundle from the cache the first one wrote; another build does not read it', { skip: hasBuiltinCache && 'this Node caches compiled code itself (module.enableCompileCache)' }, () => {
  const { dir, bundle, cacheDir } = workspace();
  try {
    const first = runBundle(bundle, 'build1', cacheDir);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(first.lines, [`ran:${join(dir).split('/').pop()}:30:object`, 'cache:miss']);
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    assert.match(files[0]!, new RegExp(`^agent_cjs-build1-${process.versions.v8.replace(/\./g, '\\.')}\\.bin$`));

    const second = runBundle(bundle, 'build1', cacheDir);
    assert.deepEqual(second.lines.slice(-1), ['cache:hit']);
    assert.match(second.lines[0]!, /^ran:.*:30:object$/);

    // Another build (V8 checks only a source's length, so the build's id is what keeps an old cache from being read) compiles afresh and replaces it.
    writeFileSync(bundle, `${'/* pad */'.repeat(3)}console.log('ran:' + 'other');\n`);
    const other = runBundle(bundle, 'build2', cacheDir);
    assert.deepEqual(other.lines, ['ran:other', 'cache:miss']);
    assert.deepEqual(readdirSync(cacheDir).map((f) => f.split('-')[1]), ['build2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged cache, a folder that cannot be written, or the cache turned off: the bundle still runs', { skip: hasBuiltinCache && 'this Node caches compiled code itself' }, () => {
  const { dir, bundle, cacheDir } = workspace();
  try {
    mkdirSync(cacheDir);
    writeFileSync(join(cacheDir, `agent_cjs-b1-${process.versions.v8}.bin`), Buffer.from('not a V8 code cache at all'.repeat(100)));
    const damaged = runBundle(bundle, 'b1', cacheDir);
    assert.equal(damaged.status, 0, damaged.stderr);
    assert.deepEqual(damaged.lines.slice(-1), ['cache:miss']);
    // The damaged file was replaced by a good one.
    assert.deepEqual(runBundle(bundle, 'b1', cacheDir).lines.slice(-1), ['cache:hit']);

    if (process.getuid?.() !== 0) {
      // (root writes anywhere: this case needs an ordinary user)
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const unwritable = runBundle(bundle, 'b1', join(locked, 'cache'));
      assert.equal(unwritable.status, 0, unwritable.stderr);
      assert.deepEqual(unwritable.lines.slice(-1), ['cache:miss']);
    }
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'a file where the cache folder would go');
    const notAFolder = runBundle(bundle, 'b1', join(blocked, 'cache'));
    assert.equal(notAFolder.status, 0, notAFolder.stderr);
    assert.match(notAFolder.lines[0]!, /^ran:/);

    const off = runBundle(bundle, 'b1', null);
    assert.deepEqual(off.lines.slice(-1), ['cache:off']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the built agent entry writes its cache where OFFLOAD_CODE_CACHE_DIR says, and a second start reads it', { skip: (!existsSync(agentEntry) && 'no agent bundle: run the build') || (hasBuiltinCache && 'this Node caches compiled code itself') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-agent-cache-'));
  try {
    // Started with no supervisor, the agent says so and exits 2: its bundle has run by then.
    const start = () => spawnSync(process.execPath, [agentEntry], { encoding: 'utf8', env: { ...process.env, OFFLOAD_CODE_CACHE_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    const first = start();
    assert.equal(first.status, 2);
    assert.match(first.stderr, /must be started by the Offload supervisor/);
    const files = readdirSync(dir);
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    assert.match(files[0]!, /^agent_cjs-[0-9a-f]{16}-.*\.bin$/);
    const written = statSync(join(dir, files[0]!));
    const second = start();
    assert.equal(second.status, 2);
    // Read, not written again (a process that compiled would replace the file: a new inode).
    assert.deepEqual(readdirSync(dir), files);
    assert.equal(statSync(join(dir, files[0]!)).ino, written.ino);
    assert.equal(statSync(join(dir, files[0]!)).mtimeMs, written.mtimeMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with no folder chosen, the cache sits beside the bundle; `off` turns it off', async () => {
  const { codeCacheDir } = (await import(loader)) as { codeCacheDir: (bundle: string, env: Record<string, string>) => string | null };
  assert.equal(codeCacheDir('/opt/offload/dist/agent/agent.cjs', {}), '/opt/offload/dist/agent/.code-cache');
  assert.equal(codeCacheDir('/opt/offload/dist/agent/agent.cjs', { OFFLOAD_CODE_CACHE_DIR: '/var/cache/o' }), '/var/cache/o');
  assert.equal(codeCacheDir('/opt/offload/dist/agent/agent.cjs', { OFFLOAD_CODE_CACHE_DIR: 'off' }), null);
});

test('bin/offload runs the CLI from its cached code on the second start, and says the same', { skip: hasBuiltinCache && 'this Node caches compiled code itself' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-cli-cache-'));
  try {
    mkdirSync(join(dir, 'ws'));
    // `offload list` in an empty workspace: the whole CLI loads, no agent starts.
    const list = () =>
      spawnSync(process.execPath, [offloadBin, 'list', '--json', '--workspace', join(dir, 'ws')], {
        encoding: 'utf8',
        env: { ...process.env, OFFLOAD_HOME: join(dir, 'home'), OFFLOAD_CODE_CACHE_DIR: join(dir, 'cache') },
      });
    const first = list();
    assert.equal(first.status, 0, first.stderr);
    const files = readdirSync(join(dir, 'cache'));
    assert.equal(files.length, 1, `one cache file: ${files.join(', ')}`);
    assert.match(files[0]!, /^main_cjs-[0-9a-f]{16}-.*\.bin$/);
    const written = statSync(join(dir, 'cache', files[0]!));
    const second = list();
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(statSync(join(dir, 'cache', files[0]!)).ino, written.ino, 'read, not written again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
