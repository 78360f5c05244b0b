// Settings → Providers: every configured provider with its kind, pricing, the
// features it lacks and why, its models, and its key or token (saved to the
// host's secret store, never read back). Providers themselves are named in the
// user's settings file (README: Providers).

import { useEffect, useState } from 'react';
import type { ProviderInfo } from '../../../shared/contract/offloadService.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { STORAGE_WORDS } from './ApiKeyField.js';

const KIND_WORDS: Record<ProviderInfo['kind'], string> = {
  anthropic: 'Anthropic API',
  compatible: 'Anthropic-compatible endpoint',
  bedrock: 'Amazon Bedrock',
  vertex: 'Google Vertex AI',
};

export function ProvidersSection() {
  const { service } = useServices();
  const [providers, setProviders] = useState<ProviderInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    service.listProviders().then(
      (list) => live && setProviders(list),
      (e: unknown) => live && setError((e as Error).message),
    );
    return () => {
      live = false;
    };
  }, [service]);
  const others = providers?.filter((p) => p.kind !== 'anthropic') ?? [];
  return (
    <fieldset className="settings-group">
      <legend>Providers</legend>
      {error && <p role="alert">{error}</p>}
      {!providers && !error && <p className="muted">Loading providers…</p>}
      {providers && others.length === 0 && (
        <p className="muted">Only the Anthropic API. Add local or cloud providers under "providers" in your settings file.</p>
      )}
      {others.length > 0 && (
        <ul className="settings-list" aria-label="Providers">
          {others.map((p) => (
            <ProviderRow key={p.id} provider={p} onSaved={(secret) => setProviders((list) => list?.map((x) => (x.id === p.id ? { ...x, secret } : x)) ?? null)} />
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function ProviderRow({ provider: p, onSaved }: { provider: ProviderInfo; onSaved: (secret: ProviderInfo['secret']) => void }) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const [secret, setSecret] = useState('');
  const save = async (value: string | null) => {
    const next = await run(() => service.setProviderSecret(p.id, value));
    if (next) {
      onSaved(next);
      setSecret('');
    }
  };
  const secretWord = p.kind === 'vertex' ? 'access token' : p.kind === 'bedrock' ? 'Bedrock API key' : 'key or token';
  return (
    <li className="settings-item" aria-label={`Provider ${p.label}`}>
      <div>
        <strong>{p.label}</strong> <span className="muted">{KIND_WORDS[p.kind]}{p.baseUrl ? ` · ${p.baseUrl}` : ''}</span>
      </div>
      <div className="muted">{p.pricing === 'free' ? 'Free: $0 and 0 premium requests.' : 'Priced as Anthropic models (premium requests).'}</div>
      {p.missingFeatures.map((why) => (
        <div key={why} className="muted">
          {why[0]!.toUpperCase() + why.slice(1)}.
        </div>
      ))}
      <div className="muted">
        Models: {p.models.length ? p.models.join(', ') : 'none listed'}
        {p.listsModels ? '' : ' (type a model name in the Composer)'}
        {p.error ? ` (${p.error})` : ''}
      </div>
      <div className="muted" aria-live="polite">
        {p.secret.set ? `A ${secretWord} is set (${p.secret.hint ?? 'hidden'}), ${STORAGE_WORDS[p.secret.storage]}.` : `No ${secretWord} saved.`}
      </div>
      <div className="field-row">
        <label className="field grow">
          <span>{`${p.label} ${secretWord}`}</span>
          <input type="password" autoComplete="off" spellCheck={false} value={secret} onChange={(e) => setSecret(e.target.value)} />
        </label>
        <button type="button" className="button" disabled={busy || !secret.trim()} onClick={() => void save(secret.trim())}>
          Save {secretWord}
        </button>
        {p.secret.set && p.secret.storage !== 'environment' && (
          <button type="button" className="button" disabled={busy} onClick={() => void save(null)}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}
