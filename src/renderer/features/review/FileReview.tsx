// One changed file in the review: its side-by-side diff, Accept / Reject /
// Reject with Feedback for the whole file, and accept or reject per hunk.

import { useState } from 'react';
import type { FileDiff } from '../../../shared/review.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { DiffView } from '../editor/DiffView.js';
import { DiffCounts } from './AgentSummaryView.js';
import { FeedbackDialog } from './FeedbackDialog.js';

interface FileReviewProps {
  agentId: string;
  diff: FileDiff;
  onChanged: () => void;
}

const LINE_HEIGHT = 18;

export function FileReview({ agentId, diff, onChanged }: FileReviewProps) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const [asking, setAsking] = useState(false);
  const [expanded, setExpanded] = useState(true);

  const act = (action: () => Promise<void>) => void run(action).then(onChanged);
  const paths = [diff.path];
  const lines = Math.max((diff.original ?? '').split('\n').length, (diff.modified ?? '').split('\n').length);
  const height = Math.min(420, Math.max(120, lines * LINE_HEIGHT + 24));
  const canDiff = !diff.binary && (diff.original != null || diff.modified != null);

  return (
    <section className="file-review" aria-label={diff.path} data-path={diff.path}>
      <header className="file-review-header">
        <button
          type="button"
          className="icon-button"
          aria-expanded={expanded}
          aria-label={expanded ? `Collapse ${diff.path}` : `Expand ${diff.path}`}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? '▾' : '▸'}
        </button>
        <span className={`file-status ${diff.status}`} title={diff.status}>
          {diff.status[0]!.toUpperCase()}
        </span>
        <span className="file-path mono">{diff.path}</span>
        {diff.binary ? <span className="muted">binary</span> : <DiffCounts additions={diff.additions} deletions={diff.deletions} />}
        <span className="spacer" />
        <button type="button" className="button primary small" disabled={busy} onClick={() => act(() => service.accept(agentId, { paths }))}>
          Accept
        </button>
        <button type="button" className="button small" disabled={busy} onClick={() => act(() => service.reject(agentId, { paths }))}>
          Reject
        </button>
        <button type="button" className="button small" disabled={busy} onClick={() => setAsking(true)}>
          Reject with Feedback
        </button>
      </header>
      {expanded && (
        <>
          {diff.tooLarge ? (
            <p className="muted pad" role="note">
              Too large to diff line by line (about +{diff.additions} −{diff.deletions} lines): accept or reject the whole file.
            </p>
          ) : canDiff ? (
            <DiffView path={diff.path} original={diff.original ?? ''} modified={diff.modified ?? ''} height={height} />
          ) : (
            <p className="muted pad">{diff.binary ? 'Binary file: restorable, not shown as text.' : 'No text to show.'}</p>
          )}
          {diff.hunks.length > 0 && (
            <ol className="hunk-list" aria-label={`Hunks of ${diff.path}`}>
              {diff.hunks.map((hunk) => {
                const n = hunk.index + 1;
                return (
                  <li key={hunk.index} className="hunk">
                    <span className="hunk-header mono">
                      Hunk {n}: @@ -{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
                    </span>
                    <span className="hunk-counts">
                      <DiffCounts
                        additions={hunk.lines.filter((l) => l.startsWith('+')).length}
                        deletions={hunk.lines.filter((l) => l.startsWith('-')).length}
                      />
                    </span>
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Accept hunk ${n}`}
                      disabled={busy}
                      onClick={() => act(() => service.accept(agentId, { paths, hunk: hunk.index }))}
                    >
                      Accept hunk {n}
                    </button>
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Reject hunk ${n}`}
                      disabled={busy}
                      onClick={() => act(() => service.reject(agentId, { paths, hunk: hunk.index }))}
                    >
                      Reject hunk {n}
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
      {asking && (
        <FeedbackDialog
          path={diff.path}
          onClose={() => setAsking(false)}
          onSubmit={(feedback) => {
            setAsking(false);
            act(() => service.reject(agentId, { paths, feedback }));
          }}
        />
      )}
    </section>
  );
}
