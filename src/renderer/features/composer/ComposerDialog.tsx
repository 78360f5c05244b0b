// The Composer (Ctrl+I / Cmd+I): a prompt that starts an agent in the
// background, or an interactive session, which opens as a side panel
// (features/composer/SessionPanel.tsx) so the editor stays usable.

import { useOffloadStore } from '../../store/offloadStore.js';
import { Dialog } from '../common/Dialog.js';
import { ComposerForm } from './ComposerForm.js';
import { revealNewAgent } from './revealNewAgent.js';
import './composer.css';

export function ComposerDialog() {
  const open = useOffloadStore((s) => s.composerOpen);
  const setOpen = useOffloadStore((s) => s.setComposerOpen);
  if (!open) return null;
  return (
    <Dialog title="Composer" onClose={() => setOpen(false)} className="composer">
      <ComposerForm
        onStarted={(agent, background) => {
          setOpen(false);
          if (background) revealNewAgent(agent);
          else useOffloadStore.getState().setInteractiveAgent(agent.id);
        }}
      />
    </Dialog>
  );
}
