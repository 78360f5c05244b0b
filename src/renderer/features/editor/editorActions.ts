// What the editor does with the host: load a tab, save it (asking first when
// the disk changed or an agent holds the file), reload it from disk, follow
// the watcher's changes. Components call these; they hold no state themselves.

import { MAX_SAVE_CHARS, type FileContent, type FilesChangedEvent } from '../../../shared/contract/editorService.js';
import type { OffloadService } from '../../../shared/contract/offloadService.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { currentText, disposeModel, isSavedText, markSaved, replaceText } from './editorModels.js';
import { fileName, useEditorStore, type EditorTab } from './editorStore.js';

const editor = () => useEditorStore.getState();

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

function tabOf(path: string): EditorTab | undefined {
  return editor().tabs.find((t) => t.path === path);
}

export async function loadTab(service: OffloadService, path: string): Promise<void> {
  try {
    const file = await service.readFile(path);
    const tab = tabOf(path);
    if (!tab) return;
    // A draft restored after a page reload, made over another version than the disk's now: the person decides.
    const stale = tab.draft !== null && tab.draftBase !== null && tab.draftBase !== file.version;
    editor().patchTab(path, {
      file,
      error: null,
      disk: stale ? 'changed' : 'same',
      diskFile: stale ? file : null,
      dirty: tab.draft !== null && tab.draft !== file.content,
      draftBase: null,
    });
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND' && tabOf(path)?.file) {
      editor().patchTab(path, { disk: 'deleted' });
      return;
    }
    editor().patchTab(path, { error: messageOf(error) });
  }
}

export interface SaveChoice {
  /** The person chose to overwrite a change on disk. */
  overwrite?: boolean;
  /** The person chose to save although an agent holds the file. */
  ignoreLease?: boolean;
}

export async function saveTab(service: OffloadService, path: string, choice: SaveChoice = {}): Promise<boolean> {
  const tab = tabOf(path);
  if (!tab?.file) return false;
  if (tab.file.readOnly) {
    useOffloadStore.getState().showError(`${fileName(path)} cannot be saved: ${tab.file.readOnly}`);
    return false;
  }
  const text = currentText(path) ?? tab.draft ?? tab.file.content ?? '';
  if (text.length > MAX_SAVE_CHARS) {
    useOffloadStore.getState().showError(`${fileName(path)} was not saved: over ${MAX_SAVE_CHARS / 1024 / 1024} million characters is more than the editor saves. Your text is still in the editor.`);
    return false;
  }
  if (tab.disk === 'changed' && !choice.overwrite) {
    editor().setPrompt({ kind: 'conflict', path, message: `${path} changed on disk since you opened it. Saving would overwrite that change.` });
    return false;
  }
  try {
    const saved = await service.writeFile(path, text, {
      expectedVersion: tab.disk === 'deleted' ? undefined : tab.file.version,
      overwrite: choice.overwrite,
      ignoreLease: choice.ignoreLease,
    });
    const latest = tabOf(path);
    if (!latest?.file) return true;
    // Typing may have gone on while the save was on its way: only the saved text is clean.
    const unchanged = currentText(path) === text;
    if (unchanged) markSaved(path);
    editor().patchTab(path, {
      file: { ...latest.file, content: text, version: saved.version, size: saved.size },
      disk: 'same',
      diskFile: null,
      comparing: false,
      dirty: !unchanged,
      draft: unchanged ? null : latest.draft,
      error: null,
    });
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'CONFLICT') editor().setPrompt({ kind: 'conflict', path, message: messageOf(error) });
    else if (code === 'LEASED') editor().setPrompt({ kind: 'lease', path, message: messageOf(error) });
    else useOffloadStore.getState().showError(messageOf(error));
    return false;
  }
}

/** Drops the person's text for the disk's (Reload). */
export async function reloadFromDisk(service: OffloadService, path: string): Promise<void> {
  const tab = tabOf(path);
  let file: FileContent;
  try {
    file = tab?.diskFile ?? (await service.readFile(path));
  } catch (error) {
    useOffloadStore.getState().showError(messageOf(error));
    return;
  }
  replaceText(path, file.content ?? '');
  editor().patchTab(path, { file, draft: null, dirty: false, disk: 'same', diskFile: null, comparing: false });
}

/** Shows the disk's version beside the person's (keep mine and compare). */
export async function compareWithDisk(service: OffloadService, path: string): Promise<void> {
  try {
    const diskFile = await service.readFile(path);
    editor().patchTab(path, { diskFile, comparing: true, disk: tabOf(path)?.file?.version === diskFile.version ? 'same' : 'changed' });
  } catch (error) {
    useOffloadStore.getState().showError(messageOf(error));
  }
}

export function closeTab(path: string): void {
  const tab = tabOf(path);
  if (!tab) return;
  if (tab.dirty && !window.confirm(`${fileName(path)} has unsaved changes. Close it and discard them?`)) return;
  editor().closeTab(path);
  disposeModel(path);
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

export async function refreshFolder(service: OffloadService, folder: string): Promise<void> {
  try {
    editor().setFolder(folder, await service.listDir(folder));
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND') editor().dropFolder(folder);
  }
}

/** An open tab's file may have changed on disk: reload a clean tab, offer the choice for a dirty one. */
async function checkOpenTab(service: OffloadService, path: string): Promise<void> {
  const tab = tabOf(path);
  if (!tab?.file) return;
  let file: FileContent;
  try {
    file = await service.readFile(path);
  } catch (error) {
    if (codeOf(error) === 'NOT_FOUND') editor().patchTab(path, { disk: 'deleted' });
    return;
  }
  const now = tabOf(path);
  if (!now?.file) return;
  if (file.version === now.file.version) {
    if (now.disk !== 'same') editor().patchTab(path, { disk: 'same', diskFile: null });
    return;
  }
  if (!now.dirty && isSavedText(path)) {
    replaceText(path, file.content ?? '');
    editor().patchTab(path, { file, disk: 'same', diskFile: null, draft: null });
  } else {
    editor().patchTab(path, { disk: 'changed', diskFile: file });
  }
}

/** The watcher's batch: re-read the folders and open files it touches. */
export async function applyFileChanges(service: OffloadService, event: FilesChangedEvent): Promise<void> {
  const state = editor();
  const folders = new Set<string>();
  const files = new Set<string>();
  if (event.overflow) {
    for (const folder of Object.keys(state.folders)) folders.add(folder);
    for (const tab of state.tabs) files.add(tab.path);
  }
  for (const change of event.changes) {
    const parent = parentOf(change.path);
    if (parent in state.folders) folders.add(parent);
    if (change.kind === 'unlinkDir') state.dropFolder(change.path);
    if (change.kind === 'unlink') {
      if (tabOf(change.path)) state.patchTab(change.path, { disk: 'deleted' });
    } else if (tabOf(change.path)) files.add(change.path);
    if (change.kind === 'unlinkDir') {
      for (const tab of state.tabs) if (tab.path.startsWith(`${change.path}/`)) state.patchTab(tab.path, { disk: 'deleted' });
    }
  }
  await Promise.all([...[...folders].map((f) => refreshFolder(service, f)), ...[...files].map((p) => checkOpenTab(service, p))]);
}

/** Shows a file in the editor (a new tab, or its tab), optionally at a line. */
export function openInEditor(path: string, reveal?: { line: number; column?: number }): void {
  editor().openTab(path, reveal);
  useOffloadStore.getState().openFile(path);
}

/** Reads the agents' marks on files again (after the person accepted or rejected a change: no event is awaited for one's own action). */
export async function refreshMarks(service: OffloadService): Promise<void> {
  try {
    editor().setMarks(await service.listAgentFiles());
  } catch {
    // The next event refreshes them.
  }
}
