// The editor's state: open tabs (each a file, what was last read or saved, the
// person's unsaved text, what the disk holds now), the explorer's listed folders,
// the agents' marks on files and the watcher's status. It is its own zustand
// store: buffers are the editor's business, and typing in a file must not
// re-render the agents' views.

import { create } from 'zustand';
import type { AgentFileMark, DirEntry, FileContent, WatchStatus } from '../../../shared/contract/editorService.js';

export type DiskState =
  /** The disk holds what the tab last read or saved. */
  | 'same'
  /** Someone else changed the file on disk since. */
  | 'changed'
  /** The file was deleted on disk while open. */
  | 'deleted';

export interface EditorTab {
  path: string;
  /** The last read or saved file (content null while loading, or binary). */
  file: FileContent | null;
  /** The person's text (kept for a page reload) when it differs from what was read or saved; null when clean. */
  draft: string | null;
  /** The buffer differs from what was read or saved. */
  dirty: boolean;
  /** For a draft restored after a page reload: the file version it was made over. */
  draftBase: string | null;
  disk: DiskState;
  /** The disk's newer content when disk === 'changed' (for Compare). */
  diskFile: FileContent | null;
  /** Show the disk's version beside the person's (Compare). */
  comparing: boolean;
  /** The agent diff shown beside (its pending change). */
  agentDiff: { agentId: string } | null;
  error: string | null;
  /** A line to reveal once (quick open, search results). */
  reveal: { line: number; column: number; token: number } | null;
}

/** A question the editor asks before a save (the disk changed; an agent holds the file). */
export interface SavePrompt {
  kind: 'conflict' | 'lease';
  path: string;
  message: string;
}

export interface EditorState {
  prompt: SavePrompt | null;
  setPrompt(prompt: SavePrompt | null): void;
  tabs: EditorTab[];
  activePath: string | null;
  /** Folder path ('' for the root) -> its entries, for folders the explorer has read. */
  folders: Record<string, DirEntry[]>;
  expanded: Record<string, boolean>;
  /** Workspace-relative path -> agents' marks on it. */
  marks: Record<string, AgentFileMark[]>;
  watch: WatchStatus;
  quickOpenOpen: boolean;
  searchOpen: boolean;
  openTab(path: string, reveal?: { line: number; column?: number }): void;
  closeTab(path: string): void;
  activate(path: string): void;
  patchTab(path: string, patch: Partial<EditorTab>): void;
  setFolder(path: string, entries: DirEntry[]): void;
  dropFolder(path: string): void;
  setExpanded(path: string, expanded: boolean): void;
  setMarks(marks: AgentFileMark[]): void;
  setWatch(status: WatchStatus): void;
  setQuickOpenOpen(open: boolean): void;
  setSearchOpen(open: boolean): void;
}

let revealToken = 0;

function newTab(path: string): EditorTab {
  return { path, file: null, draft: null, dirty: false, draftBase: null, disk: 'same', diskFile: null, comparing: false, agentDiff: null, error: null, reveal: null };
}

export const useEditorStore = create<EditorState>()((set) => ({
  prompt: null,
  setPrompt(prompt) {
    set({ prompt });
  },
  tabs: [],
  activePath: null,
  folders: {},
  expanded: {},
  marks: {},
  watch: { mode: 'off', notice: null },
  quickOpenOpen: false,
  searchOpen: false,
  openTab(path, reveal) {
    set((state) => {
      const at = reveal ? { line: reveal.line, column: reveal.column ?? 1, token: ++revealToken } : null;
      const existing = state.tabs.find((t) => t.path === path);
      const tabs = existing
        ? at
          ? state.tabs.map((t) => (t.path === path ? { ...t, reveal: at } : t))
          : state.tabs
        : [...state.tabs, { ...newTab(path), reveal: at }];
      return { tabs, activePath: path };
    });
  },
  closeTab(path) {
    set((state) => {
      const index = state.tabs.findIndex((t) => t.path === path);
      if (index < 0) return state;
      const tabs = state.tabs.filter((t) => t.path !== path);
      const activePath =
        state.activePath === path ? (tabs[Math.min(index, tabs.length - 1)]?.path ?? null) : state.activePath;
      return { tabs, activePath };
    });
  },
  activate(activePath) {
    set({ activePath });
  },
  patchTab(path, patch) {
    set((state) => ({ tabs: state.tabs.map((t) => (t.path === path ? { ...t, ...patch } : t)) }));
  },
  setFolder(path, entries) {
    set((state) => ({ folders: { ...state.folders, [path]: entries } }));
  },
  dropFolder(path) {
    set((state) => {
      const folders = { ...state.folders };
      for (const key of Object.keys(folders)) if (key === path || key.startsWith(`${path}/`)) delete folders[key];
      return { folders };
    });
  },
  setExpanded(path, expanded) {
    set((state) => ({ expanded: { ...state.expanded, [path]: expanded } }));
  },
  setMarks(list) {
    const marks: Record<string, AgentFileMark[]> = {};
    for (const mark of list) (marks[mark.path] ??= []).push(mark);
    set({ marks });
  },
  setWatch(watch) {
    set({ watch });
  },
  setQuickOpenOpen(quickOpenOpen) {
    set({ quickOpenOpen });
  },
  setSearchOpen(searchOpen) {
    set({ searchOpen });
  },
}));

export function fileName(path: string): string {
  return path.split('/').pop() ?? path;
}
