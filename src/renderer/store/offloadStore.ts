// The page's one store, built from slices. Timers and transports stay out of
// it: bindEvents.ts feeds it from the host, components read it via selectors.

import { create } from 'zustand';
import { createAgentsSlice, type AgentsSlice } from './agentsSlice.js';
import { createStreamSlice, type StreamSlice } from './streamSlice.js';
import { createReviewSlice, type ReviewSlice } from './reviewSlice.js';
import { createSettingsSlice, type SettingsSlice } from './settingsSlice.js';
import { createTerminalSlice, type TerminalSlice } from './terminalSlice.js';
import { createUiSlice, type UiSlice } from './uiSlice.js';

export type OffloadState = AgentsSlice & StreamSlice & ReviewSlice & SettingsSlice & UiSlice & TerminalSlice;

export const useOffloadStore = create<OffloadState>()((...a) => ({
  ...createAgentsSlice(...a),
  ...createStreamSlice(...a),
  ...createReviewSlice(...a),
  ...createSettingsSlice(...a),
  ...createUiSlice(...a),
  ...createTerminalSlice(...a),
}));

export type OffloadStore = typeof useOffloadStore;
