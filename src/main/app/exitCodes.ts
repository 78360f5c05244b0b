// The CLI's exit codes (a public contract: scripts branch on them).
//
// When several agents end differently, the most urgent outcome wins:
// failed (1) > cancelled (4) > paused (3) > completed (0). A failure is what a
// script most needs to notice; a cancellation was someone's decision; a pause
// only waits for a person.

import type { AgentStatus } from '../../shared/agent.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_PAUSED = 3;
export const EXIT_CANCELLED = 4;

const RANK: Record<number, number> = { [EXIT_OK]: 0, [EXIT_PAUSED]: 1, [EXIT_CANCELLED]: 2, [EXIT_FAILED]: 3 };

export function exitCodeForStatus(status: AgentStatus): number {
  switch (status) {
    case 'completed':
      return EXIT_OK;
    case 'failed':
      return EXIT_FAILED;
    case 'cancelled':
      return EXIT_CANCELLED;
    case 'paused_input':
    case 'paused_approval':
      return EXIT_PAUSED;
    default:
      // Still queued or running (e.g. a follow that stopped early): not a success.
      return EXIT_FAILED;
  }
}

export function exitCodeForStatuses(statuses: readonly AgentStatus[]): number {
  let worst = EXIT_OK;
  for (const status of statuses) {
    const code = exitCodeForStatus(status);
    if ((RANK[code] ?? 0) > (RANK[worst] ?? 0)) worst = code;
  }
  return worst;
}
