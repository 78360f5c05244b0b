// A side-by-side Monaco diff editor: the agent's baseline on the left, the
// file as it is now on the right.

import { useEffect, useRef } from 'react';
import { useColorScheme } from '../../app/useColorScheme.js';
import { languageFor, monacoTheme } from './monacoLoader.js';
import { useMonaco } from './useMonaco.js';

interface DiffViewProps {
  path: string;
  original: string;
  modified: string;
  /** Pixels; -1 fills the space it is given. */
  height: number;
}

/**
 * Names each side of a diff for screen readers. Monaco 0.57 keeps the diff
 * editor's originalAriaLabel / modifiedAriaLabel off the sides' edit contexts
 * (axe: aria-input-field-name), so each side gets its own ariaLabel too.
 */
export function nameDiffSides(diff: { getOriginalEditor(): SideEditor; getModifiedEditor(): SideEditor }, original: string, modified: string): void {
  diff.getOriginalEditor().updateOptions({ ariaLabel: original });
  diff.getModifiedEditor().updateOptions({ ariaLabel: modified });
}
interface SideEditor {
  updateOptions(options: { ariaLabel: string }): void;
}

/** Read-only side by side, unchanged regions folded: the diff options the editor and the review share. */
export function sideBySideDiffOptions(theme: string) {
  return {
    renderSideBySide: true,
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 12,
    renderOverviewRuler: false,
    theme,
    useInlineViewWhenSpaceIsLimited: false,
    hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 3, revealLineCount: 10 },
  };
}

export function DiffView({ path, original, modified, height }: DiffViewProps) {
  const monaco = useMonaco();
  const scheme = useColorScheme();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!monaco || !host.current) return;
    const language = languageFor(monaco, path);
    const originalModel = monaco.editor.createModel(original, language);
    const modifiedModel = monaco.editor.createModel(modified, language);
    const diff = monaco.editor.createDiffEditor(host.current, sideBySideDiffOptions(monacoTheme(scheme)));
    diff.setModel({ original: originalModel, modified: modifiedModel });
    nameDiffSides(diff, `${path}, the agent's baseline`, `${path} now`);
    return () => {
      diff.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [monaco, path, original, modified]);

  return (
    <div className="diff-view" ref={host} style={height < 0 ? { flex: 1, minHeight: 0 } : { height }} data-path={path} aria-label={`Changes to ${path}, side by side`} role="group">
      {!monaco && <div className="editor-loading">Loading diff…</div>}
    </div>
  );
}
