// Agent records as the host last described them, keyed by id.

import type { StateCreator } from 'zustand';
import type { AgentRecord } from '../../shared/agent.js';
import type { OffloadState } from './offloadStore.js';

export interface AgentsSlice {
  agents: Record<string, AgentRecord>;
  /** Whether the first listAgents answer has arrived (empty states wait for it). */
  agentsLoaded: boolean;
  setAgents(records: AgentRecord[]): void;
  upsertAgent(record: AgentRecord): void;
}

export const createAgentsSlice: StateCreator<OffloadState, [], [], AgentsSlice> = (set) => ({
  agents: {},
  agentsLoaded: false,
  setAgents(records) {
    const agents: Record<string, AgentRecord> = {};
    for (const record of records) agents[record.id] = record;
    set({ agents, agentsLoaded: true });
  },
  upsertAgent(record) {
    set((state) => {
      const previous = state.agents[record.id];
      // Records may arrive out of order with a re-sync; keep the newest.
      if (previous && previous.lastSeq > record.lastSeq) return state;
      return { agents: { ...state.agents, [record.id]: record } };
    });
  },
});
