// The sidebar's Background Agents panel: every agent of the workspace, live.

import { useOffloadStore } from '../../store/offloadStore.js';
import { selectBackgroundAgents, selectSelectedAgentId } from '../../store/selectors.js';
import { shortcutLabel } from '../../app/format.js';
import { EmptyState } from '../common/EmptyState.js';
import { AgentListItem } from './AgentListItem.js';
import './agents.css';

export function AgentList() {
  const agents = useOffloadStore(selectBackgroundAgents);
  const loaded = useOffloadStore((s) => s.agentsLoaded);
  const selectedId = useOffloadStore(selectSelectedAgentId);
  return (
    <section className="sidebar-section agents-section" aria-label="Agents">
      <h2 id="agents-heading" className="sidebar-heading">
        Background Agents <span className="count-pill">{agents.length}</span>
      </h2>
      <ul className="agent-list" aria-label="Background Agents">
        {agents.map((agent) => (
          <AgentListItem key={agent.id} agent={agent} selected={agent.id === selectedId} />
        ))}
      </ul>
      {loaded && agents.length === 0 && <EmptyState>No agents yet: press {shortcutLabel('I')} to start one.</EmptyState>}
    </section>
  );
}
