// `offload mcp list [--json]`: each MCP server of the workspace and the user,
// its status (connected, failed, untrusted) and its tools as the agent names
// them (mcp__SERVER__TOOL). Exit 0 when every started server connected, 1 when one failed.

import { EXIT_FAILED, EXIT_OK } from '../app/exitCodes.js';
import type { CommandContext } from './agentCommands.js';

export async function mcpListCommand(ctx: CommandContext): Promise<number> {
  const servers = await ctx.session.client.call.listMcpServers();
  if (ctx.json) {
    ctx.output.out(JSON.stringify(servers, null, 2));
  } else if (servers.length === 0) {
    ctx.note('No MCP servers are configured. Add them under "mcpServers" in .offload/mcp.json or your settings file.');
  } else {
    for (const server of servers) {
      ctx.output.out(`${server.name} (${server.source}, ${server.transport}: ${server.target}): ${server.status}${server.error ? ` - ${server.error}` : ''}`);
      for (const tool of server.tools) {
        ctx.output.out(`  ${tool.name}${tool.readOnly ? ' (read-only)' : ''}${tool.description ? ` - ${tool.description.split('\n')[0]}` : ''}`);
      }
    }
  }
  return servers.some((s) => s.status === 'failed') ? EXIT_FAILED : EXIT_OK;
}
