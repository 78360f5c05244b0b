// Tells the person when an agent pauses, completes or fails, with the
// browser's Notification API. Clicking a notification brings the window
// forward and opens that agent's pending item (or its review).

import { isPaused, type AgentRecord, type AgentStatus } from '../../../shared/agent.js';
import type { OffloadStore } from '../../store/offloadStore.js';

function messageFor(agent: AgentRecord): { title: string; body: string } | null {
  const pending = agent.pending;
  switch (agent.status) {
    case 'paused_input':
      return { title: `${agent.name} needs input`, body: pending?.kind === 'input' ? pending.question : agent.prompt };
    case 'paused_approval':
      return { title: `${agent.name} needs approval`, body: pending?.kind === 'approval' ? pending.command : agent.prompt };
    case 'completed':
      return { title: `${agent.name} completed`, body: `${agent.summary.filesChanged.length} files changed. Ready for review.` };
    case 'failed':
      return { title: `${agent.name} failed`, body: agent.error ?? agent.prompt };
    default:
      return null;
  }
}

const NOTIFY_ON: readonly AgentStatus[] = ['paused_input', 'paused_approval', 'completed', 'failed'];

export function watchAgentNotifications(store: OffloadStore): () => void {
  let previous = store.getState().agents;
  let primed = store.getState().agentsLoaded;
  return store.subscribe((state) => {
    if (state.agents === previous) return;
    const before = previous;
    previous = state.agents;
    // The first full list is the state we start from, not news.
    if (!primed) {
      primed = state.agentsLoaded;
      return;
    }
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    for (const agent of Object.values(state.agents)) {
      const old = before[agent.id];
      const changed = !old || old.status !== agent.status || (isPaused(agent.status) && old.pending?.toolUseId !== agent.pending?.toolUseId);
      if (!changed || !NOTIFY_ON.includes(agent.status)) continue;
      const message = messageFor(agent);
      if (!message) continue;
      try {
        const notification = new Notification(message.title, { body: message.body, tag: `${agent.id}:${agent.lastSeq}` });
        notification.onclick = () => {
          window.focus();
          const s = store.getState();
          if (isPaused(agent.status)) s.focusPending(agent.id);
          else s.openAgent(agent.id, agent.status === 'completed' ? 'review' : 'stream');
          notification.close();
        };
      } catch {
        // Some browsers only allow notifications from a service worker; nothing else to do.
      }
    }
  });
}
