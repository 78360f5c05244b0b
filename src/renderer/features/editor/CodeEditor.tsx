// A read-only Monaco editor for one workspace file.

import { useEffect, useRef } from 'react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useColorScheme } from '../../app/useColorScheme.js';
import { languageFor, monacoTheme } from './monacoLoader.js';
import { useMonaco } from './useMonaco.js';

export function CodeEditor({ path, content }: { path: string; content: string }) {
  const monaco = useMonaco();
  const scheme = useColorScheme();
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    if (!monaco || !host.current) return;
    const model = monaco.editor.createModel(content, languageFor(monaco, path));
    const instance = monaco.editor.create(host.current, {
      model,
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      theme: monacoTheme(scheme),
      ariaLabel: `${path} (read-only)`,
    });
    editor.current = instance;
    return () => {
      instance.dispose();
      model.dispose();
      editor.current = null;
    };
    // The theme follows through setTheme (useMonaco); re-creating for it would lose the scroll.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [monaco, path, content]);

  return (
    <div className="code-editor" ref={host} data-path={path}>
      {!monaco && <div className="editor-loading">Loading editor…</div>}
    </div>
  );
}
