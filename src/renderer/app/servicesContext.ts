// Hands the host's typed service and the store's sync helpers to components.

import { createContext, useContext } from 'react';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { StoreSync } from '../store/bindEvents.js';

export interface Services {
  service: OffloadService;
  sync: StoreSync;
  /**
   * Subscribes to one host event directly, for streams that are not store
   * state (the terminal's output). Returns an unsubscribe function.
   */
  onEvent<K extends keyof OffloadEvents & string>(name: K, listener: (data: OffloadEvents[K]) => void): () => void;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() needs a <ServicesContext.Provider> above it.');
  return services;
}
