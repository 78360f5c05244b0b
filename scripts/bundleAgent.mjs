// Bundles the compiled agent process (dist/src/agent-process/main.js) into
// dist/agent/ with esbuild, so an agent starts by loading a few files instead of
// hundreds. node-pty stays external: it is a native module.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist/agent', { recursive: true, force: true });
await build({
  // The MCP probe (offload mcp list) shares the agent's chunks.
  entryPoints: ['dist/src/agent-process/main.js', 'dist/src/agent-process/mcpProbe.js'],
  outdir: 'dist/agent',
  bundle: true,
  splitting: true, // tools load lazily (agentLoop.ts), so they stay in their own chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The cloud SDKs are large and only needed by agents of those providers: loaded from node_modules.
  external: ['node-pty', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', 'google-auth-library'],
  sourcemap: true,
  logLevel: 'warning',
  // CommonJS dependencies call require(); ESM output needs one made for it.
  banner: { js: "import { createRequire as __offloadCreateRequire } from 'node:module'; const require = __offloadCreateRequire(import.meta.url);" },
});
