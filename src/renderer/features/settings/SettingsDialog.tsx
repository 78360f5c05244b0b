// Settings: API key, providers, MCP servers, default model, approvals, budgets, rate limits, web search.

// The form loads on first open (its own chunk, with zod's setting rules and the
// provider and MCP sections), so the page's first script stays small (issue 11).

import { lazy, Suspense } from 'react';
import { useOffloadStore } from '../../store/offloadStore.js';
import { Dialog } from '../common/Dialog.js';
import './settings.css';

const SettingsForm = lazy(() => import('./SettingsForm.js').then((m) => ({ default: m.SettingsForm })));

export function SettingsDialog() {
  const open = useOffloadStore((s) => s.settingsOpen);
  const setOpen = useOffloadStore((s) => s.setSettingsOpen);
  const settings = useOffloadStore((s) => s.settings);
  if (!open) return null;
  const loading = <p className="pad">Loading settings…</p>;
  return (
    <Dialog title="Settings" onClose={() => setOpen(false)} className="settings-dialog">
      {settings ? (
        <Suspense fallback={loading}>
          <SettingsForm settings={settings} onDone={() => setOpen(false)} />
        </Suspense>
      ) : (
        loading
      )}
    </Dialog>
  );
}
