// The main area for one agent: its header (status, counters, actions), its
// live stream or its review, and what it waits for when paused.

import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectAgent } from '../../store/selectors.js';
import { AgentStream } from '../stream/AgentStream.js';
import { PendingPanel } from '../stream/PendingPanel.js';
import { ReviewPanel } from '../review/ReviewPanel.js';
import { agentActions } from './agentActions.js';
import { AgentCounters } from './AgentCounters.js';
import { StatusBadge } from './StatusBadge.js';
import { changedFilesOf, useLiveReview } from '../review/useLiveReview.js';
import { AgentViewTabs } from './AgentViewTabs.js';

export function AgentView({ agentId }: { agentId: string }) {
  const agent = useOffloadStore(selectAgent(agentId));
  const tab = useOffloadStore((s) => s.agentTab);
  const setTab = useOffloadStore((s) => s.setAgentTab);
  const { service } = useServices();
  const { run, busy } = useAction();
  const review = useLiveReview(agent);

  if (!agent) return <p className="empty-state">This agent is gone from the workspace.</p>;
  const changed = changedFilesOf(agent, review).length;
  // The header offers the state-changing actions of the context menu (Cancel, Resume).
  const headerActions = agentActions(agent, service, () => {}).filter((a) => a.label === 'Cancel' || a.label === 'Resume');

  return (
    <section className="agent-view" aria-label={`Agent ${agent.name}`}>
      <header className="view-header agent-header">
        <div className="agent-header-main">
          <h1 className="view-title">{agent.name}</h1>
          <StatusBadge status={agent.status} />
          <AgentCounters agent={agent} />
          {agent.model && <span className="muted-inline mono">{agent.model}</span>}
        </div>
        <div className="agent-header-actions">
          {headerActions.map((action) => (
            <button
              key={action.label}
              type="button"
              className={action.danger ? 'button danger-outline' : 'button'}
              disabled={busy}
              onClick={() => void run(async () => action.run())}
            >
              {action.label}
            </button>
          ))}
        </div>
      </header>
      <p className="agent-header-prompt" title={agent.prompt}>
        {agent.prompt}
      </p>
      {agent.error && (
        <p className="inline-error" role="status">
          {agent.error}
        </p>
      )}
      {agent.rateLimitedUntil && <p className="inline-warn">Held by the shared rate limit until {new Date(agent.rateLimitedUntil).toLocaleTimeString()}.</p>}
      <AgentViewTabs tab={tab} setTab={setTab} changed={changed} />
      <div className="agent-view-body" role="tabpanel" id="agent-tabpanel" aria-labelledby={`agent-tab-${tab}`}>
        {tab === 'stream' ? <AgentStream agentId={agent.id} /> : <ReviewPanel agent={agent} />}
      </div>
      {agent.pending && <PendingPanel agent={agent} autoFocusOnRequest />}
    </section>
  );
}
