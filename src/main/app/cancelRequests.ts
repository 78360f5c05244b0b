// Cross-process cancel. When another process drives an agent (a foreground
// `offload run` in another terminal, with no host server to talk to),
// `offload cancel` cannot reach it over RPC. It leaves a request file in
// <stateDir>/cancel-requests/<agentId>; the driving supervisor polls for it
// every 500 ms, deletes it and cancels the agent at its next step boundary.

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CANCEL_POLL_MS = 500;

function requestPath(stateDir: string, agentId: string): string {
  return join(stateDir, 'cancel-requests', agentId);
}

export function writeCancelRequest(stateDir: string, agentId: string): void {
  mkdirSync(join(stateDir, 'cancel-requests'), { recursive: true, mode: 0o700 });
  writeFileSync(requestPath(stateDir, agentId), JSON.stringify({ pid: process.pid, time: new Date().toISOString() }), { mode: 0o600 });
}

/** True (and the request is consumed) when someone asked to cancel the agent. */
export function takeCancelRequest(stateDir: string, agentId: string): boolean {
  const path = requestPath(stateDir, agentId);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}

export function clearCancelRequest(stateDir: string, agentId: string): void {
  rmSync(requestPath(stateDir, agentId), { force: true });
}
