// Search across files (Ctrl/Cmd+Shift+F): text or regular expression, match
// case, a glob of files to include; results grouped by file; a click opens the
// file at the line. The host runs the same search the agents' grep tool uses.

import { useEffect, useRef, useState } from 'react';
import type { SearchResult } from '../../../shared/contract/editorService.js';
import { useServices } from '../../app/servicesContext.js';
import { openInEditor } from '../editor/editorActions.js';
import { useEditorStore } from '../editor/editorStore.js';
import './search.css';

const SEARCH_DELAY_MS = 250;

export function SearchPanel() {
  const open = useEditorStore((s) => s.searchOpen);
  if (!open) return null;
  return <SearchForm />;
}

function SearchForm() {
  const { service } = useServices();
  const setOpen = useEditorStore((s) => s.setSearchOpen);
  const [query, setQuery] = useState('');
  const [regex, setRegex] = useState(false);
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [include, setInclude] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const focusToken = useEditorStore((s) => s.searchOpen);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusToken]);

  useEffect(() => {
    if (!query) {
      setResult(null);
      setError(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setBusy(true);
      service
        .searchFiles({ query, regex, caseSensitive, include: include.trim() || undefined })
        .then(
          (found) => live && (setResult(found), setError(null)),
          (e: unknown) => live && (setResult(null), setError(e instanceof Error ? e.message : String(e))),
        )
        .finally(() => live && setBusy(false));
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [service, query, regex, caseSensitive, include]);

  const count = result?.files.reduce((n, f) => n + f.matches.length, 0) ?? 0;
  return (
    <section className="sidebar-section search-section" aria-label="Search">
      <h2 className="sidebar-heading">
        Search
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close Search" onClick={() => setOpen(false)}>
          ×
        </button>
      </h2>
      <div className="search-form">
        <input ref={input} type="search" aria-label="Search" placeholder="Search" value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)} />
        <label>
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regular expression
        </label>
        <label>
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} /> Match case
        </label>
        <input type="text" aria-label="Files to include" placeholder="Files to include (e.g. *.ts, src/**)" value={include} onChange={(e) => setInclude(e.target.value)} />
      </div>
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="search-summary" role="status">
        {busy ? 'Searching…' : result ? `${count} result${count === 1 ? '' : 's'} in ${result.files.length} file${result.files.length === 1 ? '' : 's'}${result.truncated ? ' (more not shown: narrow the search)' : ''}` : ''}
      </p>
      {result && (
        <ul className="search-results" aria-label="Search results">
          {result.files.map((file) => (
            <li key={file.path} aria-label={file.path}>
              <div className="search-file" title={file.path}>
                <span className="search-file-name">{file.path.split('/').pop()}</span> <span className="muted-inline">{file.path}</span>{' '}
                <span className="search-count">{file.matches.length}</span>
              </div>
              <ul>
                {file.matches.map((m) => (
                  <li key={`${m.line}:${m.column}`}>
                    <button type="button" className="search-match" aria-label={`${file.path} line ${m.line}: ${m.text.trim()}`} onClick={() => openInEditor(file.path, { line: m.line, column: m.column })}>
                      <span className="search-line">{m.line}</span>
                      <span className="search-text">
                        {m.text.slice(Math.max(0, m.column - 41), m.column - 1)}
                        <mark>{m.text.slice(m.column - 1, m.column - 1 + m.length)}</mark>
                        {m.text.slice(m.column - 1 + m.length)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
