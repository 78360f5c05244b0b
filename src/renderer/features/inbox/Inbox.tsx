// Every paused agent's pending question or command, in one place, with the
// same actions as under its stream. Virtualized like the agent list, so a
// hundred paused agents cost no more than the few in view.
//
// Keyboard: the list is one Tab stop (roving tabindex) on each item's agent
// name; arrow keys, Home and End move between items. Tab from the name goes
// into that item's answer or buttons; the other items' controls are out of the
// Tab order until their item holds the stop.

import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectPausedAgents } from '../../store/selectors.js';
import { useRovingFocus } from '../common/useRovingFocus.js';
import { InboxItem } from './InboxItem.js';
import './inbox.css';

const ITEM_ESTIMATE_PX = 150;

export function Inbox() {
  const paused = useOffloadStore(selectPausedAgents);
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const virtualizer = useVirtualizer({
    count: paused.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_ESTIMATE_PX,
    overscan: 3,
    getItemKey: (index) => paused[index]!.id,
  });
  const { activeIndex, setActiveId, onKeyDown } = useRovingFocus({
    ids: paused.map((a) => a.id),
    preferredId: null,
    listRef,
    stopClass: 'agent-link',
    scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }),
  });
  return (
    <aside className="inbox" aria-label="Inbox">
      <h2 id="inbox-heading" className="sidebar-heading">
        Inbox <span className={`count-pill ${paused.length ? 'attention' : ''}`}>{paused.length}</span>
      </h2>
      {paused.length === 0 ? (
        <p className="empty-state small">Nothing waits for you. Agents that need an answer or an approval show up here.</p>
      ) : (
        <div ref={scrollRef} className="inbox-scroll">
          <ul ref={listRef} className="inbox-list" aria-label="Waiting for you" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
            {virtualizer.getVirtualItems().map((row) => (
              <InboxItem
                key={row.key}
                agent={paused[row.index]!}
                tabStop={row.index === activeIndex}
                onFocusRow={setActiveId}
                index={row.index}
                setSize={paused.length}
                offset={row.start}
                measureRef={virtualizer.measureElement}
              />
            ))}
          </ul>
        </div>
      )}
    </aside>
  );
}
