// Keeps the editor in step with the host: the explorer's root, the watcher's
// changes and status, the agents' marks on files; keeps unsaved buffers in
// localStorage so a page reload (or a host restart) loses nothing; and binds
// the editor's shortcuts.

import { useEffect } from 'react';
import { isMac } from '../../app/format.js';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { applyFileChanges, closeTab, loadTab, refreshFolder, saveTab } from './editorActions.js';
import { contextFor, setComposerContext } from './composerContext.js';
import { currentText, shownEditor } from './editorModels.js';
import { useEditorStore, type EditorTab } from './editorStore.js';

const MARKS_DELAY_MS = 300;
const PERSIST_DELAY_MS = 300;

interface Persisted {
  active: string | null;
  tabs: { path: string; draft: string | null; version: string | null }[];
}

function storageKey(workspace: string): string {
  return `offload.editor:${workspace}`;
}

function restore(workspace: string): Persisted | null {
  try {
    const raw = localStorage.getItem(storageKey(workspace));
    return raw ? (JSON.parse(raw) as Persisted) : null;
  } catch {
    return null;
  }
}

function persist(workspace: string, tabs: EditorTab[], active: string | null): void {
  const saved: Persisted = {
    active,
    tabs: tabs.map((t) => ({
      path: t.path,
      draft: t.dirty ? (currentText(t.path) ?? t.draft) : null,
      version: t.file?.version ?? null,
    })),
  };
  try {
    localStorage.setItem(storageKey(workspace), JSON.stringify(saved));
  } catch {
    // Storage full: the tabs still work, they just do not survive a reload.
  }
}

export function useEditorSync() {
  const { service, onEvent } = useServices();
  const connection = useOffloadStore((s) => s.connection);
  const workspace = useOffloadStore((s) => s.hostInfo?.workspace ?? null);

  // Folders and open files re-read on every (re)connect: the host may have restarted.
  useEffect(() => {
    if (connection !== 'open') return;
    const state = useEditorStore.getState();
    const folders = new Set(['', ...Object.keys(state.folders)]);
    for (const folder of folders) void refreshFolder(service, folder);
    for (const tab of state.tabs) void loadTab(service, tab.path);
    service.getWatchStatus().then(state.setWatch, () => undefined);
  }, [service, connection]);

  // Tabs and unsaved text from before a page reload.
  useEffect(() => {
    if (!workspace) return;
    const saved = restore(workspace);
    const state = useEditorStore.getState();
    if (saved && state.tabs.length === 0) {
      for (const entry of saved.tabs) {
        state.openTab(entry.path);
        if (entry.draft !== null) {
          // The version the draft was made over: loadTab compares it with the disk's.
          state.patchTab(entry.path, {
            draft: entry.draft,
            dirty: true,
            draftBase: entry.version,
          });
        }
      }
      if (saved.active && saved.tabs.some((t) => t.path === saved.active)) state.activate(saved.active);
      if (saved.active) useOffloadStore.getState().openFile(saved.active);
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = useEditorStore.subscribe((next, previous) => {
      if (next.tabs === previous.tabs && next.activePath === previous.activePath) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => persist(workspace, useEditorStore.getState().tabs, useEditorStore.getState().activePath), PERSIST_DELAY_MS);
    });
    const flush = () => persist(workspace, useEditorStore.getState().tabs, useEditorStore.getState().activePath);
    window.addEventListener('pagehide', flush);
    return () => {
      stop();
      window.removeEventListener('pagehide', flush);
      if (timer) clearTimeout(timer);
    };
  }, [workspace]);

  // The watcher's changes and status; the agents' marks.
  useEffect(() => {
    let marksTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshMarks = () => {
      if (marksTimer) return;
      marksTimer = setTimeout(() => {
        marksTimer = null;
        service.listAgentFiles().then(useEditorStore.getState().setMarks, () => undefined);
      }, MARKS_DELAY_MS);
    };
    refreshMarks();
    const stops = [
      onEvent('onDidChangeFiles', (event) => {
        void applyFileChanges(service, event);
        refreshMarks();
      }),
      onEvent('onDidChangeWatchStatus', (status) => useEditorStore.getState().setWatch(status)),
      onEvent('onDidChangeAgent', refreshMarks),
      // Every agent's, also those this page does not show (an Accept in another window).
      onEvent('onDidChangeAgentFiles', refreshMarks),
    ];
    return () => {
      for (const stop of stops) stop();
      if (marksTimer) clearTimeout(marksTimer);
    };
  }, [service, onEvent, connection]);

  // Ctrl/Cmd+S save, Ctrl/Cmd+W close, Ctrl/Cmd+P quick open, Ctrl/Cmd+Shift+F search.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      const state = useEditorStore.getState();
      const onEditor = useOffloadStore.getState().mainView.kind === 'file';
      if (key === 'i' && !event.shiftKey && !useOffloadStore.getState().composerOpen) {
        // The Composer (opened by the shell's own Ctrl/Cmd+I) starts from what has focus: a selection, a file.
        const focused = document.activeElement;
        const ed = shownEditor();
        const treeItem = focused?.closest<HTMLElement>('[role="treeitem"][data-kind="file"]');
        if (ed && state.activePath && focused?.closest('.code-editor')) setComposerContext(contextFor(state.activePath, ed.getModel(), ed.getSelection()));
        else if (treeItem?.dataset.path) setComposerContext(`@${treeItem.dataset.path}\n\n`);
        return;
      }
      let handled = true;
      if (key === 's' && !event.shiftKey) {
        if (onEditor && state.activePath) void saveTab(service, state.activePath);
      } else if (key === 'w' && !event.shiftKey) {
        if (onEditor && state.activePath) closeTab(state.activePath);
        else handled = false;
      } else if (key === 'p' && !event.shiftKey) {
        state.setQuickOpenOpen(true);
      } else if (key === 'f' && event.shiftKey) {
        state.setSearchOpen(true);
      } else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [service]);
}
