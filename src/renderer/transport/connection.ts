// What the page needs from a transport beyond the RPC envelope pipe: to know
// when the link comes back, so the store can re-read what it missed.

import type { RpcTransport } from '../../shared/rpc/envelope.js';

export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface Connection extends RpcTransport {
  /** Called with every status change; 'open' after a drop means "re-sync now". */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  readonly status: ConnectionStatus;
  close(): void;
}
