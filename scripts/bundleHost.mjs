// Bundles the compiled CLI and host (dist/src/main/cli/main.js) into
// dist/src/main/bundle/, which bin/offload runs: Node then loads a few files
// instead of ~200, and each command's code (the host, the SDK, the server)
// stays in a lazily loaded chunk, so `offload --help` loads commander and little else.
//
// The output sits at the same depth as dist/src/main/<folder>/ on purpose: the
// host finds the agent bundle, the renderer and package.json by URLs relative
// to its own file (agentEntry.ts, staticFiles.ts, createHost.ts), and those
// stay true from here. node-pty is native; ws's optional speed-ups and
// electron are never bundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { nodeBundleOptions } from './bundleOptions.mjs';
import { renderHelp } from './renderHelp.mjs';

rmSync('dist/src/main/bundle', { recursive: true, force: true });
await build({
  ...nodeBundleOptions,
  // The review's diff worker thread is its own entry, next to the chunk that starts it (workspace/diffWorkerClient.ts).
  // Named entries keep both at the bundle's top level (main.js, diffWorker.js).
  entryPoints: { main: 'dist/src/main/cli/main.js', diffWorker: 'dist/src/main/workspace/diffWorker.js' },
  outdir: 'dist/src/main/bundle',
  external: ['node-pty', 'bufferutil', 'utf-8-validate', 'electron'],
});
// bin/offload prints help and the version from this without loading the bundle.
await renderHelp();
