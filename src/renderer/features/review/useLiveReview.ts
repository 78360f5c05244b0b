// An agent's review, kept live: re-read whenever files may have changed (the
// review's version moves) and when the agent's status changes. The Review
// tab's count and the Summary's "Files changed" come from it, so both follow
// Accept/Reject at once instead of the record's end-of-run summary.

import { useEffect } from 'react';
import type { AgentRecord, FileChangeSummary } from '../../../shared/agent.js';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectReview } from '../../store/selectors.js';
import type { AgentReview } from '../../store/reviewSlice.js';

export function useLiveReview(agent: AgentRecord | null): AgentReview {
  const { sync } = useServices();
  const agentId = agent?.id ?? '';
  const review = useOffloadStore(selectReview(agentId));
  const invalidate = useOffloadStore((s) => s.invalidateReview);

  useEffect(() => {
    if (agentId && review.loadedVersion !== review.version) void sync.refreshReview(agentId);
  }, [agentId, review.version, review.loadedVersion, sync]);

  // Counters and the summary may change without a file event (e.g. a restart): re-read then too.
  const status = agent?.status;
  const recorded = agent?.summary.filesChanged.length;
  useEffect(() => {
    if (agentId) invalidate(agentId);
  }, [agentId, status, recorded, invalidate]);

  return review;
}

/** The files waiting for review: the live diffs once read, the record's summary until then. */
export function changedFilesOf(agent: AgentRecord, review: AgentReview): FileChangeSummary[] {
  if (review.loadedVersion < 0 || review.error) return agent.summary.filesChanged;
  return review.diffs.map(({ path, status, additions, deletions, binary }) => ({ path, status, additions, deletions, binary }));
}
