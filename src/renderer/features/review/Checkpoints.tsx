// The agent's checkpoints: each step that changed files, with the files, and
// "Undo to here" (as `offload undo ID --to-step N`): every file the agent
// changed goes back to how it was after that step. Re-read when the review's
// version moves (files changed).

import { useEffect, useState } from 'react';
import type { Checkpoint } from '../../../shared/review.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';

export function Checkpoints({ agentId, version, onChanged }: { agentId: string; version: number; onChanged: () => void }) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const [checkpoints, setCheckpoints] = useState<Checkpoint[] | null>(null);

  useEffect(() => {
    let live = true;
    service.getCheckpoints(agentId).then(
      (list) => live && setCheckpoints(list),
      () => live && setCheckpoints([]),
    );
    return () => {
      live = false;
    };
  }, [agentId, version, service]);

  if (!checkpoints || checkpoints.length === 0) return null;
  return (
    <section className="checkpoints" aria-label="Checkpoints">
      <h3>
        Checkpoints <span className="count-pill">{checkpoints.length}</span>
      </h3>
      <ol className="checkpoint-list">
        {checkpoints.map((checkpoint, i) => (
          <li key={checkpoint.step} aria-label={`Step ${checkpoint.step}`}>
            <span className="checkpoint-step">Step {checkpoint.step}</span>
            <span className="muted-inline">{new Date(checkpoint.time).toLocaleTimeString()}</span>
            <span className="checkpoint-files mono" title={checkpoint.files.join(', ')}>
              {checkpoint.files.join(', ')}
            </span>
            <span className="spacer" />
            {i < checkpoints.length - 1 ? (
              <button type="button" className="button small" disabled={busy} onClick={() => void run(() => service.undo(agentId, { toStep: checkpoint.step })).then(onChanged)}>
                Undo to here
              </button>
            ) : (
              <span className="muted-inline">Latest</span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
