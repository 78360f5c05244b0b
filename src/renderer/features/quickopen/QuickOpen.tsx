// Quick open (Ctrl/Cmd+P): type part of a file's name, pick it with the arrows,
// Enter opens it. The file list comes from the host and is matched here, so
// each keystroke costs no round trip. The last list shows at once; a fresh one
// replaces it when it arrives, and again after the host reports changes or the
// window gets the focus back (files may have changed meanwhile).

import { useEffect, useMemo, useState } from 'react';
import { useServices } from '../../app/servicesContext.js';
import { Dialog } from '../common/Dialog.js';
import { openInEditor } from '../editor/editorActions.js';
import { useEditorStore } from '../editor/editorStore.js';
import type { FileMatch, FileMatcher } from './fileMatcher.js';
import { lastFileMatcher, refreshFileMatcher } from './workspaceFiles.js';
import './quickopen.css';

export function QuickOpen() {
  const open = useEditorStore((s) => s.quickOpenOpen);
  if (!open) return null;
  return <QuickOpenDialog />;
}

const REFRESH_DELAY_MS = 300;

/** The path with its matched characters marked, in runs (a few elements a row, not one per character). */
function Highlighted({ match }: { match: FileMatch }) {
  const hit = new Set(match.indexes);
  const runs: { text: string; marked: boolean }[] = [];
  for (let i = 0; i < match.path.length; i++) {
    const marked = hit.has(i);
    const last = runs[runs.length - 1];
    if (last && last.marked === marked) last.text += match.path[i];
    else runs.push({ text: match.path[i]!, marked });
  }
  return <>{runs.map((run, i) => (run.marked ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>))}</>;
}

function QuickOpenDialog() {
  const { service, onEvent } = useServices();
  const setOpen = useEditorStore((s) => s.setQuickOpenOpen);
  const [matcher, setMatcher] = useState<FileMatcher | null>(lastFileMatcher);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () =>
      refreshFileMatcher(service).then(
        (fresh) => {
          if (!live) return;
          setMatcher(fresh);
          setError(null);
        },
        (e: unknown) => live && !lastFileMatcher() && setError(e instanceof Error ? e.message : String(e)),
      );
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, REFRESH_DELAY_MS);
    };
    void refresh();
    const stop = onEvent('onDidChangeFiles', later);
    window.addEventListener('focus', later);
    return () => {
      live = false;
      clearTimeout(timer);
      stop();
      window.removeEventListener('focus', later);
    };
  }, [service, onEvent]);

  const matches = useMemo(() => matcher?.match(query, 50) ?? [], [matcher, query]);
  const close = () => setOpen(false);
  const choose = (match: FileMatch | undefined) => {
    if (!match) return;
    close();
    openInEditor(match.path);
  };

  return (
    <Dialog title="Quick Open" onClose={close} className="quick-open">
      <input
        type="text"
        role="combobox"
        aria-label="File name"
        aria-expanded="true"
        aria-controls="quick-open-list"
        aria-activedescendant={matches[selected] ? `quick-open-${selected}` : undefined}
        data-autofocus
        className="quick-open-input"
        placeholder="Search files by name"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setSelected(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, matches.length - 1));
          else if (event.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter') choose(matches[selected]);
          else return;
          event.preventDefault();
        }}
      />
      {error && <p className="inline-error">{error}</p>}
      {!matcher && !error && <p className="muted-inline">Listing files…</p>}
      <ul id="quick-open-list" role="listbox" aria-label="Files" className="quick-open-list">
        {matches.map((match, i) => (
          <li
            key={match.path}
            id={`quick-open-${i}`}
            role="option"
            aria-selected={i === selected}
            className={i === selected ? 'selected' : ''}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(match)}
          >
            <Highlighted match={match} />
          </li>
        ))}
      </ul>
      {matcher && query && matches.length === 0 && <p className="muted-inline">No file matches “{query}”.</p>}
    </Dialog>
  );
}
