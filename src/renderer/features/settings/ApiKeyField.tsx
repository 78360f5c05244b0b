// The API key: typed in, saved to the host's secret store, never read back.
// The page only ever learns whether a key is set and its last characters.

import { useState } from 'react';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';

export const STORAGE_WORDS = { keychain: 'in the system keychain', file: 'in a user-only file', environment: 'from the environment', none: '' };

export function ApiKeyField() {
  const { service } = useServices();
  const status = useOffloadStore((s) => s.hostInfo?.apiKey ?? null);
  const setApiKeyStatus = useOffloadStore((s) => s.setApiKeyStatus);
  const { run, busy } = useAction();
  const [key, setKey] = useState('');

  const save = async (value: string | null) => {
    const next = await run(() => service.setApiKey(value));
    if (next) {
      setApiKeyStatus(next);
      setKey('');
    }
  };

  return (
    <fieldset className="settings-group">
      <legend>Anthropic API key</legend>
      <p className="muted" aria-live="polite">
        {status?.set ? `A key is set (${status.hint ?? 'hidden'}), ${STORAGE_WORDS[status.storage]}.` : 'No API key yet: paste one below.'}
      </p>
      <div className="field-row">
        <label className="field grow">
          <span>API key</span>
          <input
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            placeholder={status?.set ? 'Paste a new key to replace it' : 'sk-ant-…'}
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <button type="button" className="button primary" disabled={busy || !key.trim()} onClick={() => void save(key.trim())}>
          Save key
        </button>
        {status?.set && status.storage !== 'environment' && (
          <button type="button" className="button" disabled={busy} onClick={() => void save(null)}>
            Remove key
          </button>
        )}
      </div>
    </fieldset>
  );
}
