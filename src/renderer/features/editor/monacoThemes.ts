// Our Monaco themes: Monaco's own (vs, vs-dark) with diff tints of our own,
// and every syntax colour and line number nudged just enough to read at 4.5:1
// (WCAG AA) on the editor's background and on each diff tint. Monaco's
// defaults put, e.g., #008080 on a removed line's pink (3.4:1) and #569cd6 on
// an added line's olive (2.5:1).

import { vs, vs_dark } from 'monaco-editor/editor/standalone/common/themes.js';
import type { editor } from 'monaco-editor/editor/editor.api';
import { readableOn } from '../../../shared/contrast.js';
import type { MonacoApi } from './monacoLoader.js';
import { MONACO_THEMES } from './monacoThemeNames.js';

interface Palette {
  background: string;
  insertedLine: string;
  insertedText: string;
  removedLine: string;
  removedText: string;
  lineNumber: string;
}

const LIGHT: Palette = { background: 'fffffe', insertedLine: 'e6ffec', insertedText: 'abf2bc', removedLine: 'ffebe9', removedText: 'ffcecb', lineNumber: '237893' };
const DARK: Palette = { background: '1e1e1e', insertedLine: '1d3324', insertedText: '2b4a33', removedLine: '3b2023', removedText: '5a2a2e', lineNumber: '858585' };

function derive(base: editor.IStandaloneThemeData, palette: Palette): editor.IStandaloneThemeData {
  const backgrounds = [palette.background, palette.insertedLine, palette.insertedText, palette.removedLine, palette.removedText];
  const lineNumber = `#${readableOn(palette.lineNumber, backgrounds)}`;
  return {
    base: base.base,
    inherit: true,
    rules: base.rules.map((rule) => (rule.foreground ? { ...rule, foreground: readableOn(rule.foreground, backgrounds) } : rule)),
    colors: {
      'editor.foreground': `#${readableOn(base.base === 'vs' ? '000000' : 'd4d4d4', backgrounds)}`,
      'diffEditor.insertedLineBackground': `#${palette.insertedLine}`,
      'diffEditor.insertedTextBackground': `#${palette.insertedText}`,
      'diffEditor.removedLineBackground': `#${palette.removedLine}`,
      'diffEditor.removedTextBackground': `#${palette.removedText}`,
      'diffEditorGutter.insertedLineBackground': `#${palette.insertedLine}`,
      'diffEditorGutter.removedLineBackground': `#${palette.removedLine}`,
      'editorLineNumber.foreground': lineNumber,
      'editorLineNumber.dimmedForeground': lineNumber,
    },
  };
}

export function defineMonacoThemes(monaco: MonacoApi): void {
  monaco.editor.defineTheme(MONACO_THEMES.light, derive(vs, LIGHT));
  monaco.editor.defineTheme(MONACO_THEMES.dark, derive(vs_dark, DARK));
}
