// What the agent did, at a glance: files changed with +/- counts, tests run
// with pass or fail, commands executed.

import type { AgentRecord, FileChangeSummary } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';

/** `files`: what waits for review now (see useLiveReview), not the record's end-of-run list. */
export function AgentSummaryView({ agent, files }: { agent: AgentRecord; files: FileChangeSummary[] }) {
  const { testsRun, commandsRun } = agent.summary;
  const filesChanged = files;
  const passed = testsRun.filter((t) => t.ok).length;
  return (
    <section className="summary" aria-label="Summary">
      <div className="summary-col">
        <h3>
          Files changed <span className="count-pill">{filesChanged.length || (agent.summary.changedPathsFromLog?.length ?? 0)}</span>
        </h3>
        {filesChanged.length === 0 && agent.summary.changedPathsFromLog?.length ? (
          <>
            <p className="muted">The workspace could not be read when the agent ended; its log names these files:</p>
            <ul className="summary-list">
              {agent.summary.changedPathsFromLog.map((path) => (
                <li key={path} className="mono">
                  {path}
                </li>
              ))}
            </ul>
          </>
        ) : filesChanged.length === 0 ? (
          <p className="muted">{agent.summary.filesChanged.length > 0 ? 'None left to review.' : 'None yet.'}</p>
        ) : (
          <ul className="summary-list">
            {filesChanged.map((file) => (
              <li key={file.path}>
                <span className={`file-status ${file.status}`}>{file.status[0]!.toUpperCase()}</span>
                <button type="button" className="link-button mono" title={`Open ${file.path}`} onClick={() => useOffloadStore.getState().openFile(file.path)}>
                  {file.path}
                </button>
                {file.binary ? <span className="muted">binary</span> : <DiffCounts additions={file.additions} deletions={file.deletions} />}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="summary-col">
        <h3>
          Tests {testsRun.length > 0 && <span className="count-pill">{`${passed} passed, ${testsRun.length - passed} failed`}</span>}
        </h3>
        {testsRun.length === 0 ? (
          <p className="muted">No tests run.</p>
        ) : (
          <ul className="summary-list">
            {testsRun.map((test, i) => (
              <li key={i}>
                <span className={test.ok ? 'pass' : 'fail'}>{test.ok ? 'pass' : 'fail'}</span>
                <span className="mono">{test.command}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="summary-col">
        <h3>
          Commands <span className="count-pill">{commandsRun.length}</span>
        </h3>
        {commandsRun.length === 0 ? (
          <p className="muted">No commands run.</p>
        ) : (
          <ul className="summary-list">
            {commandsRun.map((command, i) => (
              <li key={i} className="mono">
                $ {command}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

export function DiffCounts({ additions, deletions }: { additions: number; deletions: number }) {
  return (
    <span className="diff-counts" aria-label={`${additions} additions, ${deletions} deletions`}>
      <span className="additions">+{additions}</span> <span className="deletions">−{deletions}</span>
    </span>
  );
}
