// What the person must know about the shown file: it changed or was deleted on
// disk (Reload / Compare / Keep mine), it is read-only and why, an agent
// changed it (Show diff / Accept / Reject) or is editing it now.

import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { compareWithDisk, refreshMarks, reloadFromDisk } from './editorActions.js';
import { markLabel } from './AgentBadge.js';
import { useEditorStore, type EditorTab } from './editorStore.js';

export function TabNotices({ tab }: { tab: EditorTab }) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const marks = useEditorStore((s) => s.marks[tab.path]);
  const patchTab = useEditorStore((s) => s.patchTab);
  const openAgent = useOffloadStore((s) => s.openAgent);
  const pending = marks?.filter((m) => m.pending) ?? [];
  const editing = marks?.filter((m) => m.leased) ?? [];
  return (
    <div className="tab-notices">
      {tab.disk === 'changed' && (
        <div className="notice warning" role="alert">
          <span>{tab.dirty ? 'This file changed on disk, and you have unsaved changes.' : 'This file changed on disk.'}</span>
          <button type="button" className="button small" onClick={() => void reloadFromDisk(service, tab.path)}>
            Reload
          </button>
          <button type="button" className="button small" onClick={() => void compareWithDisk(service, tab.path)}>
            Compare
          </button>
          <button type="button" className="button small" onClick={() => patchTab(tab.path, { comparing: false })}>
            Keep mine
          </button>
        </div>
      )}
      {tab.comparing && (
        <div className="notice">
          <span>Left: the file on disk. Right: your version.</span>
          <button type="button" className="button small" onClick={() => patchTab(tab.path, { comparing: false })}>
            Close compare
          </button>
        </div>
      )}
      {tab.disk === 'deleted' && (
        <div className="notice warning" role="status">
          This file was deleted on disk. Saving (Ctrl+S) creates it again; closing the tab discards it.
        </div>
      )}
      {tab.file?.readOnly && (
        <div className="notice" role="status">
          Read-only: {tab.file.readOnly}
        </div>
      )}
      {editing.map((mark) => (
        <div key={`lease-${mark.agentId}`} className="notice warning" role="status">
          Agent {mark.agentName} is editing this file now ({markLabel(mark)}). Saving asks first.
        </div>
      ))}
      {pending.map((mark) => (
        <div key={`pending-${mark.agentId}`} className="notice agent" role="region" aria-label={`Pending change by ${mark.agentName}`}>
          <span>Agent {mark.agentName} changed this file; the change awaits your review.</span>
          <button
            type="button"
            className="button small"
            aria-pressed={tab.agentDiff?.agentId === mark.agentId}
            onClick={() => patchTab(tab.path, { agentDiff: tab.agentDiff?.agentId === mark.agentId ? null : { agentId: mark.agentId } })}
          >
            {tab.agentDiff?.agentId === mark.agentId ? 'Hide diff' : 'Show diff'}
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void run(() => service.accept(mark.agentId, { paths: [tab.path] })).then(() => (patchTab(tab.path, { agentDiff: null }), refreshMarks(service)))}>
            Accept
          </button>
          <button type="button" className="button small" disabled={busy} onClick={() => void run(() => service.reject(mark.agentId, { paths: [tab.path] })).then(() => (patchTab(tab.path, { agentDiff: null }), refreshMarks(service)))}>
            Reject
          </button>
          <button type="button" className="button small link" onClick={() => openAgent(mark.agentId)}>
            Open agent
          </button>
        </div>
      ))}
    </div>
  );
}
