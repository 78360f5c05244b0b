// Native notifications when an agent pauses, completes or fails. Each status
// transition notifies once; clicking focuses the window and asks the page to
// open that agent (the onDidRequestOpenAgent event, sent by the caller).

import { STATUS_LABELS, type AgentRecord, type AgentStatus } from '../../shared/agent.js';
import type { OffloadHost } from '../app/host.js';

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** The slice of Electron's Notification class we use. */
export interface NotificationClassLike {
  new (options: { title: string; body: string; silent?: boolean }): NotificationLike;
  isSupported(): boolean;
}

const NOTIFY_ON: readonly AgentStatus[] = ['paused_input', 'paused_approval', 'completed', 'failed'];
const MAX_BODY_CHARS = 180;

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_BODY_CHARS ? oneLine.slice(0, MAX_BODY_CHARS - 1) + '…' : oneLine;
}

/** Title and body for a record that just reached a notable status. */
export function describeForNotification(record: AgentRecord): { title: string; body: string } {
  const title = `${record.name}: ${STATUS_LABELS[record.status]}`;
  const pending = record.pending;
  switch (record.status) {
    case 'paused_input':
      return { title, body: clip(pending?.kind === 'input' ? pending.question : record.prompt) };
    case 'paused_approval':
      if (pending?.kind === 'approval') {
        return { title, body: clip(pending.reason === 'budget' ? `Budget reached: ${pending.detail ?? pending.command}` : pending.reason === 'mcp' ? `Wants to call: ${pending.command}` : `Wants to run: ${pending.command}`) };
      }
      return { title, body: clip(record.prompt) };
    case 'completed': {
      const files = record.summary.filesChanged.length;
      return { title, body: clip(`${files} file${files === 1 ? '' : 's'} changed. ${record.prompt}`) };
    }
    case 'failed':
      return { title, body: clip(record.error ?? record.prompt) };
    default:
      return { title, body: clip(record.prompt) };
  }
}

export interface AgentNotifications {
  /** Resolves once the current statuses are known (agents already paused at start do not notify). */
  readonly ready: Promise<void>;
  dispose(): void;
}

export function watchAgentNotifications(deps: {
  Notification: NotificationClassLike;
  host: Pick<OffloadHost, 'onEvent' | 'service'>;
  onOpenAgent(agentId: string): void;
}): AgentNotifications {
  const lastStatus = new Map<string, AgentStatus>();
  // Electron drops click handlers of notifications that get garbage-collected: hold them until used.
  const live = new Set<NotificationLike>();
  const supported = deps.Notification.isSupported();

  const stop = deps.host.onEvent((name, data) => {
    if (name !== 'onDidChangeAgent') return;
    const record = data as AgentRecord;
    const previous = lastStatus.get(record.id);
    lastStatus.set(record.id, record.status);
    if (previous === record.status || !NOTIFY_ON.includes(record.status) || !supported) return;
    const { title, body } = describeForNotification(record);
    const notification = new deps.Notification({ title, body });
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      deps.onOpenAgent(record.id);
    });
    notification.on('close', () => live.delete(notification));
    notification.show();
  });

  const ready = deps.host.service.listAgents().then(
    (records) => {
      for (const record of records) if (!lastStatus.has(record.id)) lastStatus.set(record.id, record.status);
    },
    () => {},
  );

  return {
    ready,
    dispose() {
      stop();
      live.clear();
    },
  };
}
