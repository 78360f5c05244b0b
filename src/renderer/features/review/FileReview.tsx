// One changed file in the review: its side-by-side diff, Accept / Reject /
// Reject with Feedback for the whole file, and accept or reject per hunk.

import { useRef, useState } from 'react';
import type { DiffHunk, FileDiff } from '../../../shared/review.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { ReviewDiff } from './ReviewDiff.js';
import { DiffCounts } from './AgentSummaryView.js';
import { FeedbackDialog } from './FeedbackDialog.js';

interface FileReviewProps {
  agentId: string;
  diff: FileDiff;
  onChanged: () => void;
}

/**
 * Hunk numbers stay with their hunk: after hunk 1 is accepted, the others keep
 * their numbers (the host's index shifts; the call uses the index of now).
 * A hunk is known by its changed lines.
 */
function useStableHunkNumbers() {
  const numbers = useRef(new Map<string, number>());
  return (hunk: DiffHunk) => {
    const signature = hunk.lines.filter((line) => !line.startsWith(' ')).join('\n');
    let n = numbers.current.get(signature);
    if (n === undefined) {
      n = Math.max(0, ...numbers.current.values()) + 1;
      numbers.current.set(signature, n);
    }
    return n;
  };
}

export function FileReview({ agentId, diff, onChanged }: FileReviewProps) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const [asking, setAsking] = useState(false);
  const [expanded, setExpanded] = useState(true);

  const act = (action: () => Promise<void>) => void run(action).then(onChanged);
  /** Accept or Reject of the whole file: on success the file leaves the list before the re-read lands. */
  const settleFile = (action: () => Promise<void>) =>
    void run(async () => {
      await action();
      useOffloadStore.getState().dropReviewFile(agentId, diff.path);
    }).then(onChanged);
  const paths = [diff.path];
  const numberOf = useStableHunkNumbers();
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
        <button type="button" className="button primary small" disabled={busy} onClick={() => settleFile(() => service.accept(agentId, { paths }))}>
          Accept
        </button>
        <button type="button" className="button small" disabled={busy} onClick={() => settleFile(() => service.reject(agentId, { paths }))}>
          Reject
        </button>
        <button type="button" className="button small" disabled={busy} onClick={() => setAsking(true)}>
          Reject with Feedback
        </button>
      </header>
      {expanded &&
        (canDiff ? (
          <ReviewDiff
            path={diff.path}
            original={diff.original ?? ''}
            modified={diff.modified ?? ''}
            hunks={diff.hunks}
            renderHunkActions={(hunk) => {
              const n = numberOf(hunk);
              return (
                <>
                  <span className="hunk-header mono">Hunk {n}</span>
                  <DiffCounts additions={hunk.lines.filter((l) => l.startsWith('+')).length} deletions={hunk.lines.filter((l) => l.startsWith('-')).length} />
                  {(['Accept', 'Reject'] as const).map((verb) => (
                    <button
                      key={verb}
                      type="button"
                      className="button small"
                      disabled={busy}
                      onClick={() => act(() => (verb === 'Accept' ? service.accept(agentId, { paths, hunk: hunk.index }) : service.reject(agentId, { paths, hunk: hunk.index })))}
                    >
                      {verb} hunk {n}
                    </button>
                  ))}
                </>
              );
            }}
          />
        ) : (
          <p className="muted pad" role={diff.tooLarge ? 'note' : undefined}>
            {diff.tooLarge
              ? `Too large to diff line by line (about +${diff.additions} −${diff.deletions} lines): accept or reject the whole file.`
              : diff.binary
                ? 'Binary file: restorable, not shown as text.'
                : 'No text to show.'}
          </p>
        ))}
      {asking && (
        <FeedbackDialog
          path={diff.path}
          onClose={() => setAsking(false)}
          onSubmit={(feedback) => {
            setAsking(false);
            settleFile(() => service.reject(agentId, { paths, feedback }));
          }}
        />
      )}
    </section>
  );
}
