// Loads Monaco on first use (the shell is interactive before it arrives),
// with its editor worker bundled locally and syntax colors for common
// languages. The app runs offline: nothing comes from a CDN.

import type * as Monaco from 'monaco-editor/editor/editor.api';
import { MONACO_THEMES } from './monacoThemeNames.js';

export type MonacoApi = typeof Monaco;

let loading: Promise<MonacoApi> | null = null;

export function loadMonaco(): Promise<MonacoApi> {
  loading ??= (async () => {
    const [{ default: EditorWorker }, monaco, { defineMonacoThemes }] = await Promise.all([
      import('monaco-editor/editor/editor.worker?worker'),
      import('monaco-editor/editor/editor.api'),
      // With Monaco, not in the page's first script: its theme data pulls in Monaco's colour registry (~115 KB).
      import('./monacoThemes.js'),
    ]);
    (self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
      getWorker: () => new EditorWorker(),
    };
    await Promise.all([
      // Monarch tokenizers: each language's grammar loads when a file of it opens.
      import('monaco-editor/basic-languages/monaco.contribution'),
      // Editor features, each on its own: icons, find, diff navigation, folding, copy.
      import('monaco-editor/features/codicon/register'),
      import('monaco-editor/features/find/register'),
      import('monaco-editor/features/diffEditor/register'),
      import('monaco-editor/features/folding/register'),
      import('monaco-editor/features/bracketMatching/register'),
      import('monaco-editor/features/clipboard/register'),
      import('monaco-editor/features/contextmenu/register'),
    ]);
    defineMonacoThemes(monaco);
    return monaco;
  })();
  return loading;
}

export function monacoTheme(scheme: 'light' | 'dark'): string {
  return MONACO_THEMES[scheme];
}

/** Monaco's language id for a path, from the languages it knows. */
export function languageFor(monaco: MonacoApi, path: string): string {
  const lower = path.toLowerCase();
  const name = lower.split('/').pop() ?? lower;
  for (const language of monaco.languages.getLanguages()) {
    if (language.filenames?.some((f) => f.toLowerCase() === name)) return language.id;
    if (language.extensions?.some((ext) => name.endsWith(ext.toLowerCase()))) return language.id;
  }
  return 'plaintext';
}
