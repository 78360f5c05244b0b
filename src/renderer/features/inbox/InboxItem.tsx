// One pending item of the Inbox: which agent, what it asks, and the answer.

import type { AgentRecord } from '../../../shared/agent.js';
import { STATUS_LABELS } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { PendingPanel } from '../stream/PendingPanel.js';

interface InboxItemProps {
  agent: AgentRecord;
  index: number;
  setSize: number;
  offset: number;
  measureRef: (element: HTMLElement | null) => void;
}

export function InboxItem({ agent, index, setSize, offset, measureRef }: InboxItemProps) {
  return (
    <li
      ref={measureRef}
      data-index={index}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      style={{ transform: `translateY(${offset}px)` }}
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
