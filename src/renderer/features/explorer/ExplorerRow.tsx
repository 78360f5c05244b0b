// One file or folder of the Explorer (one row of the virtualized tree). A
// folder reads its entries when first opened (and again when the watcher says
// they changed).

import { memo } from 'react';
import type { DirEntry } from '../../../shared/contract/editorService.js';
import type { OffloadService } from '../../../shared/contract/offloadService.js';
import { useServices } from '../../app/servicesContext.js';
import { AgentBadge } from '../editor/AgentBadge.js';
import { openInEditor, refreshFolder } from '../editor/editorActions.js';
import { useEditorStore } from '../editor/editorStore.js';
import type { ExplorerRow as Row } from './explorerRows.js';

export const ROW_HEIGHT_PX = 22;

/** Opens a file, or opens/closes a folder (reading it the first time). */
export function activateEntry(service: OffloadService, entry: DirEntry, open?: boolean): void {
  if (entry.kind === 'file') return openInEditor(entry.path);
  const state = useEditorStore.getState();
  const next = open ?? !state.expanded[entry.path];
  state.setExpanded(entry.path, next);
  if (next && !state.folders[entry.path]) void refreshFolder(service, entry.path);
}

interface ExplorerRowProps {
  row: Row;
  index: number;
  offset: number;
  /** This row holds the tree's one Tab stop. */
  tabStop: boolean;
  onFocusRow(index: number): void;
}

export const ExplorerRow = memo(function ExplorerRow({ row, index, offset, tabStop, onFocusRow }: ExplorerRowProps) {
  const { service } = useServices();
  const { entry, level } = row;
  const selected = useEditorStore((s) => s.activePath === entry.path);
  const expanded = useEditorStore((s) => Boolean(s.expanded[entry.path]));
  const marks = useEditorStore((s) => s.marks[entry.path]);

  return (
    <div
      role="treeitem"
      aria-level={level}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-expanded={entry.kind === 'dir' ? expanded : undefined}
      aria-selected={selected}
      aria-label={entry.name}
      data-path={entry.path}
      data-kind={entry.kind}
      className="tree-item"
      style={{ transform: `translateY(${offset}px)` }}
    >
      <button
        type="button"
        tabIndex={tabStop ? 0 : -1}
        className={`tree-row ${selected ? 'selected' : ''} ${marks?.length ? 'agent-marked' : ''}`}
        style={{ paddingLeft: 8 + (level - 1) * 12 }}
        onClick={() => activateEntry(service, entry)}
        onFocus={() => onFocusRow(index)}
      >
        <span className={`tree-icon ${entry.kind}`} aria-hidden="true">
          {entry.kind === 'dir' ? (expanded ? '▾' : '▸') : ''}
        </span>
        <span className="tree-name">{entry.name}</span>
        <AgentBadge marks={marks} />
      </button>
    </div>
  );
});
