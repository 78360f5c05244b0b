// Bundles the compiled CLI and host (dist/src/main/cli/main.js) into
// dist/src/main/bundle/, which bin/offload runs: Node then loads one file
// instead of ~200.
// - main.cjs: the CLI and host as one CommonJS file, so bin/offload can run it
//   with its compiled code cached on disk on every Node (src/boot/compiledBundle.cts):
//   compiling it was ~15% of a one-request `offload run`'s host work (issue 11).
//   Each command's code still runs only when the command does (import() becomes
//   a lazy require). main.cjs.id names its content, so a cache is never read by another build.
// - earlyAgent.cjs: forks `offload run`'s first agent before main.cjs loads (cli/earlyAgent.ts).
// - diffWorker.js: the review's diff worker thread (workspace/diffWorkerClient.ts), an ES module.
//
// The output sits at the same depth as dist/src/main/<folder>/ on purpose: the
// host finds the agent bundle, the renderer and package.json by URLs relative
// to its own file (agentEntry.ts, staticFiles.ts, createHost.ts), and those
// stay true from here. node-pty is native; ws's optional speed-ups and
// electron are never bundled.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { nodeBundleOptions } from './bundleOptions.mjs';
import { renderHelp } from './renderHelp.mjs';

const external = ['node-pty', 'bufferutil', 'utf-8-validate', 'electron'];
rmSync('dist/src/main/bundle', { recursive: true, force: true });
await build({
  ...nodeBundleOptions,
  splitting: false,
  format: 'cjs',
  entryPoints: ['dist/src/main/cli/main.js'],
  outfile: 'dist/src/main/bundle/main.cjs',
  external,
  // import() of a package becomes require(): a script compiled by vm.Script has no ES module loader to call.
  supported: { 'dynamic-import': false },
  // The code finds files beside it by import.meta.url; a CommonJS file has __filename.
  define: { 'import.meta.url': '__offloadImportMetaUrl' },
  banner: { js: "var __offloadImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const bundleId = createHash('sha256').update(readFileSync('dist/src/main/bundle/main.cjs')).digest('hex').slice(0, 16);
writeFileSync('dist/src/main/bundle/main.cjs.id', bundleId + '\n');
// earlyAgent.cjs: what bin/loadCli.js runs before main.cjs for `offload run`, to fork the first agent
// while the host loads (cli/earlyAgent.ts); a few KB, so it loads in no time without a code cache.
await build({
  ...nodeBundleOptions,
  splitting: false,
  format: 'cjs',
  entryPoints: ['dist/src/main/cli/earlyAgent.js'],
  outfile: 'dist/src/main/bundle/earlyAgent.cjs',
  external,
  define: { 'import.meta.url': '__offloadImportMetaUrl' },
  banner: { js: "var __offloadImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...nodeBundleOptions, entryPoints: { diffWorker: 'dist/src/main/workspace/diffWorker.js' }, outdir: 'dist/src/main/bundle', external });
// bin/offload prints help and the version from this without loading the bundle.
await renderHelp();
