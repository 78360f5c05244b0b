// MCP servers: the conventional `mcpServers` JSON shape that Claude Desktop,
// Claude Code's .mcp.json, Cursor and VS Code share (e.g.
// https://docs.rs/mcp-proxy/0.4.2/mcp_proxy/mcp_json/index.html,
// https://abacus.ai/help/abacusai-desktop/mcp-configuration): a stdio server
// has `command`, `args`, `env`; a remote one has `url` and `headers` and speaks
// the streamable HTTP transport. Read from <workspace>/.offload/mcp.json and
// the user's settings file; the user's own file alone says which calls need no
// approval (`mcp` below), so a repository cannot widen its own permissions.

import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());

export const mcpStdioServerSchema = z.strictObject({
  type: z.literal('stdio').optional(),
  command: z.string().trim().min(1),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  /** Working directory (default: the workspace). */
  cwd: z.string().min(1).optional(),
});

export const mcpHttpServerSchema = z.strictObject({
  /** "http" (Claude Code's word) and "streamable-http" both mean the streamable HTTP transport. */
  type: z.enum(['http', 'streamable-http']).optional(),
  url: z.url({ protocol: /^https?$/ }),
  headers: stringMap.optional(),
});

export const mcpServerConfigSchema = z.union([mcpStdioServerSchema, mcpHttpServerSchema]);
export type McpServerConfig = z.infer<typeof mcpServerConfigSchema>;

/** Server names become part of tool names (mcp__SERVER__TOOL): no "__" inside, nothing the API's tool-name pattern refuses. */
export const mcpServerNameSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*$/, 'An MCP server name holds letters, digits, "-" and single "_".');

export const mcpServersSchema = z.record(mcpServerNameSchema, mcpServerConfigSchema);
export type McpServersConfig = z.infer<typeof mcpServersSchema>;

/** The user's MCP policy (user settings file only). */
export const mcpPolicySchema = z.strictObject({
  /** Servers ("github") or tools ("mcp__github__get_issue") whose calls need no approval. */
  allow: z.array(z.string().min(1).max(200)).max(500).optional(),
  /** Trust a tool's readOnlyHint annotation: read-only tools need no approval. Default false. */
  trustReadOnlyHints: z.boolean().optional(),
  /** Servers of <workspace>/.offload/mcp.json start only when named here (or when this is true). */
  trustWorkspaceServers: z.union([z.boolean(), z.array(mcpServerNameSchema)]).optional(),
  /** How long a server may take to start and list its tools (default 10 s). */
  startupTimeoutMs: z.number().int().positive().max(600_000).optional(),
  /**
   * How long the agent's first model request waits for servers still starting
   * (default 150 ms): a slower server's tools join from the next request, so
   * MCP never holds up an agent's start.
   */
  firstRequestWaitMs: z.number().int().nonnegative().max(600_000).optional(),
  /** How long one tool call may take (default 60 s). */
  callTimeoutMs: z.number().int().positive().max(3_600_000).optional(),
});
export type McpPolicy = z.infer<typeof mcpPolicySchema>;

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
  transport: 'stdio' | 'http';
  /** The command line or URL (never headers or env: they may hold secrets). */
  target: string;
  status: McpServerStatus;
  error?: string;
  tools: { name: string; title?: string; description?: string; readOnly?: boolean }[];
  /** The last lines the server wrote to stderr (stdio servers), for the person. */
  stderr?: string;
}

export function describeMcpTarget(config: McpServerConfig): { transport: 'stdio' | 'http'; target: string } {
  if ('command' in config) return { transport: 'stdio', target: [config.command, ...(config.args ?? [])].join(' ') };
  return { transport: 'http', target: config.url };
}
