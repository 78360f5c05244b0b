// The Background Agents list's status filter and groups: the statuses a
// person sorts agents by (waiting for me, working, done, stopped).

import type { AgentStatus } from '../../../shared/agent.js';

export type AgentFilter = 'all' | 'waiting' | 'working' | 'completed' | 'stopped';

export const AGENT_FILTERS: readonly { value: AgentFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'waiting', label: 'Waiting for me' },
  { value: 'working', label: 'Running or queued' },
  { value: 'completed', label: 'Completed' },
  { value: 'stopped', label: 'Failed or cancelled' },
];

export function agentFilterOf(status: AgentStatus): Exclude<AgentFilter, 'all'> {
  switch (status) {
    case 'paused_input':
    case 'paused_approval':
      return 'waiting';
    case 'queued':
    case 'running':
      return 'working';
    case 'completed':
      return 'completed';
    default:
      return 'stopped';
  }
}

/** The groups of the list, in the order shown, with their headings. The headings avoid the status words ("Completed"), which rows show. */
export const AGENT_GROUPS: readonly { value: Exclude<AgentFilter, 'all'>; heading: string }[] = [
  { value: 'waiting', heading: 'Waiting for you' },
  { value: 'working', heading: 'Working' },
  { value: 'completed', heading: 'Done' },
  { value: 'stopped', heading: 'Stopped' },
];

export interface GroupedAgents<T> {
  /** The agents, group after group, each group in its original order. */
  agents: T[];
  /** For the first agent of each group (by index in `agents`): the group's heading and size. */
  headings: Map<number, { heading: string; size: number }>;
}

/** Orders agents by group (a stable sort) and names each group's first row. */
export function groupAgents<T extends { status: AgentStatus }>(agents: readonly T[]): GroupedAgents<T> {
  const byGroup = new Map<string, T[]>(AGENT_GROUPS.map((g) => [g.value, []]));
  for (const agent of agents) byGroup.get(agentFilterOf(agent.status))!.push(agent);
  const ordered: T[] = [];
  const headings = new Map<number, { heading: string; size: number }>();
  for (const group of AGENT_GROUPS) {
    const members = byGroup.get(group.value)!;
    if (members.length === 0) continue;
    headings.set(ordered.length, { heading: group.heading, size: members.length });
    ordered.push(...members);
  }
  return { agents: ordered, headings };
}
