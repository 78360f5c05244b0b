// Bundles the compiled agent process (dist/src/agent-process/main.js) with
// esbuild, so an agent starts by loading two files instead of hundreds:
// - dist/agent/agent.cjs: the whole agent, one CommonJS file, so its compiled
//   code can be cached on disk on every Node (boot/compiledBundle.cts): that
//   compile was most of a cold start (issue 11, bench/agentStart).
// - dist/agent/main.cjs: the entry the supervisor launches; it runs agent.cjs
//   and knows it by its content hash.
// node-pty stays external: it is a native module. The cloud SDKs are large and
// only needed by agents of those providers, so they load from node_modules.
// The MCP probe (`offload mcp list`) is its own ES module bundle.
// The globals `Headers`, `FormData` and `globalThis.ReadableStream` are
// replaced in the agent's bundle by the ponyfills of src/agent-process/fetchGlobals.ts:
// Node's are undici's, which loads whole on first touch (issue 11, see nodeHttpFetch.ts).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { nodeBundleOptions } from './bundleOptions.mjs';

const external = ['node-pty', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk', 'google-auth-library'];
const commonJs = {
  ...nodeBundleOptions,
  splitting: false,
  format: 'cjs',
  banner: {},
  // import() of a package becomes require(): a script compiled by vm.Script has no ES module loader to call.
  supported: { 'dynamic-import': false },
  external,
};

rmSync('dist/agent', { recursive: true, force: true });
await build({
  ...commonJs,
  entryPoints: ['dist/src/agent-process/main.js'],
  outfile: 'dist/agent/agent.cjs',
  inject: ['dist/src/agent-process/fetchGlobals.js'],
  define: { 'globalThis.ReadableStream': '__agentReadableStream' },
});
const bundleId = createHash('sha256').update(readFileSync('dist/agent/agent.cjs')).digest('hex').slice(0, 16);
await build({
  ...commonJs,
  entryPoints: ['dist/src/agent-process/boot/main.cjs'],
  outfile: 'dist/agent/main.cjs',
  define: { AGENT_BUNDLE_ID: JSON.stringify(bundleId) },
});
await build({ ...nodeBundleOptions, entryPoints: ['dist/src/agent-process/mcpProbe.js'], outdir: 'dist/agent', external });
