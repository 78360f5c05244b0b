// The schemas of MCP configuration (the `mcpServers` shape and the user's MCP
// policy): the host checks settings files with them (store/extensionSettings.ts).
// Apart from mcp.ts, whose names and rules an agent process uses, so that an
// agent does not build them (issue 11: ~15 ms of each agent's start).

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

/**
 * The older HTTP+SSE transport (spec 2024-11-05), still spoken by many hosted
 * servers; Claude Code and Cursor take it as `"type": "sse"`. A `url` without a
 * type tries streamable HTTP first and falls back to it (agent-process/mcp/mcpTransports.ts).
 */
export const mcpSseServerSchema = mcpHttpServerSchema.extend({ type: z.literal('sse') });

export const mcpServerConfigSchema = z.union([mcpStdioServerSchema, mcpHttpServerSchema, mcpSseServerSchema]);
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
   * How long, from when the servers begin to start (with the agent), its first
   * model request may wait for those still starting (default 150 ms): a slower
   * server's tools join from the next request, so MCP never holds up an agent's start.
   */
  firstRequestWaitMs: z.number().int().nonnegative().max(600_000).optional(),
  /** How long one tool call may take (default 60 s). */
  callTimeoutMs: z.number().int().positive().max(3_600_000).optional(),
});
export type McpPolicy = z.infer<typeof mcpPolicySchema>;
