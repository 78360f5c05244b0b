// Elapsed time (live while the agent runs), steps and cost in premium
// requests, with the dollars on hover.

import { isSettled, type AgentRecord } from '../../../shared/agent.js';
import { formatCount, formatDollars, formatElapsed, formatPremium } from '../../app/format.js';
import { useNow } from '../../app/useNow.js';

export function liveElapsedMs(agent: AgentRecord, now: number): number {
  if (!agent.startedAt) return agent.elapsedMs;
  const start = Date.parse(agent.startedAt);
  if (agent.endedAt || isSettled(agent.status)) return agent.endedAt ? Date.parse(agent.endedAt) - start : agent.elapsedMs;
  return Math.max(agent.elapsedMs, now - start);
}

export function AgentCounters({ agent }: { agent: AgentRecord }) {
  const ticking = !!agent.startedAt && !isSettled(agent.status);
  const now = useNow(ticking);
  return (
    <span className="agent-counters">
      <span className="counter" data-counter="elapsed" title="Elapsed time">
        {formatElapsed(liveElapsedMs(agent, now))}
      </span>
      <span className="counter" data-counter="steps" title="Steps (one per tool call)">
        {agent.steps} {agent.steps === 1 ? 'step' : 'steps'}
      </span>
      <span
        className="counter"
        data-counter="cost"
        title={`${formatDollars(agent.costUsd)} (${formatCount(agent.inputTokens)} input, ${formatCount(agent.outputTokens)} output tokens)`}
      >
        {formatPremium(agent.premiumRequests)}
      </span>
    </span>
  );
}
