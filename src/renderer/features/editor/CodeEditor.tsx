// The Monaco editor of the active tab. One editor instance; each tab has its
// own model (text, undo, view state) in editorModels.ts, swapped in when the
// tab is shown. Syntax highlighting follows the file's name (Monarch grammars).

import { useEffect, useRef, useState } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useColorScheme } from '../../app/useColorScheme.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { contextFor, setComposerContext } from './composerContext.js';
import { existingModel, firstScreenModel, isSavedText, modelFor, saveViewState, setShownEditor, viewStateOf } from './editorModels.js';
import { useEditorStore, type EditorTab } from './editorStore.js';
import { monacoTheme } from './monacoLoader.js';
import { useMonaco } from './useMonaco.js';
import { keyboardInTabList } from '../common/tabKeys.js';
import { useFocusAtRequest } from '../common/focusAtRequest.js';

const DRAFT_DELAY_MS = 400;
/** Over this many characters a file is "large": the editor leaves out what scans the whole text. */
export const LARGE_TEXT_CHARS = 1024 * 1024;

// Features that read the whole model (bracket matching and colouring scan for
// the enclosing brackets, folding and sticky scroll compute ranges over every
// line, links and colours go through the worker): cheap on a source file,
// hundreds of milliseconds on a 5 MB one (bench/editor.ts). ON is Monaco's
// defaults, for the next tab (one editor shows every tab).
const WHOLE_TEXT_FEATURES_OFF: Monaco.editor.IEditorOptions = {
  matchBrackets: 'never',
  bracketPairColorization: { enabled: false },
  guides: { bracketPairs: false, indentation: false },
  folding: false,
  stickyScroll: { enabled: false },
  occurrencesHighlight: 'off',
  selectionHighlight: false,
  links: false,
  colorDecorators: false,
  unicodeHighlight: { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false },
};
const WHOLE_TEXT_FEATURES_ON: Monaco.editor.IEditorOptions = {
  matchBrackets: 'always',
  bracketPairColorization: { enabled: true },
  guides: { bracketPairs: false, indentation: true },
  folding: true,
  stickyScroll: { enabled: true },
  occurrencesHighlight: 'singleFile',
  selectionHighlight: true,
  links: true,
  colorDecorators: true,
  unicodeHighlight: { ambiguousCharacters: true, invisibleCharacters: true, nonBasicASCII: 'inUntrustedWorkspace' },
};

export function CodeEditor({ tab }: { tab: EditorTab }) {
  const monaco = useMonaco();
  const scheme = useColorScheme();
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const shownPath = useRef<string | null>(null);
  const content = tab.file?.content;
  const ready = content !== undefined && content !== null;
  // The path whose whole text is in the editor; a large file shows its first screen before.
  const [fullPath, setFullPath] = useState<string | null>(null);
  const full = fullPath === tab.path;
  // A person who has moved on since the tab was asked for (typing an answer while Monaco loads) keeps the keyboard.
  const focusAtOpen = useFocusAtRequest([tab.path, tab.reveal?.token]);
  const takeFocus = (instance: Monaco.editor.IStandaloneCodeEditor) => {
    if (keyboardInTabList('Editors') || focusAtOpen.movedOn()) return;
    instance.focus();
  };

  useEffect(() => {
    if (!monaco || !host.current) return;
    const instance = monaco.editor.create(host.current, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      theme: monacoTheme(scheme),
    });
    editor.current = instance;
    setShownEditor(instance);
    // Right-click → "Ask an Agent About This…" (Ctrl/Cmd+I does the same): the Composer opens with the file or selection.
    const askAction = instance.addAction({
      id: 'offload.askAgent',
      label: 'Ask an Agent About This…',
      contextMenuGroupId: 'navigation',
      contextMenuOrder: 0,
      run: (ed) => {
        const path = shownPath.current;
        if (!path) return;
        setComposerContext(contextFor(path, ed.getModel(), ed.getSelection()));
        useOffloadStore.getState().setComposerOpen(true);
      },
    });
    let draftTimer: ReturnType<typeof setTimeout> | null = null;
    const changes = instance.onDidChangeModelContent(() => {
      const path = shownPath.current;
      if (!path) return;
      const dirty = !isSavedText(path);
      const store = useEditorStore.getState();
      const current = store.tabs.find((t) => t.path === path);
      if (current && current.dirty !== dirty) store.patchTab(path, { dirty, ...(dirty ? {} : { draft: null }) });
      if (draftTimer) clearTimeout(draftTimer);
      // The text itself goes to the store (and so to localStorage) once typing pauses.
      draftTimer = setTimeout(() => {
        const model = instance.getModel();
        if (!model || shownPath.current !== path) return;
        const still = !isSavedText(path);
        useEditorStore.getState().patchTab(path, { draft: still ? model.getValue() : null, dirty: still });
      }, DRAFT_DELAY_MS);
    });
    return () => {
      if (draftTimer) clearTimeout(draftTimer);
      changes.dispose();
      askAction.dispose();
      setShownEditor(null);
      if (shownPath.current) saveViewState(shownPath.current, instance.saveViewState());
      instance.setModel(null);
      instance.dispose();
      editor.current = null;
      shownPath.current = null;
    };
    // The theme follows through setTheme (useMonaco).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [monaco]);

  // Show the tab's model (created from the restored draft or the file's text).
  // A large file's first screen comes first, from a model of its first lines;
  // the whole model is made and swapped in on later tasks, so the page shows
  // the file at once and never runs one long task for it.
  useEffect(() => {
    const instance = editor.current;
    if (!monaco || !instance || !ready || shownPath.current === tab.path) return;
    const path = tab.path;
    if (shownPath.current) saveViewState(shownPath.current, instance.saveViewState());
    shownPath.current = path;
    const text = tab.draft ?? content ?? '';
    const large = text.length > LARGE_TEXT_CHARS;
    // Before a model arrives, so the whole-text features never start on a large one.
    instance.updateOptions(large ? WHOLE_TEXT_FEATURES_OFF : WHOLE_TEXT_FEATURES_ON);
    const showWhole = (model: Monaco.editor.ITextModel) => {
      instance.setModel(model);
      const view = viewStateOf(path);
      if (view) instance.restoreViewState(view);
      setFullPath(path);
    };
    if (!large || existingModel(path)) {
      setFullPath(null);
      showWhole(modelFor(monaco, path, text));
      takeFocus(instance);
      return;
    }
    const preview = firstScreenModel(monaco, path, text);
    setFullPath(null);
    instance.setModel(preview);
    takeFocus(instance);
    let cancelled = false;
    // Each step after the frame before it is painted (a timer alone could run before Monaco's render frame).
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (step: () => void) => {
      frame = requestAnimationFrame(() => {
        timer = setTimeout(() => !cancelled && shownPath.current === path && step(), 0);
      });
    };
    later(() => {
      // The text as it is now (a reload may have come meanwhile).
      const latest = useEditorStore.getState().tabs.find((t) => t.path === path);
      const model = modelFor(monaco, path, latest?.draft ?? latest?.file?.content ?? text);
      later(() => {
        const view = instance.saveViewState();
        showWhole(model);
        if (view && !viewStateOf(path)) instance.restoreViewState(view);
        preview.dispose();
      });
    });
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      // Left before the whole model came: forget the tab shown, so showing it again starts over.
      if (instance.getModel() === preview && shownPath.current === path) shownPath.current = null;
      if (!preview.isDisposed()) preview.dispose();
    };
    // content and draft are read when the tab is first shown; later changes go through the model.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [monaco, tab.path, ready]);

  useEffect(() => {
    editor.current?.updateOptions({
      readOnly: Boolean(tab.file?.readOnly) || !full,
      readOnlyMessage: tab.file?.readOnly ? { value: tab.file.readOnly } : !full ? { value: 'The rest of this file is still loading.' } : undefined,
      ariaLabel: `${tab.path}${tab.file?.readOnly ? ' (read-only)' : !full ? ' (loading)' : ''}`,
    });
  }, [monaco, tab.path, tab.file?.readOnly, full]);

  // Quick open and search results ask for a line.
  const reveal = tab.reveal;
  useEffect(() => {
    const instance = editor.current;
    if (!instance || !reveal || !ready || !full || shownPath.current !== tab.path) return;
    instance.revealLineInCenter(reveal.line);
    instance.setPosition({ lineNumber: reveal.line, column: reveal.column });
    if (!focusAtOpen.movedOn()) instance.focus();
  }, [reveal?.token, ready, full, tab.path, monaco]);

  return (
    <div className="code-editor" ref={host} data-path={tab.path} data-full-text={full}>
      {(!monaco || !ready) && <div className="editor-loading">Loading editor…</div>}
    </div>
  );
}

