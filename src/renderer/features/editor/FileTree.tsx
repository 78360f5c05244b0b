// The workspace's files, read folder by folder through listDir.

import { useEffect, useState } from 'react';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectWorkspaceChangeStamp } from '../../store/selectors.js';
import { FileTreeNode } from './FileTreeNode.js';
import type { DirEntry } from '../../../shared/contract/offloadService.js';
import './editor.css';

export function FileTree() {
  const { service } = useServices();
  const connection = useOffloadStore((s) => s.connection);
  const workspace = useOffloadStore((s) => s.hostInfo?.workspace ?? '');
  // Agents create and delete files: re-read the top level when they may have.
  const changeStamp = useOffloadStore(selectWorkspaceChangeStamp);
  const [entries, setEntries] = useState<DirEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    service
      .listDir()
      .then((list) => live && (setEntries(list), setError(null)))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [service, connection, changeStamp]);

  const folderName = workspace.split(/[\\/]/).filter(Boolean).pop() ?? 'Workspace';
  return (
    <section className="sidebar-section files-section" aria-label="Explorer">
      <h2 id="files-heading" className="sidebar-heading" title={workspace}>
        Explorer <span className="muted-inline">{folderName}</span>
      </h2>
      {error && <p className="inline-error">{error}</p>}
      <ul role="tree" aria-label="Files" className="file-tree">
        {entries?.map((entry) => <FileTreeNode key={entry.path} entry={entry} depth={0} />)}
      </ul>
      {entries && entries.length === 0 && <p className="empty-state small">This folder is empty.</p>}
    </section>
  );
}
