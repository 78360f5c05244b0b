// An agent's output stream, live and virtualized: only the blocks on screen
// are in the DOM, so a stream of 10,000 events scrolls and updates smoothly.
// It follows the end while the reader is at the end, and stays put otherwise.

import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectStream } from '../../store/selectors.js';
import { StreamBlockView } from './StreamBlockView.js';
import './stream.css';

export function AgentStream({ agentId, label = 'Agent output' }: { agentId: string; label?: string }) {
  const { sync } = useServices();
  const stream = useOffloadStore(selectStream(agentId));
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickToEnd = useRef(true);

  useEffect(() => {
    stickToEnd.current = true;
    sync.loadStream(agentId);
  }, [agentId, sync]);

  const blocks = stream.blocks;
  const virtualizer = useVirtualizer({
    count: blocks.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 6,
    getItemKey: (index) => blocks[index]!.key,
  });

  // Following the end: a plain scrollTop write after layout is cheaper than
  // scrollToIndex, which re-measures until it settles, on every update.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && stickToEnd.current && blocks.length > 0) el.scrollTop = el.scrollHeight;
  }, [blocks]);

  return (
    <div
      ref={scrollRef}
      className="stream-scroll"
      role="log"
      aria-label={label}
      aria-live="off"
      tabIndex={0}
      onScroll={(event) => {
        const el = event.currentTarget;
        stickToEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
    >
      {blocks.length === 0 && <div className="stream-empty">Waiting for the agent's first output…</div>}
      <div className="stream-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            className="stream-row"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <StreamBlockView block={blocks[item.index]!} />
          </div>
        ))}
      </div>
    </div>
  );
}
