// Said wherever starting an agent would fail for want of a key, with the way to fix it.

import { useOffloadStore } from '../../store/offloadStore.js';

export function NoApiKeyNotice({ className }: { className: string }) {
  const setSettingsOpen = useOffloadStore((s) => s.setSettingsOpen);
  return (
    <p className={className}>
      No API key yet: open{' '}
      <button type="button" className="link-button" onClick={() => setSettingsOpen(true)}>
        Settings
      </button>{' '}
      to add one.
    </p>
  );
}
