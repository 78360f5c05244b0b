// Picks the transport for where the page runs: Electron's preload pipe when it
// exists, else a WebSocket back to the host that served the page.

import type { Connection } from './connection.js';
import { createIpcTransport } from './ipcTransport.js';
import { createWsTransport, rpcUrlFor } from './wsTransport.js';

export function createConnection(): Connection {
  if (window.offloadIpc) return createIpcTransport(window.offloadIpc);
  return createWsTransport(rpcUrlFor(window.location));
}
