// The Composer's prompt: text, Interactive/Background, model, and the
// optional completion criterion and scope.

import { useState } from 'react';
import type { AgentRecord } from '../../../shared/agent.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { shortcutLabel } from '../../app/format.js';
import { askNotificationPermission } from './askNotificationPermission.js';
import { ModelPicker, type ModelChoice } from './ModelPicker.js';
import { useModelCatalog } from './useModelList.js';
import { NoApiKeyNotice } from '../common/NoApiKeyNotice.js';
import { takeComposerContext } from '../editor/composerContext.js';

const BACKGROUND_KEY = 'offload.composer.background';

interface ComposerFormProps {
  onStarted: (agent: AgentRecord, background: boolean) => void;
}

export function ComposerForm({ onStarted }: ComposerFormProps) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const defaultModel = useOffloadStore((s) => s.settings?.defaultModel ?? null);
  const apiKeySet = useOffloadStore((s) => s.hostInfo?.apiKey.set ?? true);
  // Opened from the editor: the file or the selected lines come first.
  const [prompt, setPrompt] = useState(takeComposerContext);
  const [background, setBackground] = useState(() => localStorage.getItem(BACKGROUND_KEY) !== 'false');
  const [choice, setChoice] = useState<ModelChoice>({});
  const catalog = useModelCatalog();
  const [doneWhen, setDoneWhen] = useState('');
  const [scope, setScope] = useState('');
  const defaultIsolation = useOffloadStore((s) => s.settings?.isolation ?? 'working-tree');
  // '' follows the setting; the person may pick either for this agent.
  const [isolation, setIsolation] = useState<'' | 'working-tree' | 'worktree'>('');

  const send = async () => {
    const text = prompt.trim();
    if (!text) return;
    askNotificationPermission();
    const scopeGlobs = scope
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const started = await run(() =>
      service.startAgents({
        prompts: [text],
        options: {
          mode: background ? 'background' : 'interactive',
          ...(choice.provider ? { provider: choice.provider } : {}),
          ...(choice.model ? { model: choice.model } : {}),
          ...(doneWhen.trim() ? { doneWhen: doneWhen.trim() } : {}),
          ...(scopeGlobs.length ? { scope: scopeGlobs } : {}),
          ...(isolation ? { isolation } : {}),
        },
      }),
    );
    if (started && started[0]) {
      // Show the new agents at once; their events keep the records current from here.
      const { upsertAgent } = useOffloadStore.getState();
      for (const record of started) upsertAgent(record);
      setPrompt('');
      onStarted(started[0], background);
    }
  };

  return (
    <form
      className="composer-form"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {!apiKeySet && <NoApiKeyNotice className="inline-warn" />}
      <textarea
        className="composer-prompt"
        aria-label="Prompt"
        placeholder="Describe the task. Enter to send, Shift+Enter for a new line."
        data-autofocus
        rows={5}
        value={prompt}
        onChange={(event) => setPrompt(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div className="composer-toolbar">
        <label className="switch-label">
          <input
            type="checkbox"
            role="switch"
            checked={background}
            onChange={(event) => {
              setBackground(event.target.checked);
              localStorage.setItem(BACKGROUND_KEY, String(event.target.checked));
            }}
          />
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span>Background</span>
        </label>
        <span className="muted-inline">{background ? 'Runs on its own; find it in Background Agents.' : 'Interactive: the session stays here.'}</span>
        <span className="spacer" />
        <ModelPicker defaultModel={defaultModel} models={catalog.models} providers={catalog.providers} onChange={setChoice} />
        <button type="submit" className="button primary" disabled={busy || !prompt.trim()}>
          Send
        </button>
      </div>
      <div className="composer-more">
          <label className="field">
            <span>Done when</span>
            <input value={doneWhen} onChange={(e) => setDoneWhen(e.target.value)} placeholder="e.g. npm test passes" />
          </label>
          <label className="field">
            <span>Scope</span>
            <input value={scope} onChange={(e) => setScope(e.target.value)} placeholder="Globs the agent may write, comma-separated, e.g. src/**" />
          </label>
          <label className="field">
            <span>Works in</span>
            <select aria-label="Works in" value={isolation} onChange={(e) => setIsolation(e.target.value as typeof isolation)}>
              <option value="">{defaultIsolation === 'worktree' ? 'Default (its own git worktree)' : 'Default (your working tree)'}</option>
              <option value="working-tree">Your working tree</option>
              <option value="worktree">Its own git worktree (changes reach your tree when you accept them)</option>
            </select>
          </label>
      </div>
      <p className="composer-hint muted">
        {shortcutLabel('I')} opens the Composer · Escape closes it
      </p>
    </form>
  );
}
