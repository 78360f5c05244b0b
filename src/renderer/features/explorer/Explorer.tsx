// The workspace's files [tree "Explorer"], live: folders are read when opened
// and re-read when the host's watcher reports changes in them. Files agents
// changed or are editing carry a badge naming the agent.
//
// The tree is virtualized (@tanstack/react-virtual): only the rows in view are
// in the page, so a folder of tens of thousands of entries opens and scrolls
// like a small one. Rows are a flat list with aria-level/setsize/posinset;
// one row holds the Tab stop and the arrow keys move it (WAI-ARIA tree view).

import { useCallback, useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { useRovingFocus } from '../common/useRovingFocus.js';
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

  // One Tab stop (the row last focused); Up/Down/Home/End move it (the shared roving focus), Left/Right walk folders.
  const paths = useMemo(() => rows.map((r) => r.entry.path), [rows]);
  const roving = useRovingFocus({
    ids: paths,
    preferredId: null,
    listRef: scrollRef,
    stopClass: 'tree-row',
    idAttribute: 'data-path',
    scrollToIndex: (index) => virtualizer.scrollToIndex(index),
  });
  const { activeIndex, setActiveId } = roving;
  const onFocusRow = useCallback((index: number) => setActiveId(paths[index] ?? null), [paths, setActiveId]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const row = rows[activeIndex];
    if (!row || event.altKey || event.ctrlKey || event.metaKey) return;
    const isOpenFolder = row.entry.kind === 'dir' && Boolean(expanded[row.entry.path]);
    if (event.key === 'ArrowRight') {
      if (row.entry.kind !== 'dir') return;
      if (!isOpenFolder) activateEntry(service, row.entry, true);
      else if (rows[activeIndex + 1]?.level === row.level + 1) roving.focusIndex(activeIndex + 1);
    } else if (event.key === 'ArrowLeft') {
      if (isOpenFolder) activateEntry(service, row.entry, false);
      else if (parentRow(rows, activeIndex) >= 0) roving.focusIndex(parentRow(rows, activeIndex));
    } else return roving.onKeyDown(event);
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
