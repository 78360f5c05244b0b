// The editor: tabs [tablist "Editors"], what the person must know about the
// shown file, and Monaco (or a side-by-side diff when comparing with the disk
// or showing an agent's pending change).

import { useEffect, useState } from 'react';
import type { FileDiff } from '../../../shared/review.js';
import { useServices } from '../../app/servicesContext.js';
import { currentText } from './editorModels.js';
import { loadTab } from './editorActions.js';
import { CodeEditor } from './CodeEditor.js';
import { DiffView } from './DiffView.js';
import { EditorTabs } from './EditorTabs.js';
import { useEditorStore } from './editorStore.js';
import { SavePrompt } from './SavePrompt.js';
import { TabNotices } from './TabNotices.js';
import './editor.css';

export function EditorArea({ path }: { path: string }) {
  const { service } = useServices();
  const tabs = useEditorStore((s) => s.tabs);
  const activePath = useEditorStore((s) => s.activePath);
  const openTab = useEditorStore((s) => s.openTab);
  const tab = tabs.find((t) => t.path === activePath) ?? null;

  // The shell's "show this file" (uiSlice.openFile) opens it as a tab.
  useEffect(() => {
    if (!useEditorStore.getState().tabs.some((t) => t.path === path)) openTab(path);
    else useEditorStore.getState().activate(path);
  }, [path, openTab]);

  // Tabs read their file when first shown.
  useEffect(() => {
    if (tab && !tab.file && !tab.error) void loadTab(service, tab.path);
  }, [service, tab?.path, tab?.file, tab?.error]);

  return (
    <section className="editor-area" aria-label="Editor">
      <EditorTabs />
      {tab && (
        <>
          <TabNotices tab={tab} />
          {tab.error && <p className="inline-error">{tab.error}</p>}
          {tab.file?.binary && <p className="empty-state">This is a binary file ({tab.file.size.toLocaleString()} bytes); it is not shown as text.</p>}
          {tab.comparing && tab.diskFile ? (
            <DiffView path={tab.path} original={tab.diskFile.content ?? ''} modified={currentText(tab.path) ?? tab.draft ?? ''} height={-1} />
          ) : tab.agentDiff ? (
            <AgentDiff agentId={tab.agentDiff.agentId} path={tab.path} />
          ) : (
            !tab.file?.binary && <CodeEditor tab={tab} />
          )}
        </>
      )}
      {!tab && <p className="empty-state">No file is open. Open one from the Explorer or with quick open ({navigator.platform.includes('Mac') ? '⌘P' : 'Ctrl+P'}).</p>}
      <SavePrompt />
    </section>
  );
}

function AgentDiff({ agentId, path }: { agentId: string; path: string }) {
  const { service } = useServices();
  const [diff, setDiff] = useState<FileDiff | null | 'none'>(null);
  useEffect(() => {
    let live = true;
    service.getDiff(agentId, path).then(
      (list) => live && setDiff(list[0] ?? 'none'),
      () => live && setDiff('none'),
    );
    return () => {
      live = false;
    };
  }, [service, agentId, path]);
  if (diff === null) return <p className="empty-state">Loading the agent's change…</p>;
  if (diff === 'none') return <p className="empty-state">This agent has no pending change to this file any more.</p>;
  return <DiffView path={path} original={diff.original ?? ''} modified={diff.modified ?? ''} height={-1} />;
}
