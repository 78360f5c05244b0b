/// <reference types="vite/client" />
// Monaco's side-effect modules that ship without type declarations.
declare module 'monaco-editor/basic-languages/monaco.contribution';
declare module 'monaco-editor/features/*';
