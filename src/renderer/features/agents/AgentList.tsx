// The sidebar's Background Agents panel: every agent of the workspace, live.
// Virtualized: with hundreds of agents only the rows in view are in the DOM
// (each row carries its position in the set for screen readers).

import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectBackgroundAgents, selectSelectedAgentId } from '../../store/selectors.js';
import { shortcutLabel } from '../../app/format.js';
import { EmptyState } from '../common/EmptyState.js';
import { AgentListItem } from './AgentListItem.js';
import './agents.css';

const ROW_ESTIMATE_PX = 68;

export function AgentList() {
  const agents = useOffloadStore(selectBackgroundAgents);
  const loaded = useOffloadStore((s) => s.agentsLoaded);
  const selectedId = useOffloadStore(selectSelectedAgentId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: agents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 6,
    getItemKey: (index) => agents[index]!.id,
  });

  return (
    <section className="sidebar-section agents-section" aria-label="Agents">
      <h2 id="agents-heading" className="sidebar-heading">
        Background Agents <span className="count-pill">{agents.length}</span>
      </h2>
      <div ref={scrollRef} className="agent-list-scroll">
        <ul className="agent-list" aria-label="Background Agents" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const agent = agents[row.index]!;
            return (
              <AgentListItem
                key={agent.id}
                agent={agent}
                selected={agent.id === selectedId}
                index={row.index}
                setSize={agents.length}
                offset={row.start}
                measureRef={virtualizer.measureElement}
              />
            );
          })}
        </ul>
      </div>
      {loaded && agents.length === 0 && <EmptyState>No agents yet: press {shortcutLabel('I')} to start one.</EmptyState>}
    </section>
  );
}
