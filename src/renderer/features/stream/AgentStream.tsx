// An agent's output stream, live and virtualized: only the blocks on screen
// are in the DOM, so a stream of 10,000 events scrolls and updates smoothly.
//
// Following: while following, the newest block is always fully visible. Row
// heights are estimated until measured, so the end moves as rows are measured
// and whenever the viewport changes size (the pending card appears or goes, a
// panel is resized): a ResizeObserver re-pins the end on each of those. Only a
// scroll the person makes (upwards, away from the end) stops following; "Jump
// to latest" (or scrolling back to the end) resumes it.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
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

  useLayoutEffect(pin, [blocks, pin]);

  // Sizes change without a render of ours: rows measured, the viewport resized.
  useEffect(() => {
    const el = scrollRef.current;
    const inner = innerRef.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => pin());
    observer.observe(el);
    observer.observe(inner);
    return () => observer.disconnect();
  }, [pin]);

  // A search hit scrolls to its block: that is the person reading, not following.
  const jumpToBlock = useCallback(
    (index: number) => {
      following.current = false;
      setShowJump(true);
      virtualizer.scrollToIndex(index, { align: 'center' });
    },
    [virtualizer],
  );

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
              ref={virtualizer.measureElement}
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
