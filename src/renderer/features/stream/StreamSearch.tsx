// Search within one agent's stream (Ctrl+F / Cmd+F while the stream has focus,
// or the "Search stream" button): finds blocks whose text contains the query,
// case-insensitively, and steps through them with Enter / Shift+Enter.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { StreamBlock } from '../../store/streamBlocks.js';
import { toolSummary } from './toolSummary.js';

function blockText(block: StreamBlock): string {
  switch (block.kind) {
    case 'prompt':
    case 'text':
    case 'answer':
    case 'notice':
      return block.text;
    case 'tool':
      return `${toolSummary(block.tool, block.input)}\n${block.output}\n${block.result?.content ?? ''}`;
    case 'pause':
      return block.item.kind === 'input' ? block.item.question : block.item.command;
    case 'retries':
      return block.text;
  }
}

export interface StreamSearchState {
  open: boolean;
  setOpen(open: boolean): void;
  query: string;
  setQuery(query: string): void;
  matches: number[];
  /** The block index of the match shown now, or null. */
  current: number | null;
  step(direction: 1 | -1): number | null;
}

export function useStreamSearch(blocks: StreamBlock[]): StreamSearchState {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [position, setPosition] = useState(0);
  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    if (!open || !needle) return [];
    const found: number[] = [];
    blocks.forEach((block, index) => {
      if (blockText(block).toLowerCase().includes(needle)) found.push(index);
    });
    return found;
  }, [blocks, query, open]);
  const safe = matches.length ? Math.min(position, matches.length - 1) : 0;
  return {
    open,
    setOpen,
    query,
    setQuery(value) {
      setQuery(value);
      setPosition(0);
    },
    matches,
    current: matches.length ? matches[safe]! : null,
    step(direction) {
      if (!matches.length) return null;
      const next = (safe + direction + matches.length) % matches.length;
      setPosition(next);
      return matches[next]!;
    },
  };
}

export function StreamSearch({ search, onJump }: { search: StreamSearchState; onJump: (index: number) => void }) {
  const field = useRef<HTMLInputElement>(null);
  const { open, current } = search;
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  useEffect(() => {
    if (open && current !== null) onJump(current);
  }, [open, current, onJump]);

  if (!open) {
    return (
      <button type="button" className="icon-button stream-search-toggle" aria-label="Search stream" title="Search stream (Ctrl+F)" onClick={() => search.setOpen(true)}>
        ⌕
      </button>
    );
  }
  const n = search.matches.length;
  const at = current === null ? 0 : search.matches.indexOf(current) + 1;
  return (
    <div className="stream-search" role="search" aria-label="Search in stream">
      <input
        ref={field}
        type="search"
        aria-label="Search in stream"
        placeholder="Search this stream"
        value={search.query}
        onChange={(event) => search.setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            search.step(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            search.setOpen(false);
          }
        }}
      />
      <span className="stream-search-count" role="status">
        {search.query.trim() ? (n ? `${at} of ${n}` : 'No matches') : ''}
      </span>
      <button type="button" className="icon-button" aria-label="Previous match" disabled={!n} onClick={() => search.step(-1)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label="Next match" disabled={!n} onClick={() => search.step(1)}>
        ↓
      </button>
      <button type="button" className="icon-button" aria-label="Close search" onClick={() => search.setOpen(false)}>
        ×
      </button>
    </div>
  );
}
