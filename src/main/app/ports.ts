// What the supervisor needs from the managers it is wired to, as narrow
// interfaces (constructor injection). createHost.ts passes the real classes
// (AgentEventLog, WorkspaceReview, RateLimitBroker); tests may pass others.

import type { AgentRecord, FileChangeSummary } from '../../shared/agent.js';
import type { RateLimitObservation } from '../../shared/contract/agentHost.js';
import type { AgentEvent, AgentEventBody } from '../../shared/events.js';

type MaybePromise<T> = T | Promise<T>;

export interface EventLogPort {
  listAgentIds(): MaybePromise<string[]>;
  read(agentId: string): MaybePromise<AgentEvent[]>;
  append(agentId: string, body: AgentEventBody): MaybePromise<AgentEvent>;
  /** Several events with one write, in order (when the log can; else they are appended one by one). */
  appendMany?(agentId: string, bodies: readonly AgentEventBody[]): MaybePromise<AgentEvent[]>;
  /** Takes the agent's single-writer lock; throws code 'AGENT_BUSY' (naming the pid) when another live process holds it. */
  lock(agentId: string): MaybePromise<() => void | Promise<void>>;
  /** The fold of the agent's log, from a summary kept beside it when the log has one (else the log is folded). */
  readRecord?(agentId: string): Promise<AgentRecord>;
  /** Keeps `record` (the fold of every event appended so far) as the summary of an agent whose lock this process holds. */
  saveRecord?(agentId: string, record: AgentRecord): Promise<void>;
}

export interface ReviewPort {
  beforeWrite(agentId: string, paths: string[], step: number): MaybePromise<unknown>;
  afterWrite(agentId: string, paths: string[], step: number): MaybePromise<unknown>;
  beforeCommand(agentId: string, step: number): MaybePromise<unknown>;
  afterCommand(agentId: string, step: number): MaybePromise<string[]>;
  listChanges(agentId: string): MaybePromise<FileChangeSummary[]>;
  releaseLeases(agentId: string): MaybePromise<unknown>;
}

export interface RateLimitPort {
  acquire(
    agentId: string,
    request: { inputTokens: number; outputTokens: number; model?: string; provider?: string; priority?: 'interactive' | 'background' },
    options: { signal?: AbortSignal; onWait?: (untilMs: number, reason: string) => void },
  ): Promise<void>;
  observe(observation: RateLimitObservation, agentId?: string, model?: string): void;
}

/** The review operations the service exposes (WorkspaceReview). */
export interface ReviewServicePort extends ReviewPort {
  getDiff(agentId: string, path?: string): MaybePromise<import('../../shared/review.js').FileDiff[]>;
  accept(agentId: string, request: { paths?: string[]; hunk?: number }): MaybePromise<unknown>;
  reject(agentId: string, request: { paths?: string[]; hunk?: number; feedback?: string; force?: boolean }): MaybePromise<unknown>;
  checkpoints(agentId: string): MaybePromise<import('../../shared/review.js').Checkpoint[]>;
  undo(agentId: string, toStep: number, force?: boolean): MaybePromise<unknown>;
}

export interface SettingsPort {
  get(): MaybePromise<import('../../shared/settings.js').Settings>;
  update(patch: Partial<import('../../shared/settings.js').Settings>): MaybePromise<import('../../shared/settings.js').Settings>;
}
