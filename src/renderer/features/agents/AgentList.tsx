// The sidebar's Background Agents panel: every agent of the workspace, live,
// grouped by status (waiting for you, working, done, stopped): the first row
// of each group carries the group's heading, so the list stays one list (one
// Tab stop, positions counted over agents only) and headings can be jumped to.
// Virtualized: with hundreds of agents only the rows in view are in the DOM
// (each row carries its position in the set for screen readers).
//
// Keyboard: the list is one Tab stop (roving tabindex); arrow keys, Home and
// End move between rows, Enter opens one, Shift+F10 opens its menu. The
// selected agent's row is scrolled into view whenever the selection changes
// (a new agent after Send, "next waiting item", a notification).

import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectBackgroundAgents, selectSelectedAgentId } from '../../store/selectors.js';
import { shortcutLabel } from '../../app/format.js';
import { EmptyState } from '../common/EmptyState.js';
import { useRovingFocus } from '../common/useRovingFocus.js';
import { AgentListItem } from './AgentListItem.js';
import { AGENT_FILTERS, agentFilterOf, groupAgents, type AgentFilter, type GroupedAgents } from './agentFilters.js';
import './agents.css';

const ROW_ESTIMATE_PX = 72;
const NO_HEADINGS: GroupedAgents<unknown>['headings'] = new Map();

export function AgentList() {
  const all = useOffloadStore(selectBackgroundAgents);
  const loaded = useOffloadStore((s) => s.agentsLoaded);
  const selectedId = useOffloadStore(selectSelectedAgentId);
  const [filter, setFilter] = useState<AgentFilter>('all');
  // "All" shows the groups under headings; a filter shows one group.
  const { agents, headings } = useMemo(
    () => (filter === 'all' ? groupAgents(all) : { agents: all.filter((a) => agentFilterOf(a.status) === filter), headings: NO_HEADINGS }),
    [all, filter],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const virtualizer = useVirtualizer({
    count: agents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    overscan: 6,
    getItemKey: (index) => agents[index]!.id,
  });

  const ids = agents.map((a) => a.id);
  const indexOf = (id: string | null) => (id ? ids.indexOf(id) : -1);
  const { activeIndex, setActiveId, onKeyDown } = useRovingFocus({
    ids,
    preferredId: selectedId,
    listRef,
    stopClass: 'agent-item-button',
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  });

  const selectedIndex = indexOf(selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex >= 0]); // eslint-disable-line react-hooks/exhaustive-deps
  const revealId = useOffloadStore((s) => s.revealAgentId);
  const revealIndex = indexOf(revealId);
  useEffect(() => {
    if (revealIndex >= 0) virtualizer.scrollToIndex(revealIndex, { align: 'auto' });
  }, [revealId, revealIndex >= 0]); // eslint-disable-line react-hooks/exhaustive-deps

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
          onKeyDown={onKeyDown}
        >
          {virtualizer.getVirtualItems().map((row) => {
            const agent = agents[row.index]!;
            return (
              <AgentListItem
                key={agent.id}
                agent={agent}
                group={headings.get(row.index)}
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
