// The agent event stream: what `--json` prints, what the log stores (one JSON
// object a line), what the UI renders. Every event carries type, agentId, time.

import type { AgentOptions, AgentStatus, AgentSummary, PendingItem } from './agent.js';
import type { Compaction } from './compaction.js';

/** A conversation message as the Messages API takes it (kept as plain JSON). */
export interface ConversationMessage {
  role: 'user' | 'assistant';
  content: unknown;
}

export type AgentEventBody =
  /** Written once, when the agent is created. */
  | { type: 'started'; name: string; prompt: string; options: AgentOptions; workspace: string }
  | { type: 'status'; status: AgentStatus; reason?: string }
  /** A process started (pid) or ended (pid null) for the agent. */
  | { type: 'process'; pid: number | null; exitCode?: number | null; signal?: string | null; reason?: string }
  | { type: 'model'; model: string }
  /** Where the agent works: its own git worktree (`path`), or the working tree (with the `reason` when a worktree was asked for and could not be had). */
  | { type: 'isolation'; mode: 'worktree' | 'working-tree'; path: string; reason?: string }
  /** An interactive session moved to the background (the Composer's "Move to background"). */
  | { type: 'mode'; mode: 'background' | 'interactive' }
  /** Model text as it streams (a delta). */
  | { type: 'text'; text: string }
  /** A full conversation message, written when complete: enough to rebuild the conversation. */
  | { type: 'message'; message: ConversationMessage }
  | { type: 'tool_call'; tool: string; toolUseId: string; input: unknown }
  | { type: 'tool_output'; tool: string; toolUseId: string; chunk: string }
  | {
      type: 'tool_result';
      tool: string;
      toolUseId: string;
      ok: boolean;
      /** What the model is told (already capped). */
      content: string;
      /** Paths the tool changed, for the stream and the review. */
      changedPaths?: string[];
      /**
       * run_command only: the command that really ran (after an edit at
       * approval), or null when none ran (refused, denied); absent in logs
       * written before it was carried.
       */
      command?: string | null;
      /** run_command only: its exit code (null: killed, timed out, or it did not run). */
      exitCode?: number | null;
    }
  | {
      type: 'usage';
      model: string;
      inputTokens: number;
      outputTokens: number;
      cacheReadTokens: number;
      cacheWriteTokens: number;
      /** Premium requests this model call cost (multiplier of its model). */
      premiumRequests: number;
      costUsd: number;
    }
  /** The conversation was compacted to stay under the context window (see compaction.ts); the log keeps every original message. */
  | ({ type: 'compacted'; tokensBefore: number; tokensAfter: number } & Compaction)
  | { type: 'rate_limited'; until: string; reason: string }
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  | ({ type: 'paused' } & PendingItem)
  /** The person's answer to a pause. */
  | {
      type: 'answered';
      kind: 'input' | 'approval';
      toolUseId: string;
      answer?: string;
      decision?: 'approve' | 'reject' | 'edit';
      command?: string;
      feedback?: string;
    }
  | { type: 'file_changed'; path: string; step: number }
  | { type: 'review'; action: 'accept' | 'reject' | 'undo'; paths: string[]; hunk?: number; feedback?: string; toStep?: number }
  | { type: 'finished'; status: AgentStatus; summary: AgentSummary; error?: string }
  | { type: 'error'; message: string }
  /**
   * Something the user should know that is not an error (e.g. commands run
   * without an OS sandbox, a provider feature that is off and why, an MCP
   * server that connected with its tools).
   */
  | { type: 'notice'; message: string }
  /** What an MCP server wrote to stderr: kept for the person, never sent to the model. */
  | { type: 'mcp_stderr'; server: string; text: string };

export type AgentEventType = AgentEventBody['type'];

/**
 * The version of the event log's lines, written on every line as `v`. A line
 * with a higher `v`, or of a type this version does not know, comes from a
 * newer Offload: readers keep it (seq, stream, --json) and say so, and the
 * reducer skips what it does not understand. Never dropped, never fatal.
 */
export const EVENT_LOG_VERSION = 1;

/** Every event type this version writes (checked against the union below). */
export const AGENT_EVENT_TYPES = [
  'started', 'status', 'process', 'model', 'mode', 'text', 'message', 'tool_call', 'tool_output', 'tool_result', 'usage',
  'compacted', 'rate_limited', 'retry', 'paused', 'answered', 'file_changed', 'review', 'finished', 'error', 'notice',
  'isolation', 'mcp_stderr',
] as const satisfies readonly AgentEventType[];
// And the other way round: a type added to the union but not listed fails the build.
const _everyTypeListed: Record<AgentEventType, true> = Object.fromEntries(AGENT_EVENT_TYPES.map((t) => [t, true])) as Record<(typeof AGENT_EVENT_TYPES)[number], true>;
void _everyTypeListed;

export type AgentEvent = AgentEventBody & {
  /** The line's log version (EVENT_LOG_VERSION when written; absent in logs written before it). */
  v?: number;
  agentId: string;
  /** ISO time the event happened. */
  time: string;
  /** 1-based position in the agent's log; assigned by the supervisor. */
  seq: number;
};

export type EventOf<T extends AgentEventType> = Extract<AgentEvent, { type: T }>;
