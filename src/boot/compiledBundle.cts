// Runs a CommonJS bundle with V8's code cache kept on disk, so a process after
// the first skips compiling it (issue 11: compiling the agent's 1.9 MB bundle
// was most of an agent's cold start on Node 20, measured in bench/agentStart,
// and compiling the CLI and host was ~15% of `offload run`'s host work).
// Used by the agent process (agent-process/boot/main.cts) and bin/offload.
//
// Node >= 22.1 has this built in (module.enableCompileCache, which Electron's
// Node has): there we only turn it on and require() the bundle. Node 20 has no
// such function, so we do what it does, with vm.Script's `cachedData`:
// https://nodejs.org/docs/latest-v20.x/api/vm.html#new-vmscriptcode-options
// The docs' warnings, and what we do about them:
// - V8 checks a cache only against the source's length, V8's version and its
//   flags, not the source's text; a cache of another build of the same length
//   would be taken. The file's name holds the bundle's content hash (made at
//   build time), so another build never reads it.
// - A rejected cache (`cachedDataRejected`: other flags or V8) is replaced.
// - The cache is code that runs as this process: it lives beside the bundle
//   (never a shared /tmp), and a cache that cannot be read or written only
//   costs speed.

import { createRequire } from 'node:module';
import nodeModule from 'node:module';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';

export interface BundleRun {
  /** 'builtin' (Node's own compile cache), 'hit', 'miss' (compiled; a cache is written), 'off' (no cache folder). */
  readonly cache: 'builtin' | 'hit' | 'miss' | 'off';
}

/**
 * Where a bundle's compiled code is kept: OFFLOAD_CODE_CACHE_DIR (`off`: nowhere),
 * else a `.code-cache` folder beside the bundle, as Python keeps __pycache__:
 * the cache is as trusted as the code it was made from, belongs to whoever
 * installed it, and an install the user cannot write to simply has none.
 */
export function codeCacheDir(bundlePath: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const chosen = env.OFFLOAD_CODE_CACHE_DIR;
  if (chosen === 'off') return null;
  return chosen || join(dirname(bundlePath), '.code-cache');
}

/** How long after start the cache is written: the start's own functions are compiled by then and go in too. */
const SAVE_AFTER_MS = 1_000;

/**
 * Runs `bundlePath` (CommonJS) as this process's code. `buildId` names the
 * bundle's content (its hash), so a cache is only ever read by the build that wrote it.
 */
export function runCompiledBundle(bundlePath: string, buildId: string, cacheDir: string | null = codeCacheDir(bundlePath)): BundleRun {
  const builtin = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof builtin === 'function') {
    try {
      builtin();
    } catch {
      // a cache that cannot be written only costs speed
    }
    createRequire(__filename)(bundlePath);
    return { cache: 'builtin' };
  }

  const source = readFileSync(bundlePath, 'utf8');
  const name = basename(bundlePath).replace(/\W/g, '_');
  const cacheFile = cacheDir ? join(cacheDir, `${name}-${buildId}-${process.versions.v8}.bin`) : null;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // none yet: this process writes it
    }
  }
  // The same wrapper Node gives a CommonJS file, on the source's first line so its line numbers stay true.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, {
    filename: bundlePath,
    cachedData,
    // The build turns the bundle's import() calls into require(); any left would load as they would from a file.
    importModuleDynamically: vmConstants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const hit = cachedData !== undefined && !script.cachedDataRejected;
  // Before the bundle runs: a process that ends in its first tick (process.exit) still leaves its cache.
  if (cacheFile && !hit) scheduleSave(script, cacheFile, name, buildId);
  const module = { exports: {} };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  return { cache: !cacheFile ? 'off' : hit ? 'hit' : 'miss' };
}

function scheduleSave(script: Script, cacheFile: string, name: string, buildId: string): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    try {
      const dir = dirname(cacheFile);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Other builds' caches of this bundle are of no more use (this build's, for another V8 or in the
      // middle of being written by another process, are left alone).
      for (const file of readdirSync(dir)) {
        if (file.startsWith(`${name}-`) && file.endsWith('.bin') && !file.startsWith(`${name}-${buildId}-`)) rmSync(join(dir, file), { force: true });
      }
      // Written whole, then renamed: a process reading at the same time sees all of it or none.
      const partial = `${cacheFile}.${process.pid}.partial`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cacheFile);
    } catch {
      // a cache that cannot be written only costs speed
    }
  };
  setTimeout(save, SAVE_AFTER_MS).unref();
  process.once('exit', save);
}
