// The bottom panel of the editor shell: one integrated terminal (the person's
// own shell, in the workspace). Ctrl+` or the top bar's "Terminal" button
// shows and hides it; hiding keeps the shell running, like VS Code's panel.
// xterm.js is loaded only when the panel first opens, so it costs nothing at startup.

import { lazy, Suspense, useState } from 'react';
import { useOffloadStore } from '../../store/offloadStore.js';
import { useFocusAtRequest } from '../common/focusAtRequest.js';
import './terminalPanel.css';

const TerminalView = lazy(() => import('./TerminalView.js').then((m) => ({ default: m.TerminalView })));

export function TerminalPanel() {
  const open = useOffloadStore((s) => s.terminalOpen);
  // Where the keyboard was when the panel was opened: the view mounts only once xterm has loaded.
  const focusAtOpen = useFocusAtRequest([open]);
  // The shell starts the first time the panel opens, and then stays.
  const [started, setStarted] = useState(open);
  if (open && !started) setStarted(true);
  if (!started) return null;
  return (
    <Suspense fallback={<section className="terminal-panel" aria-label="Terminal" aria-busy="true" hidden={!open} />}>
      <TerminalView open={open} focusAtOpen={focusAtOpen} />
    </Suspense>
  );
}
