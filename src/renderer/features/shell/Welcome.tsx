// The main area before anything is open: what to do first.

import { shortcutLabel } from '../../app/format.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { NoApiKeyNotice } from '../common/NoApiKeyNotice.js';

export function Welcome() {
  const apiKeySet = useOffloadStore((s) => s.hostInfo?.apiKey.set ?? true);
  const agentCount = useOffloadStore((s) => Object.keys(s.agents).length);
  const setComposerOpen = useOffloadStore((s) => s.setComposerOpen);
  return (
    <section className="welcome" aria-label="Welcome">
      <h1>Offload</h1>
      <p className="muted">Run coding agents in the background; review what they change.</p>
      {!apiKeySet && <NoApiKeyNotice className="welcome-step" />}
      <p className="welcome-step">
        {agentCount === 0 ? 'No agents yet: press ' : 'Start another agent: press '}
        <kbd>{shortcutLabel('I')}</kbd> or{' '}
        <button type="button" className="link-button" onClick={() => setComposerOpen(true)}>
          open the Composer
        </button>
        .
      </p>
      <p className="muted small">Click a file to read it, or an agent to follow its work.</p>
    </section>
  );
}
