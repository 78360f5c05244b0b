// Every agent under OFFLOAD_HOME, whatever its workspace. Agent ids are unique
// across the home folder, so `offload show ID` (and every command that names
// an agent) finds the agent from any folder; --workspace only narrows.
//
// An agent's workspace and name are on its log's first line (the `started`
// event the supervisor writes before anything else), so only that line is read.

import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { agentLogPath, agentsDir, isValidAgentId, realWorkspacePath, workspaceStateDir } from './homePaths.js';

export interface AgentLocation {
  id: string;
  name: string;
  /** The agent's workspace (real path), from its `started` event. */
  workspace: string;
  /** <home>/workspaces/<name>-<hash>. */
  stateDir: string;
}

/** Every agent with a readable `started` line, oldest id first within each workspace. */
export async function listAgentLocations(home: string): Promise<AgentLocation[]> {
  const root = join(home, 'workspaces');
  let stateDirs: string[];
  try {
    stateDirs = (await readdir(root)).sort().map((name) => join(root, name));
  } catch {
    return [];
  }
  const found: AgentLocation[] = [];
  for (const stateDir of stateDirs) {
    let ids: string[];
    try {
      ids = (await readdir(agentsDir(stateDir))).filter(isValidAgentId).sort();
    } catch {
      continue;
    }
    for (const id of ids) {
      const started = await readFirstLine(agentLogPath(stateDir, id));
      if (!started || started.type !== 'started' || typeof started.workspace !== 'string') continue;
      found.push({ id, name: typeof started.name === 'string' ? started.name : id, workspace: started.workspace, stateDir });
    }
  }
  return found;
}

export class AgentLookupError extends Error {
  constructor(
    message: string,
    readonly code: 'NOT_FOUND' | 'BAD_INPUT',
  ) {
    super(message);
    this.name = 'AgentLookupError';
  }
}

/**
 * The one agent an id, an id prefix or a name stands for, in any workspace
 * (or only in `workspace` when given). An exact id wins over a prefix, a
 * prefix over a name; several at the same level is an error naming them.
 */
export async function locateAgent(home: string, query: string, options: { workspace?: string } = {}): Promise<AgentLocation> {
  const wanted = query.trim();
  let candidates = await listAgentLocations(home);
  if (options.workspace) {
    const stateDir = workspaceStateDir(home, options.workspace);
    candidates = candidates.filter((c) => c.stateDir === stateDir);
  }
  const levels = [
    candidates.filter((c) => c.id === wanted),
    wanted ? candidates.filter((c) => c.id.startsWith(wanted)) : [],
    candidates.filter((c) => c.name === wanted),
  ];
  for (const matches of levels) {
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const list = matches.map((m) => `${m.name} (${m.id}) in ${m.workspace}`).join('; ');
      throw new AgentLookupError(`"${wanted}" matches several agents: ${list}. Give the full id.`, 'BAD_INPUT');
    }
  }
  const where = options.workspace ? `in ${realWorkspacePath(options.workspace)}` : 'in any workspace';
  const hint = options.workspace ? '`offload list` shows its agents; `offload list --all` shows every agent.' : '`offload list --all` shows every agent.';
  throw new AgentLookupError(`No agent "${wanted}" ${where}. ${hint}`, 'NOT_FOUND');
}

/** The log's first line as JSON, or null (missing, empty, torn). */
async function readFirstLine(path: string): Promise<Record<string, unknown> | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    // Bytes, not text: a chunk may end inside a multi-byte character.
    const chunks: Buffer[] = [];
    for (let position = 0; position < 4 * 1024 * 1024; ) {
      const chunk = Buffer.alloc(16 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const end = chunk.subarray(0, bytesRead).indexOf(0x0a);
      chunks.push(chunk.subarray(0, end === -1 ? bytesRead : end));
      if (end !== -1) break;
    }
    return parseObject(Buffer.concat(chunks).toString('utf8'));
  } finally {
    await handle.close();
  }
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
