// What an agent is, as every layer sees it. The record is derived from the
// agent's event log (see reduceAgent.ts), never stored separately.

import type { z } from 'zod';
import type { agentSummarySchema, fileChangeSummarySchema, pendingItemSchema, testRunSchema } from './contract/agentEventSchemas.js';
import type { agentOptionsSchema } from './contract/agentOptionsSchemas.js';

export const AGENT_STATUSES = [
  'queued',
  'running',
  'paused_input',
  'paused_approval',
  'completed',
  'failed',
  'cancelled',
] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** The words a person sees for each status (UI and human CLI output). */
export const STATUS_LABELS: Record<AgentStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  paused_input: 'Paused - needs input',
  paused_approval: 'Paused - needs approval',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Statuses after which the agent's process is gone and only `resume` continues it. */
export const SETTLED_STATUSES: readonly AgentStatus[] = ['completed', 'failed', 'cancelled'];
export const PAUSED_STATUSES: readonly AgentStatus[] = ['paused_input', 'paused_approval'];

export function isSettled(status: AgentStatus): boolean {
  return SETTLED_STATUSES.includes(status);
}
export function isPaused(status: AgentStatus): boolean {
  return PAUSED_STATUSES.includes(status);
}

/**
 * How an agent was asked to run; everything here is chosen by the user.
 * Typed by its schema (agentOptionsSchema in contract/agentOptionsSchemas.ts,
 * where each field is documented).
 */
export type AgentOptions = z.infer<typeof agentOptionsSchema>;
export type ApprovalPolicy = AgentOptions['approval'];
/** Token-saving behaviour of an agent's conversation (see src/agent-process/context). */
export type ContextOptions = NonNullable<AgentOptions['context']>;

export const DEFAULT_CONTEXT_OPTIONS: ContextOptions = { promptCaching: true, rereadCache: true, compactAtTokens: null };

/** What an agent is waiting for while paused (typed by its schema: contract/agentEventSchemas.ts). */
export type PendingItem = z.infer<typeof pendingItemSchema>;
export type FileChangeSummary = z.infer<typeof fileChangeSummarySchema>;
export type TestRun = z.infer<typeof testRunSchema>;
/** What an agent did, computed by the host from its log. */
export type AgentSummary = z.infer<typeof agentSummarySchema>;

/** One row of `offload list` / `show --json` and of the UI's agent list. */
export interface AgentRecord {
  id: string;
  name: string;
  prompt: string;
  workspace: string;
  model: string | null;
  options: AgentOptions;
  status: AgentStatus;
  /** One step per tool call. */
  steps: number;
  premiumRequests: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  /**
   * Running time: the time spent in the running status, from start to end (or
   * to the time the record was computed). Time paused for input or approval,
   * or queued, does not count.
   */
  elapsedMs: number;
  /** Running time before the current running stretch (the fold's state behind elapsedMs). */
  runningMs: number;
  /** When the current running stretch began (ISO time); null while not running. */
  runningSince: string | null;
  /** The agent's process id while a process runs for it. */
  pid: number | null;
  pending: PendingItem | null;
  summary: AgentSummary;
  error: string | null;
  /** While the shared limiter holds the agent back: until when (ISO time). */
  rateLimitedUntil: string | null;
  /** The highest event sequence number folded into this record. */
  lastSeq: number;
}
