// An interactive session in the Composer: its live stream and pending item,
// and the session menu that moves it to the background.

import { useState } from 'react';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectAgent } from '../../store/selectors.js';
import { AgentCounters } from '../agents/AgentCounters.js';
import { StatusBadge } from '../agents/StatusBadge.js';
import { Menu } from '../common/Menu.js';
import { AgentStream } from '../stream/AgentStream.js';
import { PendingPanel } from '../stream/PendingPanel.js';

export function ComposerSession({ agentId }: { agentId: string }) {
  const { service } = useServices();
  const agent = useOffloadStore(selectAgent(agentId));
  const setInteractiveAgent = useOffloadStore((s) => s.setInteractiveAgent);
  const setComposerOpen = useOffloadStore((s) => s.setComposerOpen);
  const openAgent = useOffloadStore((s) => s.openAgent);
  const { run } = useAction();
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);

  const moveToBackground = () =>
    run(async () => {
      await service.moveToBackground(agentId);
      setInteractiveAgent(null);
      setComposerOpen(false);
      openAgent(agentId, 'stream');
    });

  return (
    <div className="composer-session">
      <div className="composer-session-header">
        <strong>{agent?.name ?? 'Starting…'}</strong>
        {agent && <StatusBadge status={agent.status} />}
        {agent && <AgentCounters agent={agent} />}
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label="Session menu"
          aria-haspopup="menu"
          aria-expanded={!!menuAt}
          title="Session menu"
          onClick={(event) => {
            const rect = event.currentTarget.getBoundingClientRect();
            setMenuAt({ x: rect.right - 190, y: rect.bottom + 4 });
          }}
        >
          ⋯
        </button>
      </div>
      <div className="composer-session-stream">
        <AgentStream agentId={agentId} label="Session output" />
      </div>
      {agent?.pending && <PendingPanel agent={agent} />}
      {menuAt && (
        <Menu
          label="Session"
          x={menuAt.x}
          y={menuAt.y}
          onClose={() => setMenuAt(null)}
          items={[
            { label: 'Move to background', onSelect: () => void moveToBackground() },
            { label: 'New session', onSelect: () => setInteractiveAgent(null) },
          ]}
        />
      )}
    </div>
  );
}
