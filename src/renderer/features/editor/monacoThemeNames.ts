// The names our Monaco themes are defined under (monacoThemes.ts), apart from
// their data: editors name their theme before Monaco and its colour registry load.

export const MONACO_THEMES = { light: 'offload-light', dark: 'offload-dark' } as const;
