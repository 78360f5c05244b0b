// The Terminal panel's content: header (shell, New / Kill / Hide) and the xterm.js view.

import { useEffect, useRef } from 'react';
import { useColorScheme } from '../../app/useColorScheme.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { useTerminalSession } from './useTerminalSession.js';
import './terminal.css';

function shellName(path: string | null): string {
  return path ? (path.split(/[\\/]/).pop() ?? path) : '';
}

export function TerminalView({ open }: { open: boolean }) {
  const setTerminalOpen = useOffloadStore((s) => s.setTerminalOpen);
  const scheme = useColorScheme();
  const containerRef = useRef<HTMLDivElement>(null);
  const { state, focus, restart, kill } = useTerminalSession(containerRef, scheme);

  useEffect(() => {
    if (open) focus();
  }, [open, focus, state.phase]);

  const shell = state.phase === 'starting' ? '' : shellName(state.shell);
  return (
    <section className="terminal-panel" aria-label="Terminal" hidden={!open}>
      <div className="terminal-header">
        <span className="terminal-title">Terminal</span>
        {shell && <span className="terminal-shell">{shell}</span>}
        {state.phase === 'starting' && <span className="terminal-shell">Starting…</span>}
        {state.phase === 'exited' && <span className="terminal-shell">Ended</span>}
        <span className="spacer" />
        <button type="button" className="button small" onClick={restart} title="Start a new shell in place of this one">
          New Terminal
        </button>
        <button type="button" className="button small" onClick={kill} disabled={state.phase !== 'running'} title="End the shell and what runs in it">
          Kill Terminal
        </button>
        <button type="button" className="button small" onClick={() => setTerminalOpen(false)} title="Hide the panel (Ctrl+`); the shell keeps running">
          Hide Panel
        </button>
      </div>
      <div className="terminal-body" ref={containerRef} />
    </section>
  );
}
