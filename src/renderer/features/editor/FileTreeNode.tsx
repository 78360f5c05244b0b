// One file or folder of the tree; folders read their entries when first opened.

import { useState } from 'react';
import type { DirEntry } from '../../../shared/contract/offloadService.js';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';

export function FileTreeNode({ entry, depth }: { entry: DirEntry; depth: number }) {
  const { service } = useServices();
  const openFile = useOffloadStore((s) => s.openFile);
  const selected = useOffloadStore((s) => s.mainView.kind === 'file' && s.mainView.path === entry.path);
  const showError = useOffloadStore((s) => s.showError);
  const [expanded, setExpanded] = useState(false);
  const [children, setChildren] = useState<DirEntry[] | null>(null);

  const toggle = () => {
    if (entry.kind === 'file') return openFile(entry.path);
    const next = !expanded;
    setExpanded(next);
    if (next && !children) {
      service
        .listDir(entry.path)
        .then(setChildren)
        .catch((e: unknown) => showError(e instanceof Error ? e.message : String(e)));
    }
  };

  return (
    <li role="treeitem" aria-expanded={entry.kind === 'dir' ? expanded : undefined} aria-selected={selected} aria-label={entry.name}>
      <button
        type="button"
        className={`tree-row ${selected ? 'selected' : ''}`}
        style={{ paddingLeft: 8 + depth * 12 }}
        onClick={toggle}
        onKeyDown={(event) => {
          if (entry.kind !== 'dir') return;
          if ((event.key === 'ArrowRight' && !expanded) || (event.key === 'ArrowLeft' && expanded)) {
            event.preventDefault();
            toggle();
          }
        }}
      >
        <span className={`tree-icon ${entry.kind}`} aria-hidden="true">
          {entry.kind === 'dir' ? (expanded ? '▾' : '▸') : ''}
        </span>
        {entry.name}
      </button>
      {expanded && children && (
        <ul role="group">
          {children.map((child) => (
            <FileTreeNode key={child.path} entry={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
