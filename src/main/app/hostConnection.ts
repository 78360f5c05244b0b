// One client's connection to the host (a page over WebSocket or Electron IPC,
// the CLI in-process): the service over its transport, and the host's events
// forwarded to it. Each connection says which agents' streams it shows
// (watchAgentStreams); it then gets only their events, not every agent's.

import type { AgentEvent } from '../../shared/events.js';
import type { RpcTransport } from '../../shared/rpc/envelope.js';
import { serveRpc, type RpcServer, type RpcServerOptions } from '../../shared/rpc/server.js';
import type { OffloadHost } from './host.js';

export interface HostConnection {
  /** Sends an event of the shell's own to this client (Electron's menu, notifications). */
  emit(event: string, data: unknown): void;
  dispose(): void;
}

export function serveHostConnection(
  transport: RpcTransport,
  host: Pick<OffloadHost, 'service' | 'onEvent'>,
  options: RpcServerOptions = {},
): HostConnection {
  /** null: every agent's events (a client that never said what it shows). */
  let watched: Set<string> | null = null;
  const service = new Proxy(host.service, {
    get(target, name, receiver) {
      if (name === 'watchAgentStreams') {
        return async (ids: string[]) => {
          watched = new Set(ids);
        };
      }
      return Reflect.get(target, name, receiver);
    },
  });
  const rpc: RpcServer = serveRpc(transport, service, options);
  const stopEvents = host.onEvent((name, data) => {
    if (name === 'onDidAppendEvent' && watched && !watched.has((data as AgentEvent).agentId)) return;
    rpc.emit(name, data);
  });
  return {
    emit: (event, data) => rpc.emit(event, data),
    dispose() {
      stopEvents();
      rpc.dispose();
    },
  };
}
