// The actions that fit an agent's state, for its context menu and header.

import { isSettled, type AgentRecord } from '../../../shared/agent.js';
import type { OffloadService } from '../../../shared/contract/offloadService.js';

export interface AgentAction {
  label: 'Open' | 'Cancel' | 'Resume' | 'Review';
  run: () => Promise<void> | void;
  danger?: boolean;
}

export function agentActions(
  agent: AgentRecord,
  service: OffloadService,
  open: (tab?: 'stream' | 'review') => void,
): AgentAction[] {
  const actions: AgentAction[] = [{ label: 'Open', run: () => open('stream') }];
  if (!isSettled(agent.status)) actions.push({ label: 'Cancel', run: () => service.cancel(agent.id), danger: true });
  if (agent.status === 'failed' || agent.status === 'cancelled') actions.push({ label: 'Resume', run: () => service.resume(agent.id) });
  actions.push({ label: 'Review', run: () => open('review') });
  return actions;
}
