// The agent event stream: what `--json` prints, what the log stores (one JSON
// object a line), what the UI renders. Every event carries type, agentId, time.

import type { z } from 'zod';
import type { agentEventBodySchema, conversationMessageSchema } from './contract/agentEventSchemas.js';

// Typed once: the schemas in contract/agentEventSchemas.ts are the source
// (each event and field is documented there). The import is type-only, so
// importing these types loads no zod.

/** A conversation message as the Messages API takes it (kept as plain JSON). */
export type ConversationMessage = z.infer<typeof conversationMessageSchema>;

/** One event of an agent's log, before the host adds agentId, time, seq and v. */
export type AgentEventBody = z.infer<typeof agentEventBodySchema>;

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
