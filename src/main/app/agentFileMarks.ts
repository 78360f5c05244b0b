// Which files agents touched, for the editor's badges: the files each agent
// changed that still await review, and the files whose write lease an agent
// holds right now (it is editing them).

import type { AgentRecord } from '../../shared/agent.js';
import type { AgentFileMark } from '../../shared/contract/editorService.js';

export interface AgentFileMarkSources {
  listAgents(): Promise<AgentRecord[]>;
  /** Agents that have review state in this workspace. */
  agentsWithState(): string[];
  listChanges(agentId: string): Promise<{ path: string }[]>;
  leasedPaths(): [string, string][];
}

export async function listAgentFileMarks(sources: AgentFileMarkSources): Promise<AgentFileMark[]> {
  const agents = new Map((await sources.listAgents()).map((a) => [a.id, a]));
  const marks = new Map<string, AgentFileMark>();
  const mark = (path: string, agentId: string, patch: Partial<AgentFileMark>) => {
    const agent = agents.get(agentId);
    if (!agent) return;
    const key = `${agentId}\0${path}`;
    const existing = marks.get(key) ?? { path, agentId, agentName: agent.name, status: agent.status, pending: false, leased: false };
    marks.set(key, { ...existing, ...patch });
  };
  for (const agentId of sources.agentsWithState()) {
    if (!agents.has(agentId)) continue;
    // One agent whose tree is gone (a deleted worktree) costs its own marks, not every agent's.
    const changes = await Promise.resolve(sources.listChanges(agentId)).catch(() => []);
    for (const change of changes) mark(change.path, agentId, { pending: true });
  }
  for (const [path, agentId] of sources.leasedPaths()) mark(path, agentId, { leased: true });
  return [...marks.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
