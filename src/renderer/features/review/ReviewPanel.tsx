// The review of an agent's changes over the working tree: the summary, then
// each changed file with its diff and actions, and Accept All. Works while
// the agent runs too (partial progress); it re-reads when files change.

import type { AgentRecord } from '../../../shared/agent.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { changedFilesOf, useLiveReview } from './useLiveReview.js';
import { AgentSummaryView } from './AgentSummaryView.js';
import { Checkpoints } from './Checkpoints.js';
import { FileReview } from './FileReview.js';
import './review.css';

export function ReviewPanel({ agent }: { agent: AgentRecord }) {
  const { service } = useServices();
  const review = useLiveReview(agent);
  const invalidate = useOffloadStore((s) => s.invalidateReview);
  const { run, busy } = useAction();

  const refresh = () => invalidate(agent.id);
  const loaded = review.loadedVersion >= 0;

  return (
    <div className="review-panel">
      <AgentSummaryView agent={agent} files={changedFilesOf(agent, review)} />
      <section className="review-files" aria-label="Review">
        <header className="review-header">
          <h3>
            Changes to review <span className="count-pill">{review.diffs.length}</span>
          </h3>
          <span className="spacer" />
          <button type="button" className="button" disabled={busy || review.diffs.length === 0} onClick={() => void run(() => service.reject(agent.id)).then(refresh)}>
            Reject All
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || review.diffs.length === 0}
            onClick={() => void run(() => service.accept(agent.id)).then(refresh)}
          >
            Accept All
          </button>
        </header>
        {review.error && <p className="inline-error">{review.error}</p>}
        {!loaded && <p className="muted pad">Reading the changes…</p>}
        {loaded && review.diffs.length === 0 && !review.error && (
          <p className="empty-state">Nothing to review: the agent has no changes waiting for a decision.</p>
        )}
        {review.diffs.map((diff) => (
          <FileReview key={diff.path} agentId={agent.id} diff={diff} onChanged={refresh} />
        ))}
      </section>
      <Checkpoints agentId={agent.id} version={review.loadedVersion} onChanged={refresh} />
    </div>
  );
}
