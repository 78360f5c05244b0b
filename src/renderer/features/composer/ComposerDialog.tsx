// The Composer (Ctrl+I / Cmd+I): a prompt that starts an agent in the
// background, or an interactive session that stays here.

import { useOffloadStore } from '../../store/offloadStore.js';
import { Dialog } from '../common/Dialog.js';
import { ComposerForm } from './ComposerForm.js';
import { ComposerSession } from './ComposerSession.js';
import './composer.css';

export function ComposerDialog() {
  const open = useOffloadStore((s) => s.composerOpen);
  const setOpen = useOffloadStore((s) => s.setComposerOpen);
  const interactiveAgentId = useOffloadStore((s) => s.interactiveAgentId);
  const setInteractiveAgent = useOffloadStore((s) => s.setInteractiveAgent);
  if (!open) return null;
  return (
    <Dialog title="Composer" onClose={() => setOpen(false)} className={`composer ${interactiveAgentId ? 'with-session' : ''}`}>
      {interactiveAgentId ? (
        <ComposerSession agentId={interactiveAgentId} />
      ) : (
        <ComposerForm
          onStarted={(agent, background) => {
            if (background) setOpen(false);
            else setInteractiveAgent(agent.id);
          }}
        />
      )}
    </Dialog>
  );
}
