// After Send: the new background agent is shown at once. If the person is
// reading another agent, it is announced (a polite live region) instead of
// taking the main view from them; otherwise it is opened and selected, and
// its row scrolls into view (AgentList follows the selection).

import type { AgentRecord } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';

export function revealNewAgent(agent: AgentRecord) {
  const state = useOffloadStore.getState();
  const reading = state.mainView.kind === 'agent' && state.mainView.agentId !== agent.id;
  if (reading) state.announce(`Started ${agent.name} in the background.`);
  else {
    state.openAgent(agent.id, 'stream');
    state.announce(`Started ${agent.name}; it is selected.`);
  }
}
