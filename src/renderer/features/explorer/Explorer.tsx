// The workspace's files [tree "Explorer"], live: folders are read when opened
// and re-read when the host's watcher reports changes in them. Files agents
// changed or are editing carry a badge naming the agent.
//
// The tree is virtualized (@tanstack/react-virtual): only the rows in view are
// in the page, so a folder of tens of thousands of entries opens and scrolls
// like a small one. Rows are a flat list with aria-level/setsize/posinset;
// one row holds the Tab stop and the arrow keys move it (WAI-ARIA tree view).

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { useEditorStore } from '../editor/editorStore.js';
import { useEditorSync } from '../editor/useEditorSync.js';
import { explorerRows, parentRow } from './explorerRows.js';
import { activateEntry, ExplorerRow, ROW_HEIGHT_PX } from './ExplorerRow.js';
import './explorer.css';

export function Explorer() {
  useEditorSync();
  const { service } = useServices();
  const workspace = useOffloadStore((s) => s.hostInfo?.workspace ?? '');
  const folders = useEditorStore((s) => s.folders);
  const expanded = useEditorStore((s) => s.expanded);
  const notice = useEditorStore((s) => s.watch.notice);
  const folderName = workspace.split(/[\\/]/).filter(Boolean).pop() ?? 'Workspace';
  const rows = useMemo(() => explorerRows(folders, expanded), [folders, expanded]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 10,
    getItemKey: (index) => rows[index]!.entry.path,
  });

  // The Tab stop follows the row last focused (by path, so it survives rows added above it).
  const [activePath, setActivePath] = useState<string | null>(null);
  const found = activePath ? rows.findIndex((r) => r.entry.path === activePath) : -1;
  const activeIndex = found >= 0 ? found : 0;
  const focusWanted = useRef(false);
  const onFocusRow = useCallback((index: number) => setActivePath(rows[index]?.entry.path ?? null), [rows]);

  const moveTo = (index: number) => {
    const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!target) return;
    focusWanted.current = true;
    setActivePath(target.entry.path);
    virtualizer.scrollToIndex(rows.indexOf(target));
  };

  // Focus the active row once it is rendered (it may have just scrolled into view).
  useEffect(() => {
    if (!focusWanted.current) return;
    const button = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"] > button`);
    if (!button) return;
    focusWanted.current = false;
    button.focus({ preventScroll: true });
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[activeIndex];
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const isOpenFolder = row.entry.kind === 'dir' && Boolean(expanded[row.entry.path]);
    switch (event.key) {
      case 'ArrowDown':
        moveTo(activeIndex + 1);
        break;
      case 'ArrowUp':
        moveTo(activeIndex - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.entry.kind !== 'dir') return;
        if (!isOpenFolder) activateEntry(service, row.entry, true);
        else if (rows[activeIndex + 1]?.level === row.level + 1) moveTo(activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (isOpenFolder) activateEntry(service, row.entry, false);
        else if (parentRow(rows, activeIndex) >= 0) moveTo(parentRow(rows, activeIndex));
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <section className="sidebar-section files-section" aria-labelledby="files-heading">
      <h2 id="files-heading" className="sidebar-heading" title={workspace}>
        Explorer <span className="muted-inline">{folderName}</span>
      </h2>
      {notice && (
        <p className="watch-notice" role="status">
          {notice}
        </p>
      )}
      <div ref={scrollRef} role="tree" aria-label="Explorer" className="file-tree" onKeyDown={onKeyDown}>
        <div className="tree-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <ExplorerRow
              key={item.key}
              row={rows[item.index]!}
              index={item.index}
              offset={item.start}
              tabStop={item.index === activeIndex}
              onFocusRow={onFocusRow}
            />
          ))}
        </div>
      </div>
      {folders[''] && folders[''].length === 0 && <p className="empty-state small">This folder is empty.</p>}
    </section>
  );
}
