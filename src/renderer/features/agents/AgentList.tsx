// The sidebar's Background Agents panel: every agent of the workspace, live.
// Virtualized: with hundreds of agents only the rows in view are in the DOM
// (each row carries its position in the set for screen readers).
//
// Keyboard: the list is one Tab stop (roving tabindex); arrow keys, Home and
// End move between rows, Enter opens one, Shift+F10 opens its menu. The
// selected agent's row is scrolled into view whenever the selection changes
// (a new agent after Send, "next waiting item", a notification).

import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectBackgroundAgents, selectSelectedAgentId } from '../../store/selectors.js';
import { shortcutLabel } from '../../app/format.js';
import { EmptyState } from '../common/EmptyState.js';
import { AgentListItem } from './AgentListItem.js';
import { AGENT_FILTERS, agentFilterOf, type AgentFilter } from './agentFilters.js';
import './agents.css';

const ROW_ESTIMATE_PX = 72;

export function AgentList() {
  const all = useOffloadStore(selectBackgroundAgents);
  const loaded = useOffloadStore((s) => s.agentsLoaded);
  const selectedId = useOffloadStore(selectSelectedAgentId);
  const [filter, setFilter] = useState<AgentFilter>('all');
  const agents = filter === 'all' ? all : all.filter((a) => agentFilterOf(a.status) === filter);
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const virtualizer = useVirtualizer({
    count: agents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 6,
    getItemKey: (index) => agents[index]!.id,
  });

  // The row that holds the list's one Tab stop: the last one moved to, else the selected, else the first.
  const indexOf = (id: string | null) => (id ? agents.findIndex((a) => a.id === id) : -1);
  const activeIndex = Math.max(0, indexOf(activeId) >= 0 ? indexOf(activeId) : indexOf(selectedId));

  const selectedIndex = indexOf(selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex >= 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const revealId = useOffloadStore((s) => s.revealAgentId);
  const revealIndex = indexOf(revealId);
  useEffect(() => {
    if (revealIndex >= 0) virtualizer.scrollToIndex(revealIndex, { align: 'auto' });
  }, [revealId, revealIndex >= 0]); // eslint-disable-line react-hooks/exhaustive-deps

  const focusRow = (index: number) => {
    const agent = agents[index];
    if (!agent) return;
    setActiveId(agent.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // The row may only now enter the DOM.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>(`[data-agent-id="${CSS.escape(agent.id)}"] .agent-item-button`)?.focus());
  };

  return (
    <section className="sidebar-section agents-section" aria-label="Agents">
      <div className="sidebar-heading">
        <h2 id="agents-heading" className="sidebar-heading-text">
          Background Agents <span className="count-pill">{all.length}</span>
        </h2>
        <span className="spacer" />
        <select className="agent-filter" aria-label="Show agents" value={filter} onChange={(event) => setFilter(event.target.value as AgentFilter)}>
          {AGENT_FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <div ref={scrollRef} className="agent-list-scroll">
        <ul
          ref={listRef}
          className="agent-list"
          aria-label="Background Agents"
          style={{ height: virtualizer.getTotalSize() }}
          onKeyDown={(event) => {
            if (!(event.target instanceof HTMLElement) || !event.target.classList.contains('agent-item-button')) return;
            const keys: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, Home: 0, End: agents.length - 1 };
            const next = keys[event.key];
            if (next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
            event.preventDefault();
            focusRow(Math.max(0, Math.min(agents.length - 1, next)));
          }}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const agent = agents[row.index]!;
            return (
              <AgentListItem
                key={agent.id}
                agent={agent}
                selected={agent.id === selectedId}
                tabStop={row.index === activeIndex}
                onFocusRow={setActiveId}
                index={row.index}
                setSize={agents.length}
                offset={row.start}
                measureRef={virtualizer.measureElement}
              />
            );
          })}
        </ul>
      </div>
      {loaded && all.length === 0 && <EmptyState>No agents yet: press {shortcutLabel('I')} to start one.</EmptyState>}
      {loaded && all.length > 0 && agents.length === 0 && <EmptyState>No agents match this filter.</EmptyState>}
    </section>
  );
}
