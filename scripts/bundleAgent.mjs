// Bundles the compiled agent process (dist/src/agent-process/main.js) into
// dist/agent/ with esbuild, so an agent starts by loading a few files instead of
// hundreds. node-pty stays external: it is a native module.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/agent', { recursive: true, force: true });
await build({
  entryPoints: ['dist/src/agent-process/main.js'],
  outdir: 'dist/agent',
  bundle: true,
  splitting: true, // tools load lazily (agentLoop.ts), so they stay in their own chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['node-pty'],
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies call require(); ESM output needs one made for it.
  banner: { js: "import { createRequire as __offloadCreateRequire } from 'node:module'; const require = __offloadCreateRequire(import.meta.url);" },
});
