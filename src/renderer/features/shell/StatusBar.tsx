// The status bar: the link to the host, the API key, this month's usage.

import { useEffect } from 'react';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectMonthlyPremiumUsed, selectPausedAgents, selectRunningCount } from '../../store/selectors.js';

const CONNECTION_WORDS = { open: 'Connected', connecting: 'Connecting…', closed: 'Disconnected: retrying' };

export function StatusBar() {
  const connection = useOffloadStore((s) => s.connection);
  const apiKey = useOffloadStore((s) => s.hostInfo?.apiKey ?? null);
  const used = useOffloadStore(selectMonthlyPremiumUsed);
  const total = useOffloadStore((s) => s.settings?.monthlyPremiumRequests ?? null);
  const running = useOffloadStore(selectRunningCount);
  const waiting = useOffloadStore(selectPausedAgents).length;
  const announcement = useOffloadStore((s) => s.announcement);
  // The count of agents waiting for the person also shows in the tab's (or window's) title.
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) Offload` : 'Offload';
  }, [waiting]);
  return (
    <footer className="status-bar">
      <span className={`connection ${connection}`} role="status">
        <span className="status-dot" aria-hidden="true" /> {CONNECTION_WORDS[connection]}
      </span>
      <span>{running} running</span>
      <button
        type="button"
        className={`status-waiting ${waiting ? 'attention' : ''}`}
        disabled={waiting === 0}
        title="Go to the next agent that waits for you (Alt+N)"
        onClick={() => useOffloadStore.getState().focusNextWaiting()}
      >
        {waiting} waiting for you
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
      <span className="spacer" />
      {apiKey && <span>{apiKey.set ? `API key ${apiKey.hint ?? 'set'}` : 'No API key'}</span>}
      <span title="Premium requests used this month">{total === null ? `${used} premium requests this month` : `${used} of ${total} premium requests this month`}</span>
    </footer>
  );
}
