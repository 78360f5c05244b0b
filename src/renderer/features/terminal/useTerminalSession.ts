// One integrated-terminal session: an xterm.js view in `container`, wired to
// a shell on the host (openTerminal / writeTerminal / resizeTerminal /
// closeTerminal, output from onDidTerminalData). The RPC calls and the event
// subscription live here, not in the store: the output is a byte stream for
// xterm, not state to render. A new `generation` (restart) replaces both.

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { useServices } from '../../app/servicesContext.js';
import { TERMINAL_FONT, terminalTheme } from './xtermTheme.js';
import '@xterm/xterm/css/xterm.css';

export type TerminalPhase =
  | { phase: 'starting' }
  | { phase: 'running'; shell: string }
  | { phase: 'exited'; shell: string | null; message: string };

/** Output that arrives before openTerminal answers (kept, up to a limit). */
const EARLY_OUTPUT_LIMIT = 256 * 1024;
/** Fitting follows the panel's size, but a drag or window resize asks many times. */
const RESIZE_DEBOUNCE_MS = 40;

function fitSafely(fit: FitAddon) {
  // A hidden panel has no size; fitting it would mean 0 columns.
  if (fit.proposeDimensions()) fit.fit();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `attach`: a shell already running in the host (from before a page reload):
 * its recent output is redrawn and it is followed, instead of starting one.
 */
export function useTerminalSession(
  containerRef: RefObject<HTMLDivElement | null>,
  scheme: 'light' | 'dark',
  attach: { id: string; shell: string } | null = null,
) {
  const { service, onEvent } = useServices();
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<TerminalPhase>({ phase: 'starting' });
  const attachRef = useRef(attach);
  const termRef = useRef<Terminal | null>(null);
  const idRef = useRef<string | null>(null);
  const schemeRef = useRef(scheme);
  schemeRef.current = scheme;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const term = new Terminal({
      fontFamily: TERMINAL_FONT,
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: terminalTheme(schemeRef.current),
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(container);
    fitSafely(fit);
    termRef.current = term;
    setState({ phase: 'starting' });

    let id: string | null = null;
    let shell: string | null = null;
    let disposed = false;
    let early: { id: string; data: string }[] = [];
    let earlyChars = 0;

    const end = (message: string) => {
      if (disposed) return;
      id = null;
      idRef.current = null;
      term.write(`\r\n\x1b[2m${message}\x1b[0m\r\n`);
      setState({ phase: 'exited', shell, message });
    };

    /** While an attached shell's recent output is fetched, its live output waits here. */
    let heldWhileAttaching: string[] | null = null;
    const stopData = onEvent('onDidTerminalData', (event) => {
      if (heldWhileAttaching && event.id === id) {
        heldWhileAttaching.push(event.data);
        return;
      }
      if (id === null) {
        // Possibly ours, before openTerminal's answer named it.
        if (shell === null && earlyChars < EARLY_OUTPUT_LIMIT) {
          early.push(event);
          earlyChars += event.data.length;
        }
        return;
      }
      if (event.id === id) term.write(event.data);
    });
    const stopExit = onEvent('onDidTerminalExit', (event) => {
      if (id !== null && event.id === id) end(event.exitCode === null ? '[Process ended]' : `[Process exited with code ${event.exitCode}]`);
    });

    // Keys typed while the shell is still starting are kept and sent once it
    // is open, so the first characters of a quick command are not lost.
    let typedEarly = '';
    const send = (data: string) => {
      if (!id) return;
      service.writeTerminal(id, data).catch((error: unknown) => {
        // The host restarted (the shell is gone) or the terminal ended meanwhile.
        if (/No open terminal|NOT_FOUND/i.test(messageOf(error))) end('[The terminal is no longer running]');
      });
    };
    const input = term.onData((data) => {
      if (id) send(data);
      else if (shell === null && typedEarly.length < EARLY_OUTPUT_LIMIT) typedEarly += data;
    });
    let resizeTimer: ReturnType<typeof setTimeout> | null = null;
    const resize = term.onResize(() => {
      if (resizeTimer) clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        resizeTimer = null;
        if (id) service.resizeTerminal(id, term.cols, term.rows).catch(() => undefined);
      }, RESIZE_DEBOUNCE_MS);
    });
    const observer = new ResizeObserver(() => fitSafely(fit));
    observer.observe(container);

    const opening = { cols: term.cols, rows: term.rows };
    const attaching = generation === 0 ? attachRef.current : null;
    if (attaching) {
      id = attaching.id;
      idRef.current = attaching.id;
      shell = attaching.shell;
      heldWhileAttaching = [];
      service.readTerminalBuffer(attaching.id).then(
        (buffer) => {
          if (disposed) return;
          term.write(buffer);
          for (const data of heldWhileAttaching ?? []) term.write(data);
          heldWhileAttaching = null;
          service.resizeTerminal(attaching.id, term.cols, term.rows).catch(() => undefined);
          setState({ phase: 'running', shell: attaching.shell });
        },
        () => {
          heldWhileAttaching = null;
          end('[The terminal is no longer running]');
        },
      );
    } else {
      service.openTerminal(opening).then(
        (opened) => {
          if (disposed) {
            void service.closeTerminal(opened.id).catch(() => undefined);
            return;
          }
          id = opened.id;
          idRef.current = opened.id;
          shell = opened.shell;
          for (const event of early) if (event.id === opened.id) term.write(event.data);
          early = [];
          if (typedEarly) send(typedEarly);
          typedEarly = '';
          // The panel may have been fitted again while the shell started.
          if (term.cols !== opening.cols || term.rows !== opening.rows) {
            service.resizeTerminal(opened.id, term.cols, term.rows).catch(() => undefined);
          }
          setState({ phase: 'running', shell: opened.shell });
        },
        (error: unknown) => {
          if (disposed) return;
          shell = '';
          end(`Could not start a terminal: ${messageOf(error)}`);
        },
      );
    }

    // A reloaded page finds its shells again (listTerminals): they run on in the host
    // until closed (Kill Terminal, closing the tab) or until the host stops.

    return () => {
      disposed = true;
      if (resizeTimer) clearTimeout(resizeTimer);
      observer.disconnect();
      stopData();
      stopExit();
      input.dispose();
      resize.dispose();
      id = null;
      idRef.current = null;
      termRef.current = null;
      term.dispose();
    };
  }, [containerRef, generation, onEvent, service]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = terminalTheme(scheme);
  }, [scheme]);

  const focus = useCallback(() => termRef.current?.focus(), []);
  const restart = useCallback(() => setGeneration((g) => g + 1), []);
  const kill = useCallback(() => {
    const id = idRef.current;
    if (id) void service.closeTerminal(id).catch(() => undefined);
  }, [service]);

  return { state, focus, restart, kill };
}
