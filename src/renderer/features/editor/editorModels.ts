// Monaco's text models, one per open tab, kept outside React and the store:
// a model holds the person's text, its undo stack and its view state, and
// must survive switching tabs. The store only learns whether a tab is dirty.

import type * as Monaco from 'monaco-editor/editor/editor.api';
import type { MonacoApi } from './monacoLoader.js';
import { languageFor } from './monacoLoader.js';

interface Entry {
  model: Monaco.editor.ITextModel;
  /** getAlternativeVersionId() when the text last equalled the file (saved or read). */
  savedVersionId: number;
  viewState: Monaco.editor.ICodeEditorViewState | null;
}

const entries = new Map<string, Entry>();

export function modelFor(monaco: MonacoApi, path: string, text: string): Monaco.editor.ITextModel {
  const existing = entries.get(path);
  if (existing && !existing.model.isDisposed()) return existing.model;
  const model = monaco.editor.createModel(text, languageFor(monaco, path), monaco.Uri.from({ scheme: 'offload', path: `/${path}` }));
  entries.set(path, { model, savedVersionId: model.getAlternativeVersionId(), viewState: null });
  return model;
}

/** Lines a first screen shows at most (a 900-pixel editor shows about 50). */
const FIRST_SCREEN_LINES = 400;

/**
 * A throwaway model of the text's first lines, for a large file's first screen:
 * building the whole model and its view's lines costs hundreds of milliseconds
 * for 5 MB (Monaco scans every character, then every line), the first lines almost nothing.
 */
export function firstScreenModel(monaco: MonacoApi, path: string, text: string): Monaco.editor.ITextModel {
  let end = 0;
  for (let line = 0; line < FIRST_SCREEN_LINES && end >= 0; line++) end = text.indexOf('\n', end + 1);
  return monaco.editor.createModel(end < 0 ? text : text.slice(0, end + 1), languageFor(monaco, path));
}

export function existingModel(path: string): Monaco.editor.ITextModel | null {
  const entry = entries.get(path);
  return entry && !entry.model.isDisposed() ? entry.model : null;
}

/** The person's current text of a tab, if its model exists. */
export function currentText(path: string): string | null {
  return existingModel(path)?.getValue() ?? null;
}

/** The text now equals the file on disk (after a save or a reload). */
export function markSaved(path: string): void {
  const entry = entries.get(path);
  if (entry) entry.savedVersionId = entry.model.getAlternativeVersionId();
}

export function isSavedText(path: string): boolean {
  const entry = entries.get(path);
  return !entry || entry.savedVersionId === entry.model.getAlternativeVersionId();
}

/** Replaces the text with the disk's (a reload), keeping undo. */
export function replaceText(path: string, text: string): void {
  const entry = entries.get(path);
  if (!entry) return;
  if (entry.model.getValue() !== text) {
    entry.model.pushEditOperations([], [{ range: entry.model.getFullModelRange(), text }], () => null);
  }
  entry.savedVersionId = entry.model.getAlternativeVersionId();
}

export function saveViewState(path: string, state: Monaco.editor.ICodeEditorViewState | null): void {
  const entry = entries.get(path);
  if (entry) entry.viewState = state;
}

export function viewStateOf(path: string): Monaco.editor.ICodeEditorViewState | null {
  return entries.get(path)?.viewState ?? null;
}

export function disposeModel(path: string): void {
  entries.get(path)?.model.dispose();
  entries.delete(path);
}

let shown: Monaco.editor.IStandaloneCodeEditor | null = null;

/** The editor instance on screen (one at a time), for the Composer's context. */
export function setShownEditor(editor: Monaco.editor.IStandaloneCodeEditor | null): void {
  shown = editor;
}

export function shownEditor(): Monaco.editor.IStandaloneCodeEditor | null {
  return shown;
}
