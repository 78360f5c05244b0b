// The Composer's model picker: models grouped by provider (the Anthropic API's
// first), each endpoint's listed models, and "Other … model" for a typed name
// where an endpoint lists none (or not the one wanted). Anthropic models keep
// their bare id as the option value; another provider's are "provider␟model".

import { useState } from 'react';
import type { ModelInfo, ProviderInfo } from '../../../shared/contract/offloadService.js';
import { effectiveDefaultModel } from '../../../shared/defaultModel.js';
import { anthropicListed, modelChoices } from './models.js';

export interface ModelChoice {
  provider?: string;
  model?: string;
}

const SEP = '\u001f';
const TYPED = `${SEP}typed`;

interface ModelPickerProps {
  defaultModel: string | null;
  models: ModelInfo[];
  providers: ProviderInfo[];
  onChange: (choice: ModelChoice) => void;
}

export function ModelPicker({ defaultModel, models, providers, onChange }: ModelPickerProps) {
  const [value, setValue] = useState('');
  const [typed, setTyped] = useState('');
  const anthropicModels = modelChoices(
    defaultModel,
    anthropicListed(models).map((m) => m.id),
  );
  const others = providers.filter((p) => p.kind !== 'anthropic');
  const typingFor = value.endsWith(TYPED) ? value.slice(0, -TYPED.length) : null;

  const choose = (next: string) => {
    setValue(next);
    if (next === '') return onChange({});
    if (next.endsWith(TYPED)) return onChange(typed.trim() ? { provider: next.slice(0, -TYPED.length), model: typed.trim() } : { provider: next.slice(0, -TYPED.length) });
    const at = next.indexOf(SEP);
    onChange(at < 0 ? { model: next } : { provider: next.slice(0, at), model: next.slice(at + 1) });
  };

  // Named, so the person knows what "default" runs (issue 9, defect 13).
  const defaultLabel = `Default (${effectiveDefaultModel(defaultModel, anthropicListed(models))})`;
  return (
    <>
      <label className="inline-field">
        <span className="visually-hidden">Model</span>
        <select aria-label="Model" value={value} onChange={(event) => choose(event.target.value)}>
          <option value="">{defaultLabel}</option>
          {others.length === 0 ? (
            anthropicModels.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))
          ) : (
            <>
              <optgroup label="Anthropic">
                {anthropicModels.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </optgroup>
              {others.map((p) => (
                <optgroup key={p.id} label={`${p.label}${p.pricing === 'free' ? ' (free: $0, 0 premium requests)' : ''}`}>
                  {models
                    .filter((m) => m.provider === p.id)
                    .map((m) => (
                      <option key={m.id} value={`${p.id}${SEP}${m.id}`}>
                        {m.displayName}
                      </option>
                    ))}
                  <option value={`${p.id}${TYPED}`}>{p.listsModels ? `Other ${p.label} model…` : `Type a ${p.label} model name…`}</option>
                </optgroup>
              ))}
            </>
          )}
        </select>
      </label>
      {typingFor !== null && (
        <label className="inline-field">
          <span className="visually-hidden">Model name</span>
          <input
            aria-label="Model name"
            className="mono"
            value={typed}
            placeholder="model name"
            onChange={(event) => {
              setTyped(event.target.value);
              const name = event.target.value.trim();
              onChange(name ? { provider: typingFor, model: name } : { provider: typingFor });
            }}
          />
        </label>
      )}
    </>
  );
}
