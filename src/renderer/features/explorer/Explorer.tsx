// The workspace's files [tree "Explorer"], live: folders are read when opened
// and re-read when the host's watcher reports changes in them. Files agents
// changed or are editing carry a badge naming the agent.

import { useOffloadStore } from '../../store/offloadStore.js';
import { useEditorStore } from '../editor/editorStore.js';
import { useEditorSync } from '../editor/useEditorSync.js';
import { ExplorerNode } from './ExplorerNode.js';
import './explorer.css';

export function Explorer() {
  useEditorSync();
  const workspace = useOffloadStore((s) => s.hostInfo?.workspace ?? '');
  const root = useEditorStore((s) => s.folders['']);
  const notice = useEditorStore((s) => s.watch.notice);
  const folderName = workspace.split(/[\\/]/).filter(Boolean).pop() ?? 'Workspace';
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
      <ul role="tree" aria-label="Explorer" className="file-tree">
        {root?.map((entry) => <ExplorerNode key={entry.path} entry={entry} depth={0} />)}
      </ul>
      {root && root.length === 0 && <p className="empty-state small">This folder is empty.</p>}
    </section>
  );
}
