// Running time (live while the agent runs; paused time does not count), steps and cost in premium
// requests, with the dollars on hover.

import { isSettled, type AgentRecord } from '../../../shared/agent.js';
import { runningTimeMs } from '../../../shared/reduceAgent.js';
import { formatCount, formatDollars, formatElapsed, formatPremium } from '../../app/format.js';
import { useNow } from '../../app/useNow.js';

/** Running time, live: the reducer's closed stretches plus the open one (time paused or queued does not count). */
export function liveElapsedMs(agent: AgentRecord, now: number): number {
  if (agent.runningSince === undefined) return agent.elapsedMs; // a record from an older host
  return runningTimeMs(agent, now);
}

export function AgentCounters({ agent }: { agent: AgentRecord }) {
  const ticking = agent.runningSince != null && !isSettled(agent.status);
  const now = useNow(ticking);
  return (
    <span className="agent-counters">
      <span className="counter" data-counter="elapsed" title="Running time (time paused for your input or approval does not count)">
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
