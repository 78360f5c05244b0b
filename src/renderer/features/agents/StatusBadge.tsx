// An agent's status in words (the same words as the CLI), with a colored dot.

import { STATUS_LABELS, type AgentStatus } from '../../../shared/agent.js';

export function StatusBadge({ status }: { status: AgentStatus }) {
  return (
    <span className={`status-badge status-${status}`}>
      <span className="status-dot" aria-hidden="true" />
      {STATUS_LABELS[status]}
    </span>
  );
}
