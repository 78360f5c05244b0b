// `offload mcp list` and Settings' MCP section: a short-lived process that
// starts each MCP server exactly as an agent would (same client, same
// time-outs, same environment rules), lists its tools, stops every server and
// prints one JSON array of McpServerReport on stdout. It is a separate process
// so the host never imports the agent's code, and the servers are its
// children, gone when it ends.
//
// Input (stdin): {"servers": McpServerEntry[], "policy": McpPolicy, "workspace": string, "toolCacheFile"?: string}
// With toolCacheFile, what each server lists is remembered there, as an agent remembers it.

import type { McpPolicy, McpServerEntry } from '../shared/mcp.js';
import { McpManager } from './mcp/mcpManager.js';
import { writeCachedTools } from './mcp/mcpToolCache.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const input = JSON.parse(await readStdin()) as { servers: McpServerEntry[]; policy: McpPolicy; workspace: string; toolCacheFile?: string };
const cacheFile = input.toolCacheFile;
const manager = new McpManager({
  servers: input.servers,
  policy: input.policy,
  workspace: input.workspace,
  ...(cacheFile ? { onListed: (entry: McpServerEntry, tools: Parameters<typeof writeCachedTools>[2]) => writeCachedTools(cacheFile, entry, tools) } : {}),
});
process.on('exit', () => manager.killNow());
await manager.start();
const reports = manager.reports();
await Promise.race([manager.close(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
process.stdout.write(JSON.stringify(reports) + '\n', () => process.exit(0));
