// The Settings form: limits, models, providers, MCP servers and the API key,
// checked with the same rules as every other door (settingsForm.ts). Loaded
// when Settings first opens (SettingsDialog.tsx).

import { useEffect, useId, useRef, useState } from 'react';
import type { Settings } from '../../../shared/settings.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectMonthlyPremiumUsed } from '../../store/selectors.js';
import { modelChoices } from '../composer/models.js';
import { useModelList } from '../composer/useModelList.js';
import { ApiKeyField } from './ApiKeyField.js';
import { McpServersSection } from './McpServersSection.js';
import { ProvidersSection } from './ProvidersSection.js';
import { draftErrors, draftOf, patchOf, type DraftErrors, type SettingsDraft } from './settingsForm.js';
import { effectiveDefaultModel } from '../../../shared/defaultModel.js';

export function SettingsForm({ settings, onDone }: { settings: Settings; onDone: () => void }) {
  const listedModels = useModelList();
  const { service } = useServices();
  const { run, busy } = useAction();
  const used = useOffloadStore(selectMonthlyPremiumUsed);
  const setSettings = useOffloadStore((s) => s.setSettings);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  // Shown after a Save that found them, at their fields; each clears as its field is edited.
  const [errors, setErrors] = useState<DraftErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refused]);
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors(({ [key]: _cleared, ...rest }) => rest);
  };
  const total = settings.monthlyPremiumRequests;
  const numberField = (key: NumberDraftKey, label: string, placeholder: string, inputMode: 'decimal' | 'numeric') => (
    <NumberField key={key} name={key} label={label} placeholder={placeholder} inputMode={inputMode} value={draft[key]} error={errors[key]} onChange={(value) => set(key, value)} />
  );

  const save = async () => {
    const found = draftErrors(draft);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // The first wrong field, in the form's order, takes focus (and so scrolls into view); its error is its description.
      setRefused((n) => n + 1);
      return;
    }
    const patch = patchOf(draft, draftOf(settings));
    const next = await run(() => service.updateSettings(patch));
    if (next) {
      setSettings(next);
      onDone();
    }
  };

  return (
    <div className="settings-scroll">
      <ApiKeyField />
      <ProvidersSection />
      <McpServersSection />
      <form
        ref={formRef}
        noValidate
        className="settings-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset className="settings-group">
          <legend>Model</legend>
          <label className="field">
            <span>Default model</span>
            <select value={draft.defaultModel} onChange={(e) => set('defaultModel', e.target.value)}>
              <option value="">{`Newest Sonnet-class model (${effectiveDefaultModel(null, listedModels.map((id) => ({ id })))})`}</option>
              {modelChoices(settings.defaultModel, listedModels).map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
          <label className="checkbox-field">
            <input type="checkbox" checked={draft.webSearch} onChange={(e) => set('webSearch', e.target.checked)} />
            <span>Web search</span>
          </label>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Approvals</legend>
          <label className="field">
            <span>Approval policy</span>
            <select value={draft.approval} onChange={(e) => set('approval', e.target.value as Settings['approval'])}>
              <option value="ask">Ask before write-y commands</option>
              <option value="auto">Run them automatically</option>
              <option value="deny">Refuse them</option>
            </select>
          </label>
          <label className="field">
            <span>Allowed commands</span>
            <textarea
              rows={3}
              className="mono"
              value={draft.allowedCommands}
              placeholder={'One pattern a line, e.g.\nnpm test'}
              onChange={(e) => set('allowedCommands', e.target.value)}
            />
          </label>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Budgets</legend>
          <div className="field-grid">
            {numberField('maxRequestsPerAgent', 'Premium requests per agent', 'No limit', 'decimal')}
            {numberField('maxCostPerAgentUsd', 'Dollars per agent', 'No limit', 'decimal')}
            {numberField('monthlyPremiumRequests', 'Monthly premium requests', 'No limit', 'decimal')}
          </div>
          <p className="budget-usage">
            This month: {total === null ? `${used} used (no monthly budget)` : `${used} used of ${total}`}
          </p>
          {total !== null && (
            <div className="meter" role="meter" aria-label="Monthly premium requests used" aria-valuemin={0} aria-valuemax={total} aria-valuenow={used}>
              <div className="meter-fill" style={{ width: `${Math.min(100, (used / Math.max(total, 1)) * 100)}%` }} />
            </div>
          )}
        </fieldset>

        <fieldset className="settings-group">
          <legend>Rate limits (shared by all agents)</legend>
          <div className="field-grid">
            {numberField('rpm', 'Requests per minute', 'From the API', 'numeric')}
            {numberField('itpm', 'Input tokens per minute', 'From the API', 'numeric')}
            {numberField('otpm', 'Output tokens per minute', 'From the API', 'numeric')}
          </div>
        </fieldset>

        <fieldset className="settings-group">
          <legend>Agents</legend>
          <div className="field-grid">
            {numberField('concurrency', 'Agents at once', '5', 'numeric')}
            {numberField('compactAtTokens', 'Compact at (tokens)', '80% of the context window', 'numeric')}
          </div>
          <label className="field">
            <span>Agents work in</span>
            <select value={draft.isolation} onChange={(e) => set('isolation', e.target.value as SettingsDraft['isolation'])}>
              <option value="working-tree">Your working tree</option>
              <option value="worktree">Their own git worktree (changes reach your tree when you accept them)</option>
            </select>
          </label>
          <div className="field-grid">
            <label className="field">
              <span>Link into worktrees</span>
              <textarea rows={2} className="mono" value={draft.worktreeLink} placeholder={'Ignored paths, one a line, e.g.\nnode_modules'} onChange={(e) => set('worktreeLink', e.target.value)} />
            </label>
            <label className="field">
              <span>Copy into worktrees</span>
              <textarea rows={2} className="mono" value={draft.worktreeCopy} placeholder={'Ignored paths, one a line, e.g.\n.env'} onChange={(e) => set('worktreeCopy', e.target.value)} />
            </label>
          </div>
          <label className="checkbox-field">
            <input type="checkbox" checked={draft.rereadCache} onChange={(e) => set('rereadCache', e.target.checked)} />
            <span>Answer a re-read of an unchanged file with "unchanged since step N"</span>
          </label>
        </fieldset>

        {Object.keys(errors).length > 0 && (
          <p className="inline-error" role="alert">
            {Object.keys(errors).length === 1 ? 'One field needs a change' : `${Object.keys(errors).length} fields need a change`}: see the marked {Object.keys(errors).length === 1 ? 'field' : 'fields'} above.
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </div>
  );
}

type NumberDraftKey = 'maxRequestsPerAgent' | 'maxCostPerAgentUsd' | 'monthlyPremiumRequests' | 'rpm' | 'itpm' | 'otpm' | 'concurrency' | 'compactAtTokens';

interface NumberFieldProps {
  name: NumberDraftKey;
  label: string;
  placeholder: string;
  inputMode: 'decimal' | 'numeric';
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** A numeric setting with its error, when it has one, right under it (aria-invalid, and the error as its description). */
function NumberField({ name, label, placeholder, inputMode, value, error, onChange }: NumberFieldProps) {
  const id = useId();
  const errorId = `settings-error-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode={inputMode}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
