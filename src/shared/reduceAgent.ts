// Folds an agent's events into its record. The log is the only truth; the
// supervisor, the CLI and the UI all use this one fold.

import { isSettled, type AgentRecord, type PendingItem } from './agent.js';
import type { AgentEvent } from './events.js';

const EMPTY_SUMMARY = { filesChanged: [], commandsRun: [], testsRun: [] };

export function emptyRecord(agentId: string): AgentRecord {
  return {
    id: agentId,
    name: '',
    prompt: '',
    workspace: '',
    model: null,
    options: { approval: 'ask', scope: [], allowedCommands: [], webSearch: true, mode: 'background' },
    status: 'queued',
    steps: 0,
    premiumRequests: 0,
    costUsd: 0,
    inputTokens: 0,
    outputTokens: 0,
    createdAt: '',
    startedAt: null,
    endedAt: null,
    elapsedMs: 0,
    runningMs: 0,
    runningSince: null,
    pid: null,
    pending: null,
    summary: EMPTY_SUMMARY,
    error: null,
    rateLimitedUntil: null,
    lastSeq: 0,
  };
}

/** Applies one event; returns a new record (the input is not changed). */
export function applyEvent(record: AgentRecord, event: AgentEvent): AgentRecord {
  const next: AgentRecord = { ...record, lastSeq: Math.max(record.lastSeq, event.seq) };
  switch (event.type) {
    case 'started':
      next.name = event.name;
      next.prompt = event.prompt;
      next.options = event.options;
      next.workspace = event.workspace;
      next.createdAt = event.time;
      break;
    case 'model':
      next.model = event.model;
      break;
    case 'mode':
      next.options = { ...next.options, mode: event.mode };
      break;
    case 'status':
      stopRunningClock(next, event.time);
      if (event.status === 'running') next.runningSince = event.time;
      next.status = event.status;
      if (event.status === 'running') {
        next.startedAt ??= event.time;
        next.endedAt = null;
        next.error = null;
      }
      if (isSettled(event.status)) next.endedAt = event.time;
      if (event.status !== 'paused_input' && event.status !== 'paused_approval') next.pending = null;
      if (event.status !== 'running') next.rateLimitedUntil = null;
      if (event.status === 'failed' && event.reason) next.error = event.reason;
      break;
    case 'process':
      next.pid = event.pid;
      break;
    case 'tool_call':
      next.steps += 1;
      break;
    case 'usage':
      next.premiumRequests += event.premiumRequests;
      next.costUsd = Math.round((next.costUsd + event.costUsd) * 1e6) / 1e6;
      next.inputTokens += event.inputTokens + event.cacheReadTokens + event.cacheWriteTokens;
      next.outputTokens += event.outputTokens;
      next.rateLimitedUntil = null;
      break;
    case 'rate_limited':
      next.rateLimitedUntil = event.until;
      break;
    case 'paused': {
      const { type: _t, agentId: _a, time: _time, seq: _s, v: _v, ...item } = event;
      next.pending = item as PendingItem;
      break;
    }
    case 'answered':
      next.pending = null;
      break;
    case 'finished':
      stopRunningClock(next, event.time);
      next.status = event.status;
      next.summary = event.summary;
      next.error = event.error ?? (event.status === 'failed' ? next.error : null);
      next.endedAt = event.time;
      next.pending = null;
      next.pid = null;
      break;
    default:
      break;
  }
  return next;
}

export function reduceAgent(agentId: string, events: readonly AgentEvent[], now: Date = new Date()): AgentRecord {
  let record = emptyRecord(agentId);
  for (const event of events) record = applyEvent(record, event);
  return withElapsed(record, now);
}

/** Ends the current running stretch (if any) at `time`, adding it to runningMs. */
function stopRunningClock(record: AgentRecord, time: string) {
  if (record.runningSince === null) return;
  record.runningMs += Math.max(0, Date.parse(time) - Date.parse(record.runningSince));
  record.runningSince = null;
}

/** Running time up to `nowMs`: the closed stretches plus the open one, if the agent runs. */
export function runningTimeMs(record: Pick<AgentRecord, 'runningMs' | 'runningSince'>, nowMs: number): number {
  return record.runningMs + (record.runningSince === null ? 0 : Math.max(0, nowMs - Date.parse(record.runningSince)));
}

/** Fills elapsedMs: the running time, up to now while the agent runs. */
export function withElapsed(record: AgentRecord, now: Date = new Date()): AgentRecord {
  return { ...record, elapsedMs: runningTimeMs(record, now.getTime()) };
}
