// Loads and runs the full `offload` CLI (bin/offload answers help and the
// version without it). The build puts the compiled CLI under dist/, and an
// esbuild bundle of it (with the host) in dist/src/main/bundle/
// (scripts/bundleHost.mjs), which starts several times faster;
// OFFLOAD_HOST_UNBUNDLED=1 runs the plain tsc output instead.
'use strict';
const { pathToFileURL } = require('node:url');
const { join } = require('node:path');
const { existsSync } = require('node:fs');

exports.loadCli = function loadCli(root) {
  // Node >= 22.1 keeps compiled code on disk between runs; Node 20 has no such function.
  try {
    require('node:module').enableCompileCache?.();
  } catch {
    // a cache that cannot be written only costs speed
  }
  const plain = join(root, 'dist', 'src', 'main', 'cli', 'main.js');
  const bundled = join(root, 'dist', 'src', 'main', 'bundle', 'main.js');
  const entry = existsSync(bundled) && !process.env.OFFLOAD_HOST_UNBUNDLED ? bundled : plain;
  if (!existsSync(entry)) {
    process.stderr.write('offload: the build is missing (dist/). Run `npm install` or `npm run build` in ' + root + '\n');
    process.exit(2);
  }
  import(pathToFileURL(entry).href).catch((error) => {
    process.stderr.write(`offload: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
};
