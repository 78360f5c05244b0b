// What a paused agent waits for, with the actions that answer it: a question
// with an Answer box, or a command to Approve, Reject or Edit and Run. Used
// under the stream, in the Inbox and in the Composer.

import { useEffect, useRef, useState } from 'react';
import type { AgentRecord } from '../../../shared/agent.js';
import { useServices } from '../../app/servicesContext.js';
import { useAction } from '../../app/useAction.js';
import { useOffloadStore } from '../../store/offloadStore.js';
import { selectSelectedAgentId } from '../../store/selectors.js';
import { useRowTabIndex } from '../common/rowTabStop.js';
import './pending.css';

interface PendingPanelProps {
  agent: AgentRecord;
  /** Take focus when a notification about this agent is clicked. */
  autoFocusOnRequest?: boolean;
  compact?: boolean;
}

export function PendingPanel({ agent, autoFocusOnRequest, compact }: PendingPanelProps) {
  const pending = agent.pending;
  if (!pending) return null;
  return (
    <div className={`pending-panel ${compact ? 'compact' : ''}`} data-pending-kind={pending.kind}>
      {pending.kind === 'input' ? (
        <InputAnswer key={pending.toolUseId} agent={agent} question={pending.question} autoFocusOnRequest={autoFocusOnRequest} compact={compact} />
      ) : (
        <ApprovalActions
          key={pending.toolUseId}
          agent={agent}
          command={pending.command}
          reason={pending.reason}
          detail={pending.detail}
          autoFocusOnRequest={autoFocusOnRequest}
        />
      )}
    </div>
  );
}

/** The last focus request acted on: each request moves focus once, not on every later mount. */
let handledFocusToken = 0;

function useFocusRequest(active: boolean | undefined, agentId: string, target: React.RefObject<HTMLElement | null>) {
  const token = useOffloadStore((s) => s.focusPendingToken);
  const selectedId = useOffloadStore(selectSelectedAgentId);
  useEffect(() => {
    if (!active || token <= handledFocusToken || selectedId !== agentId || !target.current) return;
    handledFocusToken = token;
    target.current.focus();
  }, [active, token, selectedId, agentId, target]);
}

interface InputAnswerProps {
  agent: AgentRecord;
  question: string;
  autoFocusOnRequest?: boolean;
  compact?: boolean;
}

function InputAnswer({ agent, question, autoFocusOnRequest, compact }: InputAnswerProps) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const [answer, setAnswer] = useState('');
  const field = useRef<HTMLTextAreaElement>(null);
  useFocusRequest(autoFocusOnRequest, agent.id, field);
  const tabIndex = useRowTabIndex();

  const send = () => {
    if (!answer.trim()) return;
    void run(() => service.reply(agent.id, answer.trim()));
  };
  return (
    <form
      className="pending-form"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div className="pending-title">
        <span className="pending-kind">Needs input</span>
        <span className="pending-question">{question}</span>
      </div>
      <div className="pending-row">
        <textarea
          ref={field}
          tabIndex={tabIndex}
          aria-label="Answer"
          placeholder={compact ? 'Your answer' : 'Type an answer (Enter to send, Shift+Enter for a new line)'}
          rows={2}
          value={answer}
          onChange={(event) => setAnswer(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" className="button primary" tabIndex={tabIndex} disabled={busy || !answer.trim()}>
          Send
        </button>
      </div>
    </form>
  );
}

interface ApprovalProps {
  agent: AgentRecord;
  command: string;
  reason: 'command' | 'budget' | 'mcp';
  detail?: string;
  autoFocusOnRequest?: boolean;
}

function ApprovalActions({ agent, command, reason, detail, autoFocusOnRequest }: ApprovalProps) {
  const { service } = useServices();
  const { run, busy } = useAction();
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState(command);
  const approveButton = useRef<HTMLButtonElement>(null);
  const editField = useRef<HTMLInputElement>(null);
  useFocusRequest(autoFocusOnRequest, agent.id, approveButton);
  const tabIndex = useRowTabIndex();

  useEffect(() => {
    if (editing) editField.current?.focus();
  }, [editing]);

  const runEdited = () => {
    if (!edited.trim()) return;
    void run(() => service.approve(agent.id, { command: edited.trim() }));
  };

  return (
    <div className="pending-form">
      <div className="pending-title">
        <span className="pending-kind">{reason === 'budget' ? 'Budget reached' : reason === 'mcp' ? 'MCP tool call needs approval' : 'Needs approval'}</span>
        {detail && <span className="pending-detail">{detail}</span>}
      </div>
      {editing ? (
        <form
          className="pending-row"
          onSubmit={(event) => {
            event.preventDefault();
            runEdited();
          }}
        >
          <input
            ref={editField}
            tabIndex={tabIndex}
            className="mono"
            aria-label="Command"
            value={edited}
            onChange={(event) => setEdited(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <button type="submit" className="button primary" tabIndex={tabIndex} disabled={busy || !edited.trim()}>
            Run
          </button>
          <button type="button" className="button" tabIndex={tabIndex} onClick={() => setEditing(false)}>
            Discard edit
          </button>
        </form>
      ) : (
        <>
          <pre className="pending-command" aria-label="Command to approve">
            {command}
          </pre>
          <div className="pending-actions">
            <button ref={approveButton} type="button" className="button primary" tabIndex={tabIndex} disabled={busy} onClick={() => void run(() => service.approve(agent.id))}>
              Approve
            </button>
            <button type="button" className="button" tabIndex={tabIndex} disabled={busy} onClick={() => void run(() => service.deny(agent.id))}>
              Reject
            </button>
            {reason === 'command' && (
              <button
                type="button"
                className="button"
                tabIndex={tabIndex}
                disabled={busy}
                onClick={() => {
                  setEdited(command);
                  setEditing(true);
                }}
              >
                Edit and Run
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}
