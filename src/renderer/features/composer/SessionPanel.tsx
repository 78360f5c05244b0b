// An interactive session as a side panel (not a modal): its live stream, what
// it waits for, and a follow-up box, so the person steers it while the editor
// stays usable. The session menu moves it to the background (it keeps
// running) or starts a new session.

import { useState } from 'react';
import { isSettled } from '../../../shared/agent.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectAgent } from '../../store/selectors.js';
import { AgentCounters } from '../agents/AgentCounters.js';
import { StatusBadge } from '../agents/StatusBadge.js';
import { Menu } from '../common/Menu.js';
import { AgentStream } from '../stream/AgentStream.js';
import { PendingPanel } from '../stream/PendingPanel.js';
import './composer.css';

export function SessionPanel({ agentId }: { agentId: string }) {
  const { service } = useServices();
  const agent = useOffloadStore(selectAgent(agentId));
  const { run, busy } = useAction();
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [text, setText] = useState('');

  const moveToBackground = () =>
    run(async () => {
      await service.moveToBackground(agentId);
      const { setInteractiveAgent, openAgent } = useOffloadStore.getState();
      setInteractiveAgent(null);
      openAgent(agentId, 'stream');
    });
  const newSession = () => {
    const { setInteractiveAgent, setComposerOpen } = useOffloadStore.getState();
    setInteractiveAgent(null);
    setComposerOpen(true);
  };

  const canFollowUp = !!agent && (isSettled(agent.status) || agent.status === 'paused_input');
  const send = () => {
    const message = text.trim();
    if (!message || !canFollowUp) return;
    void run(async () => {
      await service.followUp(agentId, message);
      return true;
    }).then((sent) => {
      if (sent) setText('');
    });
  };

  return (
    <section className="session-panel" aria-label="Interactive session">
      <header className="session-header">
        <strong className="session-name">{agent?.name ?? 'Starting…'}</strong>
        {agent && <StatusBadge status={agent.status} />}
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
      </header>
      {agent && (
        <div className="session-counters">
          <AgentCounters agent={agent} />
        </div>
      )}
      <div className="session-stream">
        <AgentStream agentId={agentId} label="Session output" />
      </div>
      {agent?.pending ? (
        <PendingPanel agent={agent} compact />
      ) : (
        <form
          className="session-follow-up"
          onSubmit={(event) => {
            event.preventDefault();
            send();
          }}
        >
          <textarea
            aria-label="Follow-up"
            rows={2}
            placeholder={canFollowUp ? 'Ask for more (Enter to send, Shift+Enter for a new line)' : 'The agent is working; send a follow-up when it finishes'}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                send();
              }
            }}
          />
          <button type="submit" className="button primary" disabled={busy || !canFollowUp || !text.trim()}>
            Send follow-up
          </button>
        </form>
      )}
      {menuAt && (
        <Menu
          label="Session"
          x={menuAt.x}
          y={menuAt.y}
          onClose={() => setMenuAt(null)}
          items={[
            { label: 'Move to background', onSelect: () => void moveToBackground() },
            { label: 'New session', onSelect: newSession },
          ]}
        />
      )}
    </section>
  );
}
