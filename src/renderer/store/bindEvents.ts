// The one place where the host's RPC events and answers become store updates.
// It also re-syncs everything after a reconnect, so a dropped link (or a host
// restart) never leaves the page showing stale state.

import { isPaused, type AgentRecord } from '../../shared/agent.js';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { AgentEvent } from '../../shared/events.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { Connection } from '../transport/connection.js';
import type { OffloadStore } from './offloadStore.js';
import { EMPTY_REVIEW } from './reviewSlice.js';

export interface StoreSync {
  /** Starts keeping an agent's stream: fetches its history, then follows it live. */
  loadStream(agentId: string): void;
  /** Re-reads an agent's diffs now (unless a read of them is already under way). */
  refreshReview(agentId: string): Promise<void>;
  /** Re-reads agents, settings and host info, and the events each kept stream missed. */
  resync(): Promise<void>;
  dispose(): void;
}

/** Events after which an agent's files (and so its review) may have changed. */
function touchesFiles(event: AgentEvent): boolean {
  return (
    event.type === 'file_changed' ||
    event.type === 'review' ||
    event.type === 'finished' ||
    (event.type === 'tool_result' && (event.changedPaths?.length ?? 0) > 0)
  );
}

export function bindEvents(
  client: RpcClient<OffloadService & { [name: string]: (...args: any[]) => Promise<unknown> }, OffloadEvents>,
  connection: Connection,
  store: OffloadStore,
): StoreSync {
  const service = client.call;
  const state = () => store.getState();
  /** Live events held back while an agent's history is being fetched. */
  const heldWhileLoading = new Map<string, AgentEvent[]>();
  /** Live events waiting for the next frame: one store update per frame, not per event. */
  let queued = new Map<string, AgentEvent[]>();
  /** Record updates waiting for the next frame: the newest per agent (a row redraws once a frame). */
  let queuedRecords = new Map<string, AgentRecord>();
  /** Reviews whose files changed since the last frame: one re-read per frame, not one per changed path. */
  let staleReviews = new Set<string>();
  let flushScheduled = false;
  let disposed = false;

  const report = (error: unknown) => {
    if (disposed) return;
    const message = error instanceof Error ? error.message : String(error);
    if (/connection closed|DISCONNECTED/i.test(message)) return;
    state().showError(message);
  };

  function flush() {
    flushScheduled = false;
    const batch = queued;
    const stale = staleReviews;
    const records = queuedRecords;
    queued = new Map();
    staleReviews = new Set();
    queuedRecords = new Map();
    for (const record of records.values()) state().upsertAgent(record);
    for (const [agentId, events] of batch) state().appendAgentEvents(agentId, events);
    for (const agentId of stale) state().invalidateReview(agentId);
  }

  function scheduleFlush() {
    if (flushScheduled) return;
    flushScheduled = true;
    // Animation frames stop in hidden tabs; the timeout keeps the stream going there.
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      flush();
    };
    requestAnimationFrame(run);
    setTimeout(run, 100);
  }

  async function fetchHistory(agentId: string) {
    if (heldWhileLoading.has(agentId)) return;
    heldWhileLoading.set(agentId, []);
    try {
      const afterSeq = state().streams[agentId]?.lastSeq ?? 0;
      const history = await service.getEvents(agentId, afterSeq);
      state().appendAgentEvents(agentId, history);
    } catch (error) {
      report(error);
    } finally {
      const held = heldWhileLoading.get(agentId) ?? [];
      heldWhileLoading.delete(agentId);
      if (held.length) state().appendAgentEvents(agentId, held);
    }
  }

  /**
   * One getDiff per agent at a time: a version bumped meanwhile is read once
   * this answer lands (it moves loadedVersion, so the review view asks again).
   */
  const reviewsInFlight = new Set<string>();
  async function refreshReview(agentId: string) {
    if (reviewsInFlight.has(agentId)) return;
    reviewsInFlight.add(agentId);
    const version = (state().reviews[agentId] ?? EMPTY_REVIEW).version;
    try {
      const diffs = await service.getDiff(agentId);
      reviewsInFlight.delete(agentId);
      state().setDiffs(agentId, diffs, version);
    } catch (error) {
      reviewsInFlight.delete(agentId);
      state().setReviewError(agentId, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Tells the host which agents' events this page needs: the streams it keeps
   * and the reviews it shows. Other agents' events are not sent to it at all.
   */
  let watchedKey: string | null = null;
  function sendWatched(force = false) {
    const ids = [...new Set([...Object.keys(state().streams), ...Object.keys(state().reviews)])].sort();
    const key = ids.join(',');
    if ((!force && key === watchedKey) || connection.status !== 'open') return;
    watchedKey = key;
    service.watchAgentStreams(ids).catch(report);
  }

  async function resync() {
    // A new connection starts with every agent's events: say again what this page shows.
    sendWatched(true);
    try {
      const [info, settings, agents] = await Promise.all([service.getInfo(), service.getSettings(), service.listAgents()]);
      state().setHostInfo(info);
      state().setSettings(settings);
      state().setAgents(agents);
      for (const agentId of Object.keys(state().streams)) void fetchHistory(agentId);
      for (const agentId of Object.keys(state().reviews)) state().invalidateReview(agentId);
    } catch (error) {
      report(error);
    }
  }

  const unsubscribers = [
    client.on('onDidChangeAgent', (record) => {
      queuedRecords.set(record.id, record);
      scheduleFlush();
    }),
    store.subscribe(() => sendWatched()),
    client.on('onDidChangeSettings', (settings) => state().setSettings(settings)),
    client.on('onDidAppendEvent', (event) => {
      if (touchesFiles(event) && state().reviews[event.agentId]) {
        staleReviews.add(event.agentId);
        scheduleFlush();
      }
      if (!state().streams[event.agentId]) return;
      const held = heldWhileLoading.get(event.agentId);
      if (held) {
        held.push(event);
        return;
      }
      let list = queued.get(event.agentId);
      if (!list) queued.set(event.agentId, (list = []));
      list.push(event);
      scheduleFlush();
    }),
    // Sent only by the desktop shell: a native notification was clicked, or the app menu's "New Agent…".
    client.on('onDidRequestOpenAgent', ({ agentId }) => {
      const agent = state().agents[agentId];
      if (agent && isPaused(agent.status)) state().focusPending(agentId);
      else state().openAgent(agentId);
    }),
    client.on('onDidRequestComposer', () => state().setComposerOpen(true)),
    connection.onStatus((status) => {
      state().setConnection(status);
      if (status === 'open') void resync();
    }),
  ];

  state().setConnection(connection.status);
  if (connection.status === 'open') void resync();

  return {
    loadStream(agentId) {
      if (state().streams[agentId]) return;
      state().watchStream(agentId);
      void fetchHistory(agentId);
    },
    refreshReview,
    resync,
    dispose() {
      disposed = true;
      for (const stop of unsubscribers) stop();
    },
  };
}
