// One pending item of the Inbox: which agent, what it asks, and the answer.

import type { AgentRecord } from '../../../shared/agent.js';
import { STATUS_LABELS } from '../../../shared/agent.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { PendingPanel } from '../stream/PendingPanel.js';
import { RowTabStopContext } from '../common/rowTabStop.js';
import { virtualRowProps, type VirtualRowPosition } from '../common/virtualRow.js';

interface InboxItemProps extends VirtualRowPosition {
  agent: AgentRecord;
  /** Whether this item holds the list's one Tab stop (roving tabindex). */
  tabStop: boolean;
  onFocusRow: (agentId: string) => void;
}

export function InboxItem({ agent, tabStop, onFocusRow, ...position }: InboxItemProps) {
  return (
    <li
      {...virtualRowProps(position)}
      className="inbox-item"
      aria-label={agent.name}
      data-agent-id={agent.id}
      onFocus={() => onFocusRow(agent.id)}
    >
      <div className="inbox-item-card">
        <div className="inbox-item-head">
          <button
            type="button"
            className="link-button agent-link"
            tabIndex={tabStop ? 0 : -1}
            onClick={() => useOffloadStore.getState().openAgent(agent.id, 'stream')}
            title="Open this agent"
          >
            {agent.name}
          </button>
          <span className="muted-inline">{STATUS_LABELS[agent.status]}</span>
        </div>
        <RowTabStopContext.Provider value={tabStop}>
          <PendingPanel agent={agent} compact />
        </RowTabStopContext.Provider>
      </div>
    </li>
  );
}
