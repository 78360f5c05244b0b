// Every paused agent's pending question or command, in one place, with the
// same actions as under its stream.

import { useOffloadStore } from '../../store/offloadStore.js';
import { selectPausedAgents } from '../../store/selectors.js';
import { InboxItem } from './InboxItem.js';
import './inbox.css';

export function Inbox() {
  const paused = useOffloadStore(selectPausedAgents);
  return (
    <aside className="inbox" aria-label="Inbox">
      <h2 id="inbox-heading" className="sidebar-heading">
        Inbox <span className={`count-pill ${paused.length ? 'attention' : ''}`}>{paused.length}</span>
      </h2>
      {paused.length === 0 ? (
        <p className="empty-state small">Nothing waits for you. Agents that need an answer or an approval show up here.</p>
      ) : (
        <ul className="inbox-list" aria-label="Waiting for you">
          {paused.map((agent) => (
            <InboxItem key={agent.id} agent={agent} />
          ))}
        </ul>
      )}
    </aside>
  );
}
