// Ctrl+I (Cmd+I on macOS) opens the Composer from anywhere, even from inside
// the editor, so the listener runs in the capture phase. Ctrl+` (on macOS too,
// as in VS Code) shows or hides the Terminal panel, even from inside it.

import { useEffect } from 'react';
import { isMac } from '../../app/format.js';
import { useOffloadStore } from '../../store/offloadStore.js';

export function useGlobalShortcuts() {
  const setComposerOpen = useOffloadStore((s) => s.setComposerOpen);
  const toggleTerminal = useOffloadStore((s) => s.toggleTerminal);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'i') {
        event.preventDefault();
        event.stopPropagation();
        setComposerOpen(true);
      } else if (event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey && (event.code === 'Backquote' || event.key === '`')) {
        event.preventDefault();
        event.stopPropagation();
        toggleTerminal();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [setComposerOpen, toggleTerminal]);
}
