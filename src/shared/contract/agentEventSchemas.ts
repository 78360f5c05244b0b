// The agent event stream, typed once: what the log stores (one JSON object a
// line), what `--json` prints, what the UI renders, and what an agent process
// may emit. These schemas are the source; events.ts and agent.ts export their
// types with `z.infer` (type-only imports, so importing the types loads no
// zod: the agent's start-up stays lean).
//
// The host validates what an agent emits against agentEmittedEventSchema
// (agentHostSchemas.ts). The log's lines are not re-validated when read: a
// line of a newer version is kept and reported (events.ts), never refused.

import { z } from 'zod';
import { AGENT_STATUSES } from '../agent.js';
import { agentOptionsSchema } from './agentOptionsSchemas.js';

const status = z.enum(AGENT_STATUSES);
const count = z.number().int().nonnegative();
const tokens = z.number().finite().nonnegative();
const pid = z.number().int().positive();
const toolUseId = z.string().min(1);

/** A conversation message as the Messages API takes it (kept as plain JSON). */
export const conversationMessageSchema = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.unknown() });

const inputItem = z.strictObject({ kind: z.literal('input'), question: z.string(), toolUseId });
const approvalItem = z.strictObject({
  kind: z.literal('approval'),
  command: z.string(),
  toolUseId,
  /**
   * 'command': a write-y shell command; 'budget': a budget was reached and
   * going on needs a yes; 'mcp': a call of an MCP server's tool (command
   * reads "mcp__SERVER__TOOL {json input}").
   */
  reason: z.enum(['command', 'budget', 'mcp']),
  /** Why the gate stopped it, in words (e.g. "writes with a redirect"). */
  detail: z.string().optional(),
});
/** What an agent is waiting for while paused (PendingItem). */
export const pendingItemSchema = z.discriminatedUnion('kind', [inputItem, approvalItem]);

export const fileChangeSummarySchema = z.strictObject({
  path: z.string(),
  status: z.enum(['added', 'modified', 'deleted']),
  additions: count,
  deletions: count,
  binary: z.boolean().optional(),
  /**
   * The change is too large to diff line by line (issue 13): no hunks, the
   * counts are estimates, and it is accepted or rejected as a whole file.
   */
  tooLarge: z.boolean().optional(),
});
export const testRunSchema = z.strictObject({ command: z.string(), ok: z.boolean() });
/** What an agent did, computed by the host from the log (src/main/app/summary.ts). */
export const agentSummarySchema = z.strictObject({
  filesChanged: z.array(fileChangeSummarySchema),
  /**
   * Only when the review could not be read as the agent ended (its workspace
   * was deleted or unmounted): the paths its log says it changed, without counts.
   * `filesChanged` is then empty.
   */
  changedPathsFromLog: z.array(z.string()).optional(),
  commandsRun: z.array(z.string()),
  testsRun: z.array(testRunSchema),
});

/** A compaction of the conversation (compaction.ts): the log keeps every original message. */
export const compactionSchema = z.strictObject({
  /** tool_use ids whose results were replaced by CLEARED_TOOL_RESULT. */
  clearedToolUseIds: z.array(z.string()),
  /** Older turns replaced by a summary; messages from `keptFrom` (an assistant message) on stay. */
  summary: z.strictObject({ text: z.string(), keptFrom: count }).optional(),
});

/**
 * Every event but `started` and `finished`: both the log's and an agent's.
 * (The host writes `started`; the host adds the summary to `finished`.)
 */
const sharedEvents = [
  z.strictObject({ type: z.literal('status'), status, reason: z.string().optional() }),
  /** A process started (pid) or ended (pid null) for the agent. */
  z.strictObject({
    type: z.literal('process'),
    pid: pid.nullable(),
    exitCode: z.number().int().nullable().optional(),
    signal: z.string().nullable().optional(),
    reason: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('model'), model: z.string().min(1) }),
  /** Where the agent works: its own git worktree (`path`), or the working tree (with the `reason` when a worktree was asked for and could not be had). */
  z.strictObject({ type: z.literal('isolation'), mode: z.enum(['worktree', 'working-tree']), path: z.string(), reason: z.string().optional() }),
  /** An interactive session moved to the background (the Composer's "Move to background"). */
  z.strictObject({ type: z.literal('mode'), mode: z.enum(['background', 'interactive']) }),
  /** Model text as it streams (a delta). */
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  /** A full conversation message, written when complete: enough to rebuild the conversation. */
  z.strictObject({ type: z.literal('message'), message: conversationMessageSchema }),
  z.strictObject({ type: z.literal('tool_call'), tool: z.string(), toolUseId, input: z.unknown() }),
  z.strictObject({ type: z.literal('tool_output'), tool: z.string(), toolUseId, chunk: z.string() }),
  z.strictObject({
    type: z.literal('tool_result'),
    tool: z.string(),
    toolUseId,
    ok: z.boolean(),
    /** What the model is told (already capped). */
    content: z.string(),
    /** Paths the tool changed, for the stream and the review. */
    changedPaths: z.array(z.string()).optional(),
    /**
     * run_command only: the command that really ran (after an edit at
     * approval), or null when none ran (refused, denied); absent in logs
     * written before it was carried.
     */
    command: z.string().nullable().optional(),
    /** run_command only: its exit code (null: killed, timed out, or it did not run). */
    exitCode: z.number().int().nullable().optional(),
  }),
  z.strictObject({
    type: z.literal('usage'),
    model: z.string(),
    inputTokens: tokens,
    outputTokens: tokens,
    cacheReadTokens: tokens,
    cacheWriteTokens: tokens,
    /** Premium requests this model call cost (multiplier of its model). */
    premiumRequests: tokens,
    costUsd: tokens,
  }),
  /** The conversation was compacted to stay under the context window (see compaction.ts). */
  compactionSchema.extend({ type: z.literal('compacted'), tokensBefore: tokens, tokensAfter: tokens }),
  z.strictObject({ type: z.literal('rate_limited'), until: z.string(), reason: z.string() }),
  z.strictObject({ type: z.literal('retry'), attempt: count, delayMs: tokens, reason: z.string() }),
  z.discriminatedUnion('kind', [inputItem.extend({ type: z.literal('paused') }), approvalItem.extend({ type: z.literal('paused') })]),
  /** The person's answer to a pause. */
  z.strictObject({
    type: z.literal('answered'),
    kind: z.enum(['input', 'approval']),
    toolUseId,
    answer: z.string().optional(),
    decision: z.enum(['approve', 'reject', 'edit']).optional(),
    command: z.string().optional(),
    feedback: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('file_changed'), path: z.string().min(1), step: count }),
  z.strictObject({
    type: z.literal('review'),
    action: z.enum(['accept', 'reject', 'undo']),
    paths: z.array(z.string()),
    hunk: count.optional(),
    feedback: z.string().optional(),
    toStep: count.optional(),
  }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
  /**
   * Something the user should know that is not an error (e.g. commands run
   * without an OS sandbox, a provider feature that is off and why, an MCP
   * server that connected with its tools).
   */
  z.strictObject({ type: z.literal('notice'), message: z.string() }),
  /** What an MCP server wrote to stderr: kept for the person, never sent to the model. */
  z.strictObject({ type: z.literal('mcp_stderr'), server: z.string(), text: z.string() }),
] as const;

/** Written once, by the host, when the agent is created. */
const startedEvent = z.strictObject({
  type: z.literal('started'),
  name: z.string(),
  prompt: z.string(),
  options: agentOptionsSchema,
  workspace: z.string(),
});
const finishedByAgent = z.strictObject({ type: z.literal('finished'), status, error: z.string().optional() });

/** Every event of the log (AgentEventBody; the host adds agentId, time, seq and v). */
export const agentEventBodySchema = z.discriminatedUnion('type', [
  startedEvent,
  ...sharedEvents,
  finishedByAgent.extend({ summary: agentSummarySchema }),
]);

/** Every event an agent process may emit (AgentEmittedEvent): never `started`, and `finished` without a summary. */
export const agentEmittedEventSchema = z.discriminatedUnion('type', [...sharedEvents, finishedByAgent]);
