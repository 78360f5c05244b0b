// Reads of the store, named selectX. Selectors that build new arrays are
// memoized on their inputs so components do not re-render for nothing.

import { monthlyUsage } from '../../shared/rateLimits.js';
import { isPaused, type AgentRecord } from '../../shared/agent.js';
import type { OffloadState } from './offloadStore.js';
import { EMPTY_STREAM, type AgentStream } from './streamBlocks.js';
import { EMPTY_REVIEW, type AgentReview } from './reviewSlice.js';

function memoOn<T, R>(pick: (state: OffloadState) => T, build: (input: T, state: OffloadState) => R): (state: OffloadState) => R {
  let lastInput: T | undefined;
  let lastResult: R | undefined;
  let primed = false;
  return (state) => {
    const input = pick(state);
    if (!primed || input !== lastInput) {
      lastResult = build(input, state);
      lastInput = input;
      primed = true;
    }
    return lastResult as R;
  };
}

const newestFirst = (a: AgentRecord, b: AgentRecord) => (b.createdAt > a.createdAt ? 1 : b.createdAt < a.createdAt ? -1 : b.id.localeCompare(a.id));

/** Every agent, newest first. */
export const selectAgentList = memoOn(
  (s) => s.agents,
  (agents) => Object.values(agents).sort(newestFirst),
);

/** The agents of the Background Agents panel: all but the session open in the Composer. */
export function selectBackgroundAgents(state: OffloadState): AgentRecord[] {
  return backgroundAgents(selectAgentList(state), state.interactiveAgentId);
}
const backgroundAgents = (() => {
  let lastList: AgentRecord[] | null = null;
  let lastInteractive: string | null = null;
  let last: AgentRecord[] = [];
  return (list: AgentRecord[], interactive: string | null) => {
    if (list !== lastList || interactive !== lastInteractive) {
      last = interactive ? list.filter((a) => a.id !== interactive) : list;
      lastList = list;
      lastInteractive = interactive;
    }
    return last;
  };
})();

/** Agents waiting for a person, oldest pause first. */
export const selectPausedAgents = memoOn(
  (s) => s.agents,
  (agents) =>
    Object.values(agents)
      .filter((a) => isPaused(a.status) && a.pending)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
);

export const selectAgent = (agentId: string | null) => (state: OffloadState): AgentRecord | null =>
  agentId ? (state.agents[agentId] ?? null) : null;

export const selectSelectedAgentId = (state: OffloadState): string | null =>
  state.mainView.kind === 'agent' ? state.mainView.agentId : null;

export const selectStream = (agentId: string) => (state: OffloadState): AgentStream => state.streams[agentId] ?? EMPTY_STREAM;

export const selectReview = (agentId: string) => (state: OffloadState): AgentReview => state.reviews[agentId] ?? EMPTY_REVIEW;

/** How many agents are running now (the status bar's count). */
export const selectRunningCount = memoOn(
  (s) => s.agents,
  (agents) => Object.values(agents).filter((a) => a.status === 'running').length,
);

/** Premium requests used by agents created this calendar month (local time), as the host counts them for the monthly budget. */
export const selectMonthlyPremiumUsed = memoOn(
  (s) => s.agents,
  (agents) => Math.round(monthlyUsage(Object.values(agents)) * 100) / 100,
);
