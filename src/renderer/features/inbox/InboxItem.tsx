// One pending item of the Inbox: which agent, what it asks, and the answer.

import type { AgentRecord } from '../../../shared/agent.js';
import { STATUS_LABELS } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { PendingPanel } from '../stream/PendingPanel.js';
import { virtualRowProps, type VirtualRowPosition } from '../common/virtualRow.js';

interface InboxItemProps extends VirtualRowPosition {
  agent: AgentRecord;
}

export function InboxItem({ agent, ...position }: InboxItemProps) {
  return (
    <li
      {...virtualRowProps(position)}
      className="inbox-item"
      aria-label={agent.name}
      data-agent-id={agent.id}
    >
      <div className="inbox-item-card">
        <div className="inbox-item-head">
          <button
            type="button"
            className="link-button agent-link"
            onClick={() => useOffloadStore.getState().openAgent(agent.id, 'stream')}
            title="Open this agent"
          >
            {agent.name}
          </button>
          <span className="muted-inline">{STATUS_LABELS[agent.status]}</span>
        </div>
        <PendingPanel agent={agent} compact />
      </div>
    </li>
  );
}
