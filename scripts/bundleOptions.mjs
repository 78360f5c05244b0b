// esbuild options shared by the two Node bundles (bundleAgent.mjs, bundleHost.mjs):
// ESM for Node 20 with code-splitting, so what a file loads lazily (import())
// stays in a chunk of its own and costs nothing until it is used.
export const nodeBundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies call require(); ESM output needs one made for it.
  banner: { js: "import { createRequire as __offloadCreateRequire } from 'node:module'; const require = __offloadCreateRequire(import.meta.url);" },
};
