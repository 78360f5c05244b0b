// Providers and MCP servers: read beside the settings store (which ignores
// keys it does not know), each checked with its zod schema, with a message
// naming the file and the key when one is wrong.
//
// Where each may come from, and why:
//   providers, defaultProvider, mcp (policy)  the user's settings file only: a
//       repository must not send the user's keys elsewhere, nor allow its own tools;
//   mcpServers  the user's settings file, and <workspace>/.offload/mcp.json,
//       whose servers start only when the user's policy trusts them (they run
//       commands on the person's machine). A workspace server of the same name
//       as a user one is ignored.

import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { McpAgentConfig, McpPolicy, McpServerEntry } from '../../shared/mcp.js';
import { mcpPolicySchema, mcpServersSchema } from '../../shared/mcpSchemas.js';
import { providerIdSchema, providersSchema, resolveProviders, type ResolvedProvider } from '../../shared/providers.js';
import { userSettingsPath } from './homePaths.js';
import { SettingsError } from './settingsStore.js';

export function workspaceMcpPath(workspace: string): string {
  return join(resolve(workspace), '.offload', 'mcp.json');
}

const userExtensionsSchema = z.object({
  providers: providersSchema.optional(),
  defaultProvider: providerIdSchema.optional(),
  mcpServers: mcpServersSchema.optional(),
  mcp: mcpPolicySchema.optional(),
});
export type UserExtensions = z.infer<typeof userExtensionsSchema>;

const workspaceMcpSchema = z.object({ mcpServers: mcpServersSchema.optional() });

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SettingsError(`Could not read ${path}: ${(error as Error).message}`);
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${path} is not valid JSON (${(error as Error).message}). Fix or delete it.`);
  }
}

function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `"${issue.path.map(String).join('.')}"` : 'the file';
  throw new SettingsError(`${where} in ${path} is not valid: ${issue.message}`);
}

export async function readUserExtensions(home: string): Promise<UserExtensions> {
  const path = userSettingsPath(home);
  return parseOrExplain(userExtensionsSchema, await readJson(path), path);
}

export async function readWorkspaceMcpServers(workspace: string): Promise<McpServerEntry[]> {
  const path = workspaceMcpPath(workspace);
  const { mcpServers } = parseOrExplain(workspaceMcpSchema, await readJson(path), path);
  return Object.entries(mcpServers ?? {}).map(([name, config]) => ({ name, source: 'workspace' as const, config }));
}

function trusts(policy: McpPolicy, name: string): boolean {
  const trust = policy.trustWorkspaceServers;
  return trust === true || (Array.isArray(trust) && trust.includes(name));
}

export interface McpServersView {
  /** The servers an agent starts. */
  config: McpAgentConfig;
  /** Workspace servers the user has not trusted (listed, never started). */
  untrusted: McpServerEntry[];
}

/** Each MCP server's tools as last listed (agent-process/mcp/mcpToolCache.ts): agents read it, agents and `offload mcp list` write it. */
export function mcpToolCachePath(home: string): string {
  return join(home, 'mcp-tool-cache.json');
}

export async function loadMcpServers(home: string, workspace: string): Promise<McpServersView> {
  const [user, fromWorkspace] = await Promise.all([readUserExtensions(home), readWorkspaceMcpServers(workspace)]);
  const policy = user.mcp ?? {};
  const servers: McpServerEntry[] = Object.entries(user.mcpServers ?? {}).map(([name, config]) => ({ name, source: 'user' as const, config }));
  const untrusted: McpServerEntry[] = [];
  for (const entry of fromWorkspace) {
    if (servers.some((s) => s.name === entry.name)) continue;
    (trusts(policy, entry.name) ? servers : untrusted).push(entry);
  }
  return { config: { servers, policy }, untrusted };
}

export async function loadProviders(home: string, env: Record<string, string | undefined>): Promise<{ providers: ResolvedProvider[]; defaultProvider: string | undefined }> {
  const user = await readUserExtensions(home);
  const providers = resolveProviders(user.providers, env.ANTHROPIC_BASE_URL || undefined);
  if (user.defaultProvider && !providers.some((p) => p.id === user.defaultProvider)) {
    throw new SettingsError(`"defaultProvider" in ${userSettingsPath(home)} names "${user.defaultProvider}", which is not in "providers".`);
  }
  return { providers, defaultProvider: user.defaultProvider };
}
