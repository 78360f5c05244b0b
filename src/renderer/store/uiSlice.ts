// What the person is looking at: the main view, open dialogs, the Composer's
// interactive session, the connection state shown in the status bar.

import type { StateCreator } from 'zustand';
import type { ConnectionStatus } from '../transport/connection.js';
import type { OffloadState } from './offloadStore.js';
import { selectPausedAgents } from './selectors.js';

export type MainView = { kind: 'welcome' } | { kind: 'file'; path: string } | { kind: 'agent'; agentId: string };
export type AgentTab = 'stream' | 'review';

export interface UiSlice {
  mainView: MainView;
  agentTab: AgentTab;
  composerOpen: boolean;
  settingsOpen: boolean;
  /** The agent shown in the Composer as an interactive session, until moved to the background. */
  interactiveAgentId: string | null;
  connection: ConnectionStatus;
  /** The last error an action hit, shown until dismissed. */
  errorMessage: string | null;
  /** Asks the pending panel to take focus (after a notification click). */
  focusPendingToken: number;
  /** Whether the sidebar panel is expanded (Ctrl+B / Cmd+B, or dragging it closed). */
  sidebarOpen: boolean;
  /** A new background agent the person was not shown (they were reading another agent): said once in a live region. */
  announcement: string;
  setSidebarOpen(open: boolean): void;
  announce(text: string): void;
  /** The agent row to scroll into view (a new agent after Send), without selecting it. */
  revealAgentId: string | null;
  revealAgent(agentId: string): void;
  /** Opens the next agent that waits for the person (after the one shown), focusing its answer or Approve. */
  focusNextWaiting(): void;
  openFile(path: string): void;
  openAgent(agentId: string, tab?: AgentTab): void;
  setAgentTab(tab: AgentTab): void;
  setComposerOpen(open: boolean): void;
  setSettingsOpen(open: boolean): void;
  setInteractiveAgent(agentId: string | null): void;
  setConnection(status: ConnectionStatus): void;
  showError(message: string | null): void;
  focusPending(agentId: string): void;
}

export const createUiSlice: StateCreator<OffloadState, [], [], UiSlice> = (set, get) => ({
  mainView: { kind: 'welcome' },
  agentTab: 'stream',
  composerOpen: false,
  settingsOpen: false,
  interactiveAgentId: null,
  connection: 'connecting',
  errorMessage: null,
  focusPendingToken: 0,
  sidebarOpen: true,
  announcement: '',
  setSidebarOpen(sidebarOpen) {
    set({ sidebarOpen });
  },
  announce(announcement) {
    set({ announcement });
  },
  revealAgentId: null,
  revealAgent(revealAgentId) {
    set({ revealAgentId });
  },
  focusNextWaiting() {
    const state = get();
    const waiting = selectPausedAgents(state);
    if (waiting.length === 0) return;
    const current = state.mainView.kind === 'agent' ? waiting.findIndex((a) => a.id === (state.mainView as { agentId: string }).agentId) : -1;
    state.focusPending(waiting[(current + 1) % waiting.length]!.id);
  },
  openFile(path) {
    set({ mainView: { kind: 'file', path } });
  },
  openAgent(agentId, tab) {
    set((state) => {
      const record = state.agents[agentId];
      const defaultTab: AgentTab = record?.status === 'completed' ? 'review' : 'stream';
      return { mainView: { kind: 'agent', agentId }, agentTab: tab ?? defaultTab };
    });
  },
  setAgentTab(agentTab) {
    set({ agentTab });
  },
  setComposerOpen(composerOpen) {
    set({ composerOpen });
  },
  setSettingsOpen(settingsOpen) {
    set({ settingsOpen });
  },
  setInteractiveAgent(interactiveAgentId) {
    set({ interactiveAgentId });
  },
  setConnection(connection) {
    set({ connection });
  },
  showError(errorMessage) {
    set({ errorMessage });
  },
  focusPending(agentId) {
    set((state) => ({ mainView: { kind: 'agent', agentId }, agentTab: 'stream', focusPendingToken: state.focusPendingToken + 1 }));
  },
});
