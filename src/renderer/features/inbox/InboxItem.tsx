// One pending item of the Inbox: which agent, what it asks, and the answer.

import type { AgentRecord } from '../../../shared/agent.js';
import { STATUS_LABELS } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { PendingPanel } from '../stream/PendingPanel.js';

export function InboxItem({ agent }: { agent: AgentRecord }) {
  const openAgent = useOffloadStore((s) => s.openAgent);
  return (
    <li className="inbox-item" aria-label={agent.name} data-agent-id={agent.id}>
      <div className="inbox-item-head">
        <button type="button" className="link-button agent-link" onClick={() => openAgent(agent.id, 'stream')} title="Open this agent">
          {agent.name}
        </button>
        <span className="muted-inline">{STATUS_LABELS[agent.status]}</span>
      </div>
      <PendingPanel agent={agent} compact />
    </li>
  );
}
