// A client for a host in the same process, through the same RPC envelope a
// remote host uses (an in-memory transport pair), so the CLI has one code path
// whether it talks to its own host or to a running `offload serve`, and its
// calls are validated against the same schemas.

import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import { validateOffloadParams } from '../../shared/contract/offloadSchemas.js';
import { createRpcClient, type RpcClient } from '../../shared/rpc/client.js';
import { createMemoryTransportPair } from '../../shared/rpc/memoryTransport.js';
import type { OffloadHost } from './host.js';
import { serveHostConnection } from './hostConnection.js';

export function connectInProcess(host: OffloadHost): RpcClient<OffloadService, OffloadEvents> {
  const [clientSide, serverSide] = createMemoryTransportPair();
  // Checked like a page's or a remote CLI's calls: one set of rules whichever door a call comes through.
  const server = serveHostConnection(serverSide, host, { validate: validateOffloadParams });
  const client = createRpcClient<OffloadService, OffloadEvents>(clientSide);
  return {
    call: client.call,
    on: client.on.bind(client),
    dispose(reason) {
      server.dispose();
      client.dispose(reason);
    },
  };
}
