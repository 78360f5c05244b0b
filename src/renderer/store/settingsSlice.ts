// Settings and host facts (workspace, API key status). The key itself never
// reaches the page: only whether one is set and its last characters.

import type { StateCreator } from 'zustand';
import type { HostInfo } from '../../shared/contract/offloadService.js';
import type { ApiKeyStatus, Settings } from '../../shared/settings.js';
import type { OffloadState } from './offloadStore.js';

export interface SettingsSlice {
  settings: Settings | null;
  hostInfo: HostInfo | null;
  setSettings(settings: Settings): void;
  setHostInfo(info: HostInfo): void;
  setApiKeyStatus(status: ApiKeyStatus): void;
}

export const createSettingsSlice: StateCreator<OffloadState, [], [], SettingsSlice> = (set) => ({
  settings: null,
  hostInfo: null,
  setSettings(settings) {
    set({ settings });
  },
  setHostInfo(hostInfo) {
    set({ hostInfo });
  },
  setApiKeyStatus(apiKey) {
    set((state) => (state.hostInfo ? { hostInfo: { ...state.hostInfo, apiKey } } : state));
  },
});
