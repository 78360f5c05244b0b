// The Background Agents list's status filter: the statuses a person groups
// agents by (waiting for me, working, done, stopped).

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
