// Whether the bottom Terminal panel shows. The terminal's session itself (its
// id, its output) lives in the panel's component: output is a byte stream for
// xterm.js, not state to render, and goes straight from the host's events to it.

import type { StateCreator } from 'zustand';
import type { OffloadState } from './offloadStore.js';

export interface TerminalSlice {
  terminalOpen: boolean;
  setTerminalOpen(open: boolean): void;
  toggleTerminal(): void;
}

export const createTerminalSlice: StateCreator<OffloadState, [], [], TerminalSlice> = (set) => ({
  terminalOpen: false,
  setTerminalOpen(terminalOpen) {
    set({ terminalOpen });
  },
  toggleTerminal() {
    set((state) => ({ terminalOpen: !state.terminalOpen }));
  },
});
