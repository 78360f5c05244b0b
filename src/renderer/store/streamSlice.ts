// Each watched agent's output stream, as display blocks (see streamBlocks.ts).

import type { StateCreator } from 'zustand';
import type { AgentEvent } from '../../shared/events.js';
import { appendEvents, EMPTY_STREAM, type AgentStream } from './streamBlocks.js';
import type { OffloadState } from './offloadStore.js';

export interface StreamSlice {
  /** Only agents whose stream was opened are kept; the others' events are not needed. */
  streams: Record<string, AgentStream>;
  /** Starts keeping an agent's stream (its history is then fetched and appended). */
  watchStream(agentId: string): void;
  appendAgentEvents(agentId: string, events: readonly AgentEvent[]): void;
}

export const createStreamSlice: StateCreator<OffloadState, [], [], StreamSlice> = (set) => ({
  streams: {},
  watchStream(agentId) {
    set((state) => (state.streams[agentId] ? state : { streams: { ...state.streams, [agentId]: EMPTY_STREAM } }));
  },
  appendAgentEvents(agentId, events) {
    set((state) => {
      const current = state.streams[agentId];
      if (!current) return state;
      const next = appendEvents(current, events);
      return next === current ? state : { streams: { ...state.streams, [agentId]: next } };
    });
  },
});
