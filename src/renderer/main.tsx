// The renderer's composition root: transport, RPC client, store binding,
// notifications, then the React tree.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { OffloadEvents, OffloadService } from '../shared/contract/offloadService.js';
import { createRpcClient } from '../shared/rpc/client.js';
import { ServicesContext } from './app/servicesContext.js';
import { App } from './features/shell/App.js';
import { notifyInPage } from './features/notifications/agentNotifier.js';
import { bindEvents } from './store/bindEvents.js';
import { useOffloadStore } from './store/offloadStore.js';
import { createConnection } from './transport/createConnection.js';
import './styles/theme.css';
import './styles/base.css';

type ServiceMethods = OffloadService & { [name: string]: (...args: any[]) => Promise<unknown> };

const connection = createConnection();
const client = createRpcClient<ServiceMethods, OffloadEvents>(connection);
const sync = bindEvents(client, connection, useOffloadStore);
notifyInPage(useOffloadStore);

// For the benchmarks and people's own automation: the store, to read state and time updates.
(window as unknown as { __offload?: unknown }).__offload = { store: useOffloadStore };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ServicesContext.Provider value={{ service: client.call, sync, onEvent: client.on }}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
