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
  // Whitespace and comments out, names kept (stack traces and class names read
  // as in the source): V8 keeps every loaded file's source in the heap, so this
  // saves ~5 MB of an idle agent's memory and parse time at every start
  // (issue 11, bench/agentStart.ts).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'external', // licence notices go to .LEGAL.txt files beside the chunks
  logLevel: 'warning',
  // CommonJS dependencies call require(); ESM output needs one made for it.
  banner: { js: "import { createRequire as __offloadCreateRequire } from 'node:module'; const require = __offloadCreateRequire(import.meta.url);" },
};
