// When an agent's change is worth a notification, decided in one place for
// the page (browser notifications, src/renderer/features/notifications) and
// the desktop shell (native ones, src/main/electron/notifications.ts); each
// keeps only its own delivery.
//
// News is: a pause, once per pending item (its toolUseId) and only while the
// item is there: the moments around an answer (status still paused, item
// already gone; then running) are the person's own action, not news; a new
// item is news even when the status did not change in between (records may
// be coalesced). Completion and failure are news on the transition into them.
// What an agent already was when we started watching is not news.

import { isPaused, type AgentRecord, type AgentStatus } from './agent.js';

export interface AgentNews {
  kind: 'input' | 'approval' | 'completed' | 'failed';
  title: string;
  body: string;
}

const MAX_BODY_CHARS = 180;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_BODY_CHARS ? oneLine.slice(0, MAX_BODY_CHARS - 1) + '…' : oneLine;
}

/** Title and body of the news a record carries, in words a person understands. */
function describe(record: AgentRecord): AgentNews | null {
  const pending = record.pending;
  if (isPaused(record.status) && pending) {
    if (pending.kind === 'input') return { kind: 'input', title: `${record.name} needs input`, body: clip(pending.question) };
    const body =
      pending.reason === 'budget'
        ? `Budget reached: ${pending.detail ?? pending.command}`
        : pending.reason === 'mcp'
          ? `Wants to call: ${pending.command}`
          : pending.command;
    return { kind: 'approval', title: `${record.name} needs approval`, body: clip(body) };
  }
  if (record.status === 'completed') {
    const n = record.summary.filesChanged.length;
    return { kind: 'completed', title: `${record.name} completed`, body: `${n} ${n === 1 ? 'file' : 'files'} changed. Ready for review.` };
  }
  if (record.status === 'failed') return { kind: 'failed', title: `${record.name} failed`, body: clip(record.error ?? record.prompt) };
  return null;
}

interface Seen {
  status: AgentStatus;
  /** The pending item already announced (or there when we started). */
  announcedPause: string | null;
}

/** Follows agents' records and says which change is news. */
export class AgentNewsTracker {
  private readonly seen = new Map<string, Seen>();

  has(agentId: string): boolean {
    return this.seen.has(agentId);
  }

  /** What is already so (the agents when watching starts): none of it is news later. */
  remember(record: AgentRecord): void {
    const before = this.seen.get(record.id);
    this.seen.set(record.id, {
      status: record.status,
      announcedPause: isPaused(record.status) && record.pending ? record.pending.toolUseId : (before?.announcedPause ?? null),
    });
  }

  /** The news in this record (compared with the last one seen of its agent), or null. */
  next(record: AgentRecord): AgentNews | null {
    const before = this.seen.get(record.id);
    this.remember(record);
    if (isPaused(record.status)) {
      if (!record.pending || record.pending.toolUseId === before?.announcedPause) return null;
      return describe(record);
    }
    if (before?.status === record.status) return null;
    return describe(record);
  }
}
