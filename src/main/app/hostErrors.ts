// Errors the host throws at its callers. They carry a stable code that
// survives the RPC hop (the CLI maps codes to exit codes; the UI to messages).

import { RpcError } from '../../shared/rpc/envelope.js';

export type HostErrorCode =
  | 'NOT_FOUND'
  | 'BAD_INPUT'
  | 'NO_API_KEY'
  | 'AGENT_BUSY'
  | 'BAD_STATE'
  // The editor's saves: changed on disk since opened; an agent holds the file's lease; no write permission.
  | 'CONFLICT'
  | 'LEASED'
  | 'READ_ONLY'
  // The person said no at the monthly budget (the agent ends as completed, with the reason).
  | 'BUDGET_STOP';

export function hostError(code: HostErrorCode, message: string): RpcError {
  return new RpcError(message, code);
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
