// An agent's mark on a file (explorer row, editor tab): who changed it or is
// editing it, and the agent's status, in words for screen readers too.

import { STATUS_LABELS, type AgentStatus } from '../../../shared/agent.js';
import type { AgentFileMark } from '../../../shared/contract/editorService.js';

export function markLabel(mark: AgentFileMark): string {
  const status = STATUS_LABELS[mark.status as AgentStatus] ?? mark.status;
  const what = mark.leased ? 'editing' : 'changed (pending review)';
  return `${mark.agentName} ${what}, ${status.toLowerCase()}`;
}

export function AgentBadge({ marks }: { marks: AgentFileMark[] | undefined }) {
  if (!marks?.length) return null;
  const label = marks.map(markLabel).join('; ');
  return (
    <span className={`agent-badge ${marks.some((m) => m.leased) ? 'leased' : 'pending'}`} title={label} aria-label={`Agent: ${label}`}>
      {marks[0]!.agentName}
      {marks.length > 1 ? ` +${marks.length - 1}` : ''}
    </span>
  );
}
