// Tells the person when an agent pauses, completes or fails, with the
// browser's Notification API. Clicking a notification brings the window
// forward and opens that agent's pending item (or its review). Which change
// is news is decided in src/shared/agentNews.ts (shared with the desktop
// shell's native notifications); this module only delivers.

import { isPaused, type AgentRecord } from '../../../shared/agent.js';
import { AgentNewsTracker } from '../../../shared/agentNews.js';
import type { OffloadStore } from '../../store/offloadStore.js';

export function notifyInPage(store: OffloadStore): () => void {
  let previous = store.getState().agents;
  let primed = store.getState().agentsLoaded;
  const tracker = new AgentNewsTracker();
  const remember = (agents: Record<string, AgentRecord>) => {
    for (const agent of Object.values(agents)) tracker.remember(agent);
  };
  remember(previous);
  return store.subscribe((state) => {
    if (state.agents === previous) return;
    const before = previous;
    previous = state.agents;
    // The first full list is the state we start from, not news.
    if (!primed) {
      primed = state.agentsLoaded;
      remember(state.agents);
      return;
    }
    const canNotify = typeof Notification !== 'undefined' && Notification.permission === 'granted';
    for (const agent of Object.values(state.agents)) {
      if (before[agent.id] === agent) continue;
      const news = tracker.next(agent);
      if (!news || !canNotify) continue;
      try {
        const notification = new Notification(news.title, { body: news.body, tag: `${agent.id}:${agent.lastSeq}` });
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
