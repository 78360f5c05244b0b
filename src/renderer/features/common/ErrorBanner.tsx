// The last error an action hit, in words, until the person dismisses it.

import { useOffloadStore } from '../../store/offloadStore.js';

export function ErrorBanner() {
  const message = useOffloadStore((s) => s.errorMessage);
  const showError = useOffloadStore((s) => s.showError);
  if (!message) return null;
  return (
    <div role="alert" className="error-banner">
      <span>{message}</span>
      <button type="button" className="icon-button" aria-label="Dismiss error" onClick={() => showError(null)}>
        ×
      </button>
    </div>
  );
}
