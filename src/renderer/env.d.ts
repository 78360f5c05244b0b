/// <reference types="vite/client" />
// Monaco's side-effect modules that ship without type declarations.
declare module 'monaco-editor/basic-languages/monaco.contribution';
declare module 'monaco-editor/features/*';
// Monaco's built-in theme data, read to derive our readable themes (features/editor/monacoThemes.ts).
declare module 'monaco-editor/editor/standalone/common/themes.js' {
  import type { editor } from 'monaco-editor/editor/editor.api';
  export const vs: editor.IStandaloneThemeData;
  export const vs_dark: editor.IStandaloneThemeData;
}
