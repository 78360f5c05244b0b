// esbuild options shared by the two Node bundles (bundleAgent.mjs, bundleHost.mjs):
// ESM for Node 20 with code-splitting, so what a file loads lazily (import())
// stays in a chunk of its own and costs nothing until it is used.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * zod re-exports its 64 message locales as `z.locales` (node_modules/zod/v4/locales/index.js),
 * so a bundler keeps all of them: ~300 KB of each bundle, in every agent and host process. English, the only one
 * Offload uses, is imported by zod's schemas directly (classic/schemas.js); `z.locales` keeps `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    const require = createRequire(import.meta.url);
    const localesDir = dirname(require.resolve('zod/v4/locales'));
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      // A name, not a path: esbuild writes it into the bundle, and the build folder is nobody's business.
      args.resolveDir.startsWith(join(localesDir, '..')) ? { path: 'zod/v4/locales/index.js', namespace: 'zod-english-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: localesDir,
    }));
  },
};

export const nodeBundleOptions = {
  plugins: [zodEnglishOnly],
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
