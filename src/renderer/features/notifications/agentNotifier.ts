// Tells the person when an agent pauses, completes or fails, with the
// browser's Notification API. Clicking a notification brings the window
// forward and opens that agent's pending item (or its review).

import { isPaused, type AgentRecord } from '../../../shared/agent.js';
import type { OffloadStore } from '../../store/offloadStore.js';

/**
 * The news in a record change, or null. A pause is news once per pending item
 * (its toolUseId), and only while the item is there: the moments around an
 * answer (status still paused, item already gone) are the person's own
 * action, not news. Completion and failure are news on the transition.
 */
function newsOf(agent: AgentRecord, old: AgentRecord | undefined, announcedPause: string | undefined): { title: string; body: string } | null {
  const pending = agent.pending;
  if (isPaused(agent.status)) {
    if (!pending || pending.toolUseId === announcedPause) return null;
    if (pending.kind === 'input') return { title: `${agent.name} needs input`, body: pending.question };
    return { title: `${agent.name} needs approval`, body: pending.command };
  }
  if (old && old.status === agent.status) return null;
  if (agent.status === 'completed') {
    const n = agent.summary.filesChanged.length;
    return { title: `${agent.name} completed`, body: `${n} ${n === 1 ? 'file' : 'files'} changed. Ready for review.` };
  }
  if (agent.status === 'failed') return { title: `${agent.name} failed`, body: agent.error ?? agent.prompt };
  return null;
}

export function watchAgentNotifications(store: OffloadStore): () => void {
  let previous = store.getState().agents;
  let primed = store.getState().agentsLoaded;
  /** Per agent: the pending item already announced (or present when we started). */
  const announcedPause = new Map<string, string>();
  const remember = (agents: Record<string, AgentRecord>) => {
    for (const agent of Object.values(agents)) if (agent.pending && isPaused(agent.status)) announcedPause.set(agent.id, agent.pending.toolUseId);
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
      const old = before[agent.id];
      if (old === agent) continue;
      const message = newsOf(agent, old, announcedPause.get(agent.id));
      if (agent.pending && isPaused(agent.status)) announcedPause.set(agent.id, agent.pending.toolUseId);
      if (!message || !canNotify) continue;
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
