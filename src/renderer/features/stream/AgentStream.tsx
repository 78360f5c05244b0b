// An agent's output stream, live and virtualized: only the blocks on screen
// are in the DOM, so a stream of 10,000 events scrolls and updates smoothly.
//
// Following: while following, the newest block is always fully visible. The
// end moves when blocks are added, when a row grows (streamed text, command
// output) or is measured, and when the viewport changes size (the pending card
// appears or goes, a panel is resized): one ResizeObserver on the viewport, the
// list and the rows on screen re-pins the end on each of those. It runs after
// the browser's own layout and before paint, so pinning reads no layout of its
// own (a forced layout after every batch of events was most of the stream's
// frame time, bench/ui.ts). Only a scroll the person makes (upwards, away from
// the end) stops following; "Jump to latest" (or scrolling back to the end)
// resumes it.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectStream } from '../../store/selectors.js';
import { StreamBlockView } from './StreamBlockView.js';
import { StreamSearch, useStreamSearch } from './StreamSearch.js';
import './stream.css';

/** Closer than this to the end counts as "at the end" (a person scrolling back down resumes following). */
const AT_END_PX = 8;

export function AgentStream({ agentId, label = 'Agent output' }: { agentId: string; label?: string }) {
  const { sync } = useServices();
  const stream = useOffloadStore(selectStream(agentId));
  const scrollRef = useRef<HTMLDivElement>(null);
  const innerRef = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [showJump, setShowJump] = useState(false);
  /** The scrollTop our own pinning wrote last: a scroll above it is the person's. */
  const pinnedTop = useRef(0);

  const blocks = stream.blocks;
  const search = useStreamSearch(blocks);
  const virtualizer = useVirtualizer({
    count: blocks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 44,
    overscan: 6,
    getItemKey: (index) => blocks[index]!.key,
  });

  const pin = useCallback(() => {
    const el = scrollRef.current;
    if (!el || !following.current) return;
    const top = Math.max(0, el.scrollHeight - el.clientHeight);
    pinnedTop.current = top;
    if (Math.abs(el.scrollTop - top) > 0.5) el.scrollTop = top;
  }, []);

  const setFollowing = useCallback(
    (value: boolean) => {
      following.current = value;
      setShowJump(!value);
      if (value) pin();
    },
    [pin],
  );

  useEffect(() => {
    setFollowing(true);
    sync.loadStream(agentId);
  }, [agentId, sync, setFollowing]);

  // One observer for the viewport, the list's height and each row on screen (see the top of the file).
  const resizes = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Set<Element>());
  const observe = useCallback(
    (node: Element) => {
      if (typeof ResizeObserver === 'undefined') return;
      resizes.current ??= new ResizeObserver(() => pin());
      resizes.current.observe(node);
      observed.current.add(node);
    },
    [pin],
  );
  useEffect(() => {
    if (scrollRef.current) observe(scrollRef.current);
    if (innerRef.current) observe(innerRef.current);
    return () => {
      resizes.current?.disconnect();
      resizes.current = null;
      observed.current.clear();
    };
  }, [observe]);
  const measureRow = useCallback(
    (node: HTMLDivElement | null) => {
      virtualizer.measureElement(node);
      if (node) observe(node);
      else {
        // A row left the screen: stop watching the rows that are gone.
        for (const row of observed.current) {
          if (row.isConnected) continue;
          resizes.current?.unobserve(row);
          observed.current.delete(row);
        }
      }
    },
    [virtualizer, observe],
  );

  // A search hit scrolls to its block: that is the person reading, not following.
  const jumpToBlock = useCallback(
    (index: number) => {
      following.current = false;
      setShowJump(true);
      virtualizer.scrollToIndex(index, { align: 'center' });
    },
    [virtualizer],
  );

  // While following, the rows rendered are those at the end, where the pin is about to put the view: new blocks
  // then cost one render and one layout, not a second pair when the pin's scroll event moves the range.
  const viewportHeight = virtualizer.scrollRect?.height ?? 0;
  if (following.current && viewportHeight > 0) virtualizer.scrollOffset = Math.max(0, virtualizer.getTotalSize() - viewportHeight);

  return (
    <div
      className="stream-frame"
      onKeyDown={(event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
          event.preventDefault();
          search.setOpen(true);
        }
      }}
    >
      <StreamSearch search={search} onJump={jumpToBlock} />
      <div
        ref={scrollRef}
        className="stream-scroll"
        role="log"
        aria-label={label}
        aria-live="off"
        tabIndex={0}
        onScroll={(event) => {
          const el = event.currentTarget;
          const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
          if (fromEnd <= AT_END_PX) {
            if (!following.current) setFollowing(true);
          } else if (following.current && el.scrollTop < pinnedTop.current - 1) {
            // Moved up from where we pinned it: the person scrolled away.
            setFollowing(false);
          } else if (following.current) {
            pin();
          }
        }}
      >
        {blocks.length === 0 && <div className="stream-empty">Waiting for the agent's first output…</div>}
        <div ref={innerRef} className="stream-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.key}
              data-index={item.index}
              ref={measureRow}
              className={`stream-row ${search.current === item.index ? 'search-current' : ''}`}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <StreamBlockView block={blocks[item.index]!} />
            </div>
          ))}
        </div>
      </div>
      {showJump && blocks.length > 0 && (
        <button type="button" className="button small jump-latest" onClick={() => setFollowing(true)}>
          Jump to latest ↓
        </button>
      )}
    </div>
  );
}
