// The title bar: the workspace, a button for the Composer, the Terminal panel's toggle, and Settings.

import { shortcutLabel } from '../../app/format.js';
import { useOffloadStore } from '../../store/offloadStore.js';

export function TopBar() {
  const workspace = useOffloadStore((s) => s.hostInfo?.workspace ?? '');
  const setComposerOpen = useOffloadStore((s) => s.setComposerOpen);
  const setSettingsOpen = useOffloadStore((s) => s.setSettingsOpen);
  const terminalOpen = useOffloadStore((s) => s.terminalOpen);
  const toggleTerminal = useOffloadStore((s) => s.toggleTerminal);
  const folder = workspace.split(/[\\/]/).filter(Boolean).pop() ?? '';
  return (
    <header className="top-bar">
      <span className="brand" aria-hidden="true">
        ◧
      </span>
      <span className="app-name">Offload</span>
      {folder && (
        <span className="workspace-name" title={workspace}>
          {folder}
        </span>
      )}
      <span className="spacer" />
      <button type="button" className="button primary small" onClick={() => setComposerOpen(true)} title={`Open the Composer (${shortcutLabel('I')})`}>
        New Agent <kbd>{shortcutLabel('I')}</kbd>
      </button>
      <button type="button" className="button small" aria-pressed={terminalOpen} onClick={toggleTerminal} title="Show or hide the terminal (Ctrl+`)">
        Terminal
      </button>
      <button type="button" className="button small" onClick={() => setSettingsOpen(true)}>
        Settings
      </button>
    </header>
  );
}
