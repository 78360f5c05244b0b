// MCP servers: the conventional `mcpServers` JSON shape that Claude Desktop,
// Claude Code's .mcp.json, Cursor and VS Code share (e.g.
// https://docs.rs/mcp-proxy/0.4.2/mcp_proxy/mcp_json/index.html,
// https://abacus.ai/help/abacusai-desktop/mcp-configuration): a stdio server
// has `command`, `args`, `env`; a remote one has `url` and `headers` and speaks
// the streamable HTTP transport. Read from <workspace>/.offload/mcp.json and
// the user's settings file; the user's own file alone says which calls need no
// approval (`mcp` below), so a repository cannot widen its own permissions.

import type { McpPolicy, McpServerConfig } from './mcpSchemas.js';

export type { McpPolicy, McpServerConfig, McpServersConfig } from './mcpSchemas.js';
// The schemas themselves are in mcpSchemas.ts: an agent process, which uses what is here, never builds them.

export const MCP_DEFAULT_STARTUP_TIMEOUT_MS = 10_000;
export const MCP_DEFAULT_CALL_TIMEOUT_MS = 60_000;
export const MCP_DEFAULT_FIRST_REQUEST_WAIT_MS = 150;

/** One server as the agent gets it: its name, where it was configured, and how to reach it. */
export interface McpServerEntry {
  name: string;
  source: 'user' | 'workspace';
  config: McpServerConfig;
}

/** What the agent process gets in AgentInit. */
export interface McpAgentConfig {
  servers: McpServerEntry[];
  policy: McpPolicy;
  /** The file of each server's tools as last listed (agent-process/mcp/mcpToolCache.ts); none: nothing is remembered. */
  toolCacheFile?: string;
}

export const MCP_TOOL_PREFIX = 'mcp__';

/** The model-facing name of an MCP tool: mcp__SERVER__TOOL (as Claude Code names them). */
export function mcpToolName(server: string, tool: string): string {
  return `${MCP_TOOL_PREFIX}${server}__${tool}`;
}

export function isMcpToolName(name: string): boolean {
  return name.startsWith(MCP_TOOL_PREFIX);
}

/** The server part of an mcp__SERVER__TOOL name (server names hold no "__"). */
export function mcpServerOf(toolName: string): string | null {
  if (!isMcpToolName(toolName)) return null;
  const rest = toolName.slice(MCP_TOOL_PREFIX.length);
  const at = rest.indexOf('__');
  return at > 0 ? rest.slice(0, at) : null;
}

/** Whether a call needs no approval under the user's policy. */
export function mcpCallAllowed(policy: McpPolicy, toolName: string, readOnlyHint: boolean | undefined): boolean {
  const server = mcpServerOf(toolName);
  const allow = policy.allow ?? [];
  if (allow.includes(toolName) || (server !== null && allow.includes(server))) return true;
  return policy.trustReadOnlyHints === true && readOnlyHint === true;
}

export type McpServerStatus = 'connected' | 'failed' | 'untrusted';

/** What `offload mcp list` and Settings show for one server. */
export interface McpServerReport {
  name: string;
  source: 'user' | 'workspace';
  transport: 'stdio' | 'http' | 'sse';
  /** The command line or URL (never headers or env: they may hold secrets). */
  target: string;
  status: McpServerStatus;
  error?: string;
  tools: { name: string; title?: string; description?: string; readOnly?: boolean }[];
  /** The last lines the server wrote to stderr (stdio servers), for the person. */
  stderr?: string;
}

export function describeMcpTarget(config: McpServerConfig): { transport: McpServerReport['transport']; target: string } {
  if ('command' in config) return { transport: 'stdio', target: [config.command, ...(config.args ?? [])].join(' ') };
  return { transport: config.type === 'sse' ? 'sse' : 'http', target: config.url };
}
