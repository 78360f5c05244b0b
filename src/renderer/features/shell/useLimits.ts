// The host's rate-limit and monthly-budget readout, asked every few seconds
// while the page is connected (it changes with every model call; an event per
// grant would be noise).

import { useEffect, useState } from 'react';
import type { LimitsStatus } from '../../../shared/rateLimits.js';
import { useServices } from '../../app/servicesContext.js';
import { useOffloadStore } from '../../store/offloadStore.js';

const POLL_MS = 2_000;

export function useLimits(): LimitsStatus | null {
  const { service } = useServices();
  const connection = useOffloadStore((s) => s.connection);
  const [status, setStatus] = useState<LimitsStatus | null>(null);
  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    const ask = () =>
      void Promise.resolve()
        .then(() => service.getLimits())
        .then(
        (next) => live && setStatus(next),
        () => undefined, // an older host, or a reconnect: keep the last readout
      );
    ask();
    const timer = setInterval(ask, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [service, connection]);
  return status;
}
