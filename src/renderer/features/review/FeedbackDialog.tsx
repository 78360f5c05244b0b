// Asks why a change is rejected; the agent is told, and goes on.

import { useState } from 'react';
import { Dialog } from '../common/Dialog.js';

interface FeedbackDialogProps {
  path: string;
  onSubmit: (feedback: string) => void;
  onClose: () => void;
}

export function FeedbackDialog({ path, onSubmit, onClose }: FeedbackDialogProps) {
  const [feedback, setFeedback] = useState('');
  return (
    <Dialog title="Reject with Feedback" onClose={onClose} className="feedback-dialog">
      <form
        className="dialog-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!feedback.trim()) return;
          onSubmit(feedback.trim());
        }}
      >
        <p className="muted">
          The change to <span className="mono">{path}</span> is put back, and the agent is told why.
        </p>
        <label className="field">
          <span>Feedback</span>
          <textarea data-autofocus rows={4} value={feedback} onChange={(e) => setFeedback(e.target.value)} placeholder="What should the agent do instead?" />
        </label>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button danger" disabled={!feedback.trim()}>
            Reject and Send Feedback
          </button>
        </div>
      </form>
    </Dialog>
  );
}
