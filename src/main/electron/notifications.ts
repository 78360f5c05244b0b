// Native notifications when an agent pauses, completes or fails. Which change
// is news is decided in src/shared/agentNews.ts (shared with the page's
// browser notifications); this module only delivers: clicking focuses the
// window and asks the page to open that agent (the onDidRequestOpenAgent
// event, sent by the caller).

import type { AgentRecord } from '../../shared/agent.js';
import { AgentNewsTracker } from '../../shared/agentNews.js';
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

export interface AgentNotifications {
  /** Resolves once the current statuses are known (agents already paused at start do not notify). */
  readonly ready: Promise<void>;
  dispose(): void;
}

export function notifyNatively(deps: {
  Notification: NotificationClassLike;
  host: Pick<OffloadHost, 'onEvent' | 'service'>;
  onOpenAgent(agentId: string): void;
}): AgentNotifications {
  const tracker = new AgentNewsTracker();
  // Electron drops click handlers of notifications that get garbage-collected: hold them until used.
  const live = new Set<NotificationLike>();
  const supported = deps.Notification.isSupported();

  const stop = deps.host.onEvent((name, data) => {
    if (name !== 'onDidChangeAgent') return;
    const record = data as AgentRecord;
    const news = tracker.next(record);
    if (!news || !supported) return;
    const notification = new deps.Notification({ title: news.title, body: news.body });
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
      for (const record of records) if (!tracker.has(record.id)) tracker.remember(record);
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
