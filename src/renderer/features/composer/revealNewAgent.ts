// After Send: the new background agent is shown at once. From the welcome
// page it is opened and selected; if the person is reading something (another
// agent, a file), it is announced (a polite live region) instead of taking
// the main view from them. Either way its row scrolls into view.

import type { AgentRecord } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';

export function revealNewAgent(agent: AgentRecord) {
  const state = useOffloadStore.getState();
  const reading = state.mainView.kind !== 'welcome';
  state.revealAgent(agent.id);
  if (reading) state.announce(`Started ${agent.name} in the background.`);
  else {
    state.openAgent(agent.id, 'stream');
    state.announce(`Started ${agent.name}; it is selected.`);
  }
}
