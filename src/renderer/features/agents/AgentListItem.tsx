// One row of the Background Agents panel: name, starting prompt, status in
// words and live counters. Right-click (or Shift+F10 / the Menu key) opens its
// context menu.

import { memo, useState } from 'react';
import type { AgentRecord } from '../../../shared/agent.js';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { Menu } from '../common/Menu.js';
import { agentActions } from './agentActions.js';
import { AgentCounters } from './AgentCounters.js';
import { StatusBadge } from './StatusBadge.js';
import { DiffCounts } from '../review/AgentSummaryView.js';
import { virtualRowProps, type VirtualRowPosition } from '../common/virtualRow.js';

interface AgentListItemProps extends VirtualRowPosition {
  agent: AgentRecord;
  /** Set on the first row of a group: the group's heading and size. */
  group?: { heading: string; size: number } | undefined;
  selected: boolean;
  /** Whether this row holds the list's one Tab stop (roving tabindex). */
  tabStop: boolean;
  onFocusRow: (agentId: string) => void;
}

export const AgentListItem = memo(function AgentListItem({ agent, group, selected, tabStop, onFocusRow, ...position }: AgentListItemProps) {
  const { service } = useServices();
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);

  // Actions read the store when used: rows subscribe to nothing but their record.
  const { openAgent, showError } = useOffloadStore.getState();
  const items = menuAt
    ? agentActions(agent, service, (tab) => openAgent(agent.id, tab)).map((action) => ({
        label: action.label,
        danger: action.danger,
        onSelect: () => {
          Promise.resolve(action.run()).catch((error: unknown) => showError(error instanceof Error ? error.message : String(error)));
        },
      }))
    : [];

  return (
    <li
      {...virtualRowProps(position)}
      className={`agent-item ${selected ? 'selected' : ''}`}
      aria-label={agent.name}
      aria-current={selected ? 'true' : undefined}
      data-agent-id={agent.id}
      data-status={agent.status}
      onContextMenu={(event) => {
        event.preventDefault();
        setMenuAt({ x: event.clientX, y: event.clientY });
      }}
    >
      {group && (
        <h3 className="agent-group-heading">
          {group.heading} <span className="agent-group-size">{group.size}</span>
        </h3>
      )}
      <button
        type="button"
        className="agent-item-button"
        tabIndex={tabStop ? 0 : -1}
        onFocus={() => onFocusRow(agent.id)}
        onClick={() => openAgent(agent.id)}
        onKeyDown={(event) => {
          if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
            event.preventDefault();
            const rect = event.currentTarget.getBoundingClientRect();
            setMenuAt({ x: rect.left + 16, y: rect.bottom - 4 });
          }
        }}
      >
        <span className="agent-item-top">
          <span className="agent-name">{agent.name || agent.id}</span>
          <StatusBadge status={agent.status} />
        </span>
        <span className="agent-prompt" title={agent.prompt}>
          {agent.prompt}
        </span>
        <span className="agent-item-bottom">
          <AgentCounters agent={agent} />
          <RowDiffStats agent={agent} />
        </span>
      </button>
      {menuAt && <Menu label={`${agent.name} actions`} items={items} x={menuAt.x} y={menuAt.y} onClose={() => setMenuAt(null)} />}
    </li>
  );
});

/** The agent's changes at a glance (+/− over its changed files), as Cursor's rows show. */
function RowDiffStats({ agent }: { agent: AgentRecord }) {
  const files = agent.summary.filesChanged;
  if (files.length === 0) return null;
  let additions = 0;
  let deletions = 0;
  for (const file of files) {
    additions += file.additions;
    deletions += file.deletions;
  }
  return <DiffCounts additions={additions} deletions={deletions} />;
}
