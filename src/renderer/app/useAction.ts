// Runs a host call for a button: errors show in the error banner instead of
// vanishing, and the button knows while the call is in flight.

import { useCallback, useState } from 'react';
import { useOffloadStore } from '../store/offloadStore.js';

export function useAction() {
  const showError = useOffloadStore((s) => s.showError);
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await action();
      } catch (error) {
        showError(error instanceof Error ? error.message : String(error));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [showError],
  );
  return { run, busy };
}
