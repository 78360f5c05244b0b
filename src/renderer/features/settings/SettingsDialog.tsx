// Settings: API key, providers, MCP servers, default model, approvals, budgets, rate limits, web search.

import { useState } from 'react';
import type { Settings } from '../../../shared/settings.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectMonthlyPremiumUsed } from '../../store/selectors.js';
import { Dialog } from '../common/Dialog.js';
import { modelChoices } from '../composer/models.js';
import { useModelList } from '../composer/useModelList.js';
import { ApiKeyField } from './ApiKeyField.js';
import { McpServersSection } from './McpServersSection.js';
import { ProvidersSection } from './ProvidersSection.js';
import { draftOf, patchOf, type SettingsDraft } from './settingsForm.js';
import './settings.css';

export function SettingsDialog() {
  const open = useOffloadStore((s) => s.settingsOpen);
  const setOpen = useOffloadStore((s) => s.setSettingsOpen);
  const settings = useOffloadStore((s) => s.settings);
  if (!open) return null;
  return (
    <Dialog title="Settings" onClose={() => setOpen(false)} className="settings-dialog">
      {settings ? <SettingsForm settings={settings} onDone={() => setOpen(false)} /> : <p className="pad">Loading settings…</p>}
    </Dialog>
  );
}

function SettingsForm({ settings, onDone }: { settings: Settings; onDone: () => void }) {
  const listedModels = useModelList();
  const { service } = useServices();
  const { run, busy } = useAction();
  const used = useOffloadStore(selectMonthlyPremiumUsed);
  const setSettings = useOffloadStore((s) => s.setSettings);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(settings));
  const [formError, setFormError] = useState<string | null>(null);
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const total = settings.monthlyPremiumRequests;

  const save = async () => {
    let patch: Partial<Settings>;
    try {
      patch = patchOf(draft);
    } catch (error) {
      setFormError((error as Error).message);
      return;
    }
    setFormError(null);
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
              <option value="">Newest Sonnet-class model</option>
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
            <label className="field">
              <span>Premium requests per agent</span>
              <input inputMode="decimal" value={draft.maxRequestsPerAgent} placeholder="No limit" onChange={(e) => set('maxRequestsPerAgent', e.target.value)} />
            </label>
            <label className="field">
              <span>Dollars per agent</span>
              <input inputMode="decimal" value={draft.maxCostPerAgentUsd} placeholder="No limit" onChange={(e) => set('maxCostPerAgentUsd', e.target.value)} />
            </label>
            <label className="field">
              <span>Monthly premium requests</span>
              <input inputMode="decimal" value={draft.monthlyPremiumRequests} placeholder="No limit" onChange={(e) => set('monthlyPremiumRequests', e.target.value)} />
            </label>
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
            <label className="field">
              <span>Requests per minute</span>
              <input inputMode="numeric" value={draft.rpm} placeholder="From the API" onChange={(e) => set('rpm', e.target.value)} />
            </label>
            <label className="field">
              <span>Input tokens per minute</span>
              <input inputMode="numeric" value={draft.itpm} placeholder="From the API" onChange={(e) => set('itpm', e.target.value)} />
            </label>
            <label className="field">
              <span>Output tokens per minute</span>
              <input inputMode="numeric" value={draft.otpm} placeholder="From the API" onChange={(e) => set('otpm', e.target.value)} />
            </label>
          </div>
        </fieldset>

        {formError && (
          <p className="inline-error" role="alert">
            {formError}
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
