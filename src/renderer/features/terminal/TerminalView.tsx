// The Terminal panel's content: the terminals as tabs [tablist "Terminals"],
// New / Kill / Hide, and one xterm.js view per terminal (the hidden ones keep
// running). Shells live in the host: after a page reload the panel finds them
// again (listTerminals) and redraws their recent output.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../../app/servicesContext.js';
import { useColorScheme } from '../../app/useColorScheme.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { useTerminalSession, type TerminalPhase } from './useTerminalSession.js';
import { useFocusAtRequest, type FocusAtRequest } from '../common/focusAtRequest.js';
import { keyboardInTabList, refInto, tabIndexAfterKey } from '../common/tabKeys.js';
import './terminal.css';

function shellName(path: string | null): string {
  return path ? (path.split(/[\\/]/).pop() ?? path) : '';
}

interface TerminalTab {
  key: number;
  /** A shell that was running before this page loaded. */
  attach: { id: string; shell: string } | null;
}

interface SessionControls {
  state: TerminalPhase;
  focus: () => void;
  restart: () => void;
  kill: () => void;
}

let nextKey = 1;

/** `focusAtOpen`: where the keyboard was when the panel was opened (this view mounts later, once xterm has loaded). */
export function TerminalView({ open, focusAtOpen }: { open: boolean; focusAtOpen?: FocusAtRequest }) {
  const { service } = useServices();
  const setTerminalOpen = useOffloadStore((s) => s.setTerminalOpen);
  const [tabs, setTabs] = useState<TerminalTab[] | null>(null);
  const tabButtons = useRef(new Map<number, HTMLButtonElement>());
  const [active, setActive] = useState(0);
  // Bumped by what the person does to a terminal (pick a tab, New Terminal, close one): each asks for
  // the keyboard to go to the shell once it runs. The first tab's choice, when the list arrives, does not.
  const [focusRequest, setFocusRequest] = useState(0);
  const select = (key: number) => {
    setActive(key);
    setFocusRequest((n) => n + 1);
  };
  const [controls, setControls] = useState<Record<number, SessionControls>>({});

  useEffect(() => {
    let live = true;
    service.listTerminals().then(
      (running) => {
        if (!live) return;
        const found = running.map((t) => ({ key: nextKey++, attach: t }));
        const list = found.length ? found : [{ key: nextKey++, attach: null }];
        setTabs(list);
        setActive(list[list.length - 1]!.key);
      },
      () => {
        if (!live) return;
        const key = nextKey++;
        setTabs([{ key, attach: null }]);
        setActive(key);
      },
    );
    return () => {
      live = false;
    };
  }, [service]);

  const report = useCallback((key: number, session: SessionControls | null) => {
    setControls((all) => {
      const next = { ...all };
      if (session) next[key] = session;
      else delete next[key];
      return next;
    });
  }, []);

  const current = controls[active];
  const state = current?.state ?? ({ phase: 'starting' } as TerminalPhase);
  // The shell may start a moment after the panel opens: a person typing elsewhere by then keeps the keyboard.
  const focusAt = useFocusAtRequest([open, focusRequest], focusAtOpen);
  useEffect(() => {
    if (open && !keyboardInTabList('Terminals') && !focusAt.movedOn()) current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, current, state.phase]);

  const newTerminal = () => {
    // An ended terminal is replaced in place; otherwise a new tab starts.
    if (current && current.state.phase === 'exited') {
      setFocusRequest((n) => n + 1);
      return current.restart();
    }
    const key = nextKey++;
    setTabs((list) => [...(list ?? []), { key, attach: null }]);
    select(key);
  };
  const closeTab = (key: number) => {
    controls[key]?.kill();
    setTabs((list) => {
      const rest = (list ?? []).filter((t) => t.key !== key);
      if (key === active) select(rest[rest.length - 1]?.key ?? 0);
      if (rest.length === 0) setTerminalOpen(false);
      return rest;
    });
  };

  const shell = state.phase === 'starting' ? '' : shellName(state.shell);
  return (
    <section className="terminal-panel" aria-label="Terminal" hidden={!open}>
      <div className="terminal-header">
        <span className="terminal-title">Terminal</span>
        <div role="tablist" aria-label="Terminals" className="terminal-tabs">
          {tabs?.map((tab, index) => {
            const tabState = controls[tab.key]?.state;
            const name = `${index + 1}: ${tabState && tabState.phase !== 'starting' ? shellName(tabState.shell) || 'shell' : 'starting'}${tabState?.phase === 'exited' ? ' (ended)' : ''}`;
            return (
              <span key={tab.key} className={`terminal-tab ${tab.key === active ? 'active' : ''}`}>
                <button
                  ref={refInto(tabButtons.current, tab.key)}
                  type="button"
                  role="tab"
                  aria-selected={tab.key === active}
                  tabIndex={tab.key === active ? 0 : -1}
                  className="terminal-tab-label"
                  onClick={() => select(tab.key)}
                  onKeyDown={(event) => {
                    // The tabs pattern's keys (common/tabKeys.ts): the close buttons keep their own.
                    const next = tabIndexAfterKey(event, index, tabs.length);
                    if (next === null) return;
                    event.preventDefault();
                    select(tabs[next]!.key);
                    tabButtons.current.get(tabs[next]!.key)?.focus();
                  }}
                >
                  {name}
                </button>
                <button type="button" className="icon-button" aria-label={`Close Terminal ${index + 1}`} title="Close (ends the shell)" onClick={() => closeTab(tab.key)}>
                  ×
                </button>
              </span>
            );
          })}
        </div>
        {state.phase === 'starting' && <span className="terminal-shell">Starting…</span>}
        {state.phase === 'exited' && <span className="terminal-shell">Ended</span>}
        {shell && state.phase === 'running' && <span className="terminal-shell">{shell}</span>}
        <span className="spacer" />
        <button type="button" className="button small" onClick={newTerminal} title="Start another shell">
          New Terminal
        </button>
        <button type="button" className="button small" onClick={() => current?.kill()} disabled={state.phase !== 'running'} title="End the shell and what runs in it">
          Kill Terminal
        </button>
        <button type="button" className="button small" onClick={() => setTerminalOpen(false)} title="Hide the panel (Ctrl+`); the shells keep running">
          Hide Panel
        </button>
      </div>
      {tabs?.map((tab) => <TerminalSession key={tab.key} tab={tab} shown={tab.key === active} report={report} />)}
    </section>
  );
}

function TerminalSession({ tab, shown, report }: { tab: TerminalTab; shown: boolean; report: (key: number, controls: SessionControls | null) => void }) {
  const scheme = useColorScheme();
  const containerRef = useRef<HTMLDivElement>(null);
  const { state, focus, restart, kill } = useTerminalSession(containerRef, scheme, tab.attach);
  useEffect(() => {
    report(tab.key, { state, focus, restart, kill });
  }, [report, tab.key, state, focus, restart, kill]);
  useEffect(() => () => report(tab.key, null), [report, tab.key]);
  return <div className="terminal-body" ref={containerRef} hidden={!shown} />;
}
