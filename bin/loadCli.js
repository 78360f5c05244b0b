// Loads and runs the full `offload` CLI (bin/offload answers help and the
// version without it). The build puts the compiled CLI under dist/, and an
// esbuild bundle of it (with the host) in dist/src/main/bundle/main.cjs
// (scripts/bundleHost.mjs), which starts several times faster;
// OFFLOAD_HOST_UNBUNDLED=1 runs the plain tsc output instead.
'use strict';
const { pathToFileURL } = require('node:url');
const { join } = require('node:path');
const { existsSync, readFileSync } = require('node:fs');

exports.loadCli = function loadCli(root) {
  const plain = join(root, 'dist', 'src', 'main', 'cli', 'main.js');
  const bundled = join(root, 'dist', 'src', 'main', 'bundle', 'main.cjs');
  if (existsSync(bundled) && !process.env.OFFLOAD_HOST_UNBUNDLED) {
    // `offload run`: its first agent's process starts now, and boots while the CLI and host load.
    if (process.argv[2] === 'run') {
      try {
        require(join(root, 'dist', 'src', 'main', 'bundle', 'earlyAgent.cjs')).forkFirstAgentEarly(process.argv.slice(2));
      } catch {
        // only a head start
      }
    }
    // One CommonJS file, its compiled code cached on disk (src/boot/compiledBundle.cts).
    const { runCompiledBundle } = require(join(root, 'dist', 'src', 'boot', 'compiledBundle.cjs'));
    runCompiledBundle(bundled, readFileSync(bundled + '.id', 'utf8').trim());
    return;
  }
  // Node >= 22.1 keeps compiled code on disk between runs; Node 20 has no such function.
  try {
    require('node:module').enableCompileCache?.();
  } catch {
    // a cache that cannot be written only costs speed
  }
  if (!existsSync(plain)) {
    process.stderr.write('offload: the build is missing (dist/). Run `npm install` or `npm run build` in ' + root + '\n');
    process.exit(2);
  }
  import(pathToFileURL(plain).href).catch((error) => {
    process.stderr.write(`offload: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
};
