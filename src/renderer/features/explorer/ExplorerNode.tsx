// One file or folder of the Explorer; a folder reads its entries when first
// opened (and again when the watcher says they changed).

import { memo } from 'react';
import type { DirEntry } from '../../../shared/contract/editorService.js';
import { useServices } from '../../app/servicesContext.js';
import { AgentBadge } from '../editor/AgentBadge.js';
import { openInEditor, refreshFolder } from '../editor/editorActions.js';
import { useEditorStore } from '../editor/editorStore.js';

export const ExplorerNode = memo(function ExplorerNode({ entry, depth }: { entry: DirEntry; depth: number }) {
  const { service } = useServices();
  const selected = useEditorStore((s) => s.activePath === entry.path);
  const expanded = useEditorStore((s) => Boolean(s.expanded[entry.path]));
  const children = useEditorStore((s) => (entry.kind === 'dir' ? s.folders[entry.path] : undefined));
  const marks = useEditorStore((s) => s.marks[entry.path]);
  const setExpanded = useEditorStore((s) => s.setExpanded);

  const toggle = () => {
    if (entry.kind === 'file') return openInEditor(entry.path);
    const next = !expanded;
    setExpanded(entry.path, next);
    if (next && !children) void refreshFolder(service, entry.path);
  };

  return (
    <li
      role="treeitem"
      aria-expanded={entry.kind === 'dir' ? expanded : undefined}
      aria-selected={selected}
      aria-label={entry.name}
      data-path={entry.path}
      data-kind={entry.kind}
    >
      <button
        type="button"
        className={`tree-row ${selected ? 'selected' : ''} ${marks?.length ? 'agent-marked' : ''}`}
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
        <span className="tree-name">{entry.name}</span>
        <AgentBadge marks={marks} />
      </button>
      {expanded && children && (
        <ul role="group">
          {children.map((child) => (
            <ExplorerNode key={child.path} entry={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
});
