// The status bar: the link to the host, the API key, the shared rate limits, this month's usage.

import { useEffect } from 'react';
import { describeLimits } from '../../../shared/limitsText.js';
import type { LimitsStatus } from '../../../shared/rateLimits.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectMonthlyPremiumUsed, selectPausedAgents, selectRunningCount } from '../../store/selectors.js';
import { useLimits } from './useLimits.js';

const CONNECTION_WORDS = { open: 'Connected', connecting: 'Connecting…', closed: 'Disconnected: retrying' };

export function StatusBar() {
  const connection = useOffloadStore((s) => s.connection);
  const apiKey = useOffloadStore((s) => s.hostInfo?.apiKey ?? null);
  const used = useOffloadStore(selectMonthlyPremiumUsed);
  const total = useOffloadStore((s) => s.settings?.monthlyPremiumRequests ?? null);
  const running = useOffloadStore(selectRunningCount);
  const limits = useLimits();
  const reached = limits?.monthly.reached ?? false;
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
      {limits && <LimitsReadout limits={limits} />}
      <span title="Premium requests used this month" className={reached ? 'budget-reached' : undefined}>
        {total === null ? `${used} premium requests this month` : `${used} of ${total} premium requests this month`}
        {reached && ': monthly budget reached, agents ask before going on'}
      </span>
    </footer>
  );
}

/** Per model class: the tightest limit's use now, and the queue; the whole readout in the tooltip. */
function LimitsReadout({ limits }: { limits: LimitsStatus }) {
  const now = Date.now();
  const parts = limits.modelClasses.map((row) => {
    const requests = row.limits.find((l) => l.kind === 'requests');
    const use = requests ? `${Math.round(requests.usedNow)}/${requests.limit} rpm` : 'no limit stated';
    const queue =
      row.waiting > 0 && row.drainsAt ? `, ${row.waiting} waiting ~${Math.max(0, Math.ceil((Date.parse(row.drainsAt) - now) / 1000))} s` : '';
    const held = row.heldUntil ? ', held by a 429' : '';
    return `${row.modelClass}: ${use}${queue}${held}`;
  });
  return (
    <span className="rate-limits" title={describeLimits(limits, now).join('\n')} aria-label="Rate limits">
      {parts.length ? `Limits ${parts.join(' · ')}` : 'Limits: none stated yet'}
    </span>
  );
}
