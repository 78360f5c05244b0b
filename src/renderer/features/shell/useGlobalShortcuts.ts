// Shortcuts that work from anywhere (capture phase, so the editor and the
// terminal do not swallow them). Documented in README.md:
//   Ctrl+I / Cmd+I   open the Composer
//   Ctrl+`           show or hide the Terminal panel (on macOS too, as in VS Code)
//   Ctrl+B / Cmd+B   show or hide the sidebar
//   Alt+N            next agent that waits for you (opens it, focuses its answer or Approve)
//   Alt+A / Alt+R    approve / reject the command the shown agent waits on
//   Alt+L            focus the Background Agents list
// Alt shortcuts match the physical key (event.code): Option+letter types a
// character on macOS.

import { useEffect } from 'react';
import { isMac } from '../../app/format.js';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';

/** Focus the list's Tab stop; false when the list is not rendered (yet). */
function focusAgentList(): boolean {
  const list = document.querySelector<HTMLElement>('[aria-label="Background Agents"]');
  const target = list?.querySelector<HTMLElement>('.agent-item-button[tabindex="0"]') ?? list?.querySelector<HTMLElement>('.agent-item-button');
  target?.focus();
  return target != null && document.activeElement === target;
}

export function useGlobalShortcuts() {
  const { service } = useServices();
  useEffect(() => {
    const store = useOffloadStore.getState;
    const decide = (decision: 'approve' | 'reject') => {
      const state = store();
      const agentId = state.mainView.kind === 'agent' ? state.mainView.agentId : null;
      const agent = agentId ? state.agents[agentId] : null;
      if (!agent || agent.pending?.kind !== 'approval') return false;
      const call = decision === 'approve' ? service.approve(agent.id) : service.deny(agent.id);
      call.catch((error: unknown) => state.showError(error instanceof Error ? error.message : String(error)));
      return true;
    };
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      const plainAlt = event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey;
      let handled = true;
      if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'i') store().setComposerOpen(true);
      else if (event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey && (event.code === 'Backquote' || event.key === '`')) store().toggleTerminal();
      else if (mod && !event.altKey && !event.shiftKey && event.code === 'KeyB') store().setSidebarOpen(!store().sidebarOpen);
      else if (plainAlt && event.code === 'KeyN') store().focusNextWaiting();
      else if (plainAlt && event.code === 'KeyA') handled = decide('approve');
      else if (plainAlt && event.code === 'KeyR') handled = decide('reject');
      else if (plainAlt && event.code === 'KeyL') {
        // At once when the sidebar shows; else after it renders.
        if (!focusAgentList()) {
          store().setSidebarOpen(true);
          requestAnimationFrame(() => focusAgentList());
        }
      } else handled = false;
      if (handled) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [service]);
}
