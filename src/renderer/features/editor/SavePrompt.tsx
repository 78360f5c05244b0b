// The question before a save that could lose someone's work: the file changed
// on disk since it was opened (Overwrite / Compare / Cancel), or an agent holds
// its write lease (Save anyway / Cancel).

import { useServices } from '../../app/servicesContext.js';
import { Dialog } from '../common/Dialog.js';
import { compareWithDisk, saveTab } from './editorActions.js';
import { useEditorStore } from './editorStore.js';

export function SavePrompt() {
  const { service } = useServices();
  const prompt = useEditorStore((s) => s.prompt);
  const setPrompt = useEditorStore((s) => s.setPrompt);
  if (!prompt) return null;
  const close = () => setPrompt(null);
  const title = prompt.kind === 'conflict' ? 'File changed on disk' : 'An agent is editing this file';
  return (
    <Dialog title={title} onClose={close} className="save-prompt">
      <p>{prompt.message}</p>
      <div className="dialog-actions">
        {prompt.kind === 'conflict' ? (
          <>
            <button type="button" className="button danger" onClick={() => (close(), void saveTab(service, prompt.path, { overwrite: true }))}>
              Overwrite
            </button>
            <button type="button" className="button" data-autofocus onClick={() => (close(), void compareWithDisk(service, prompt.path))}>
              Compare
            </button>
          </>
        ) : (
          <button type="button" className="button danger" onClick={() => (close(), void saveTab(service, prompt.path, { ignoreLease: true, overwrite: true }))}>
            Save anyway
          </button>
        )}
        <button type="button" className="button" data-autofocus={prompt.kind === 'lease' ? true : undefined} onClick={close}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
