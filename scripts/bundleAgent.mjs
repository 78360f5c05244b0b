// Bundles the compiled agent process (dist/src/agent-process/main.js) into
// dist/agent/ with esbuild, so an agent starts by loading a few files instead of
// hundreds. node-pty stays external: it is a native module. The MCP probe
// (`offload mcp list`) is a second entry that shares the agent's chunks; the
// cloud SDKs are large and only needed by agents of those providers, so they
// load from node_modules.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { nodeBundleOptions } from './bundleOptions.mjs';

rmSync('dist/agent', { recursive: true, force: true });
await build({
  ...nodeBundleOptions,
  entryPoints: ['dist/src/agent-process/main.js', 'dist/src/agent-process/mcpProbe.js'],
  outdir: 'dist/agent', // tools load lazily (agentLoop.ts), so they stay in their own chunks
  external: ['node-pty', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', 'google-auth-library'],
});
