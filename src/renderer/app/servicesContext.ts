// Hands the host's typed service and the store's sync helpers to components.

import { createContext, useContext } from 'react';
import type { OffloadService } from '../../shared/contract/offloadService.js';
import type { StoreSync } from '../store/bindEvents.js';

export interface Services {
  service: OffloadService;
  sync: StoreSync;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() needs a <ServicesContext.Provider> above it.');
  return services;
}
