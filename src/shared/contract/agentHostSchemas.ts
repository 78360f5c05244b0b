// Runtime checks for the hop between the host and one agent process, both
// ways: one params schema (a tuple of the method's arguments) per method of
// AgentHostService (what the agent calls) and AgentProcessService (what the
// host calls). The RPC server of each side validates with them before the
// implementation runs (serveRpc's `validate`), so a malformed call from a
// buggy, older or compromised process is refused with a clear BAD_INPUT error
// and never reaches the log, the limiter or the review.
//
// The schemas are tied to the contract's types at compile time (see the
// checks at the end): a field added to an event or a call that the schemas
// miss, or one they invent, fails the build.

import { z } from 'zod';
import { AGENT_STATUSES, type PendingItem } from '../agent.js';
import type { AgentEventBody } from '../events.js';
import type { McpAgentConfig } from '../mcp.js';
import type { ResolvedProvider } from '../providers.js';
import type { AgentEmittedEvent, AgentHostService, AgentInit, AgentProcessService } from './agentHost.js';
import { agentOptionsSchema } from './offloadSchemas.js';
import { paramsValidator } from './paramsValidator.js';

const status = z.enum(AGENT_STATUSES);
const count = z.number().int().nonnegative();
const tokens = z.number().finite().nonnegative();
const pid = z.number().int().positive();

const conversationMessage = z.strictObject({ role: z.enum(['user', 'assistant']), content: z.unknown() });

const inputItem = z.strictObject({ kind: z.literal('input'), question: z.string(), toolUseId: z.string().min(1) });
const approvalItem = z.strictObject({
  kind: z.literal('approval'),
  command: z.string(),
  toolUseId: z.string().min(1),
  reason: z.enum(['command', 'budget', 'mcp']),
  detail: z.string().optional(),
});
export const pendingItemSchema = z.discriminatedUnion('kind', [inputItem, approvalItem]);

/** Every event an agent process may emit (AgentEmittedEvent): never `started`, and `finished` without a summary. */
export const agentEmittedEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('status'), status, reason: z.string().optional() }),
  z.strictObject({
    type: z.literal('process'),
    pid: pid.nullable(),
    exitCode: z.number().int().nullable().optional(),
    signal: z.string().nullable().optional(),
    reason: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('model'), model: z.string().min(1) }),
  z.strictObject({ type: z.literal('isolation'), mode: z.enum(['worktree', 'working-tree']), path: z.string(), reason: z.string().optional() }),
  z.strictObject({ type: z.literal('mode'), mode: z.enum(['background', 'interactive']) }),
  z.strictObject({ type: z.literal('text'), text: z.string() }),
  z.strictObject({ type: z.literal('message'), message: conversationMessage }),
  z.strictObject({ type: z.literal('tool_call'), tool: z.string(), toolUseId: z.string().min(1), input: z.unknown() }),
  z.strictObject({ type: z.literal('tool_output'), tool: z.string(), toolUseId: z.string().min(1), chunk: z.string() }),
  z.strictObject({
    type: z.literal('tool_result'),
    tool: z.string(),
    toolUseId: z.string().min(1),
    ok: z.boolean(),
    content: z.string(),
    changedPaths: z.array(z.string()).optional(),
    command: z.string().nullable().optional(),
    exitCode: z.number().int().nullable().optional(),
  }),
  z.strictObject({
    type: z.literal('usage'),
    model: z.string(),
    inputTokens: tokens,
    outputTokens: tokens,
    cacheReadTokens: tokens,
    cacheWriteTokens: tokens,
    premiumRequests: tokens,
    costUsd: tokens,
  }),
  z.strictObject({
    type: z.literal('compacted'),
    tokensBefore: tokens,
    tokensAfter: tokens,
    clearedToolUseIds: z.array(z.string()),
    summary: z.strictObject({ text: z.string(), keptFrom: count }).optional(),
  }),
  z.strictObject({ type: z.literal('rate_limited'), until: z.string(), reason: z.string() }),
  z.strictObject({ type: z.literal('retry'), attempt: count, delayMs: tokens, reason: z.string() }),
  z.discriminatedUnion('kind', [inputItem.extend({ type: z.literal('paused') }), approvalItem.extend({ type: z.literal('paused') })]),
  z.strictObject({
    type: z.literal('answered'),
    kind: z.enum(['input', 'approval']),
    toolUseId: z.string().min(1),
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
  z.strictObject({ type: z.literal('finished'), status, error: z.string().optional() }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
  z.strictObject({ type: z.literal('notice'), message: z.string() }),
  z.strictObject({ type: z.literal('mcp_stderr'), server: z.string(), text: z.string() }),
]);

const writeIntent = z.strictObject({ paths: z.array(z.string().min(1)).max(10_000), step: count });
const headerValues = z.record(z.string(), z.string());
const rateLimitObservation = z.strictObject({
  status: z.number().int().min(0).max(999),
  headers: headerValues,
  phase: z.enum(['headers', 'done']).optional(),
  inputTokens: tokens.optional(),
  outputTokens: tokens.optional(),
  provider: z.string().optional(),
});

/** Params of every AgentHostService method: what an agent process may call on the host. */
export const agentHostParamsSchemas = {
  acquireRateLimit: z.tuple([
    z.strictObject({ inputTokens: tokens, outputTokens: tokens, provider: z.string().optional() }),
  ]),
  reportRateLimit: z.tuple([rateLimitObservation]),
  emit: z.tuple([agentEmittedEventSchema]),
  emitBatch: z.tuple([z.array(agentEmittedEventSchema).max(10_000), z.array(rateLimitObservation).max(1_000).optional()]),
  pause: z.tuple([pendingItemSchema]),
  beforeWrite: z.tuple([writeIntent]),
  afterWrite: z.tuple([writeIntent]),
  beforeCommand: z.tuple([z.strictObject({ step: count, command: z.string() })]),
  afterCommand: z.tuple([z.strictObject({ step: count, command: z.string(), pid: pid.nullable() })]),
  commandStarted: z.tuple([z.strictObject({ pid })]),
  commandEnded: z.tuple([z.strictObject({ pid })]),
} satisfies { [K in keyof AgentHostService]: z.ZodType<Parameters<AgentHostService[K]>, unknown> };

/**
 * AgentInit, sent by the host with start(). The host builds it, so the check
 * is of its shape: what the agent reads at once is checked field by field;
 * the provider and MCP configuration (validated where the user wrote them,
 * src/shared/providers.ts and mcp.ts) only as objects.
 */
export const agentInitSchema = z.strictObject({
  agentId: z.string().min(1),
  name: z.string(),
  prompt: z.string(),
  workspace: z.string().min(1),
  model: z.string().min(1),
  apiKey: z.string(),
  baseUrl: z.string().optional(),
  provider: z.custom<ResolvedProvider>((value) => typeof value === 'object' && value !== null, 'must be an object').optional(),
  providerCredentials: z
    .strictObject({
      secret: z.string().optional(),
      aws: z.strictObject({ accessKeyId: z.string(), secretAccessKey: z.string(), sessionToken: z.string().optional() }).optional(),
      googleCredentialsFile: z.string().optional(),
    })
    .optional(),
  mcp: z.custom<McpAgentConfig>((value) => typeof value === 'object' && value !== null, 'must be an object').optional(),
  mcpError: z.string().optional(),
  options: agentOptionsSchema,
  messages: z.array(conversationMessage),
  completedToolResults: z.record(z.string(), z.strictObject({ content: z.string(), ok: z.boolean() })),
  stepsSoFar: count,
  usageSoFar: z.strictObject({ premiumRequests: tokens, costUsd: tokens }).optional(),
  followUp: z.string().optional(),
  rules: z.strictObject({ file: z.string(), content: z.string() }).nullable().optional(),
  protectedPaths: z.array(z.string()).optional(),
});

/** Params of every AgentProcessService method: what the host may call on an agent process. */
export const agentProcessParamsSchemas = {
  start: z.tuple([agentInitSchema]),
  cancel: z.tuple([]),
} satisfies { [K in keyof AgentProcessService]: z.ZodType<Parameters<AgentProcessService[K]>, unknown> };

export const validateAgentHostParams = paramsValidator(agentHostParamsSchemas, 'the host.');
export const validateAgentProcessParams = paramsValidator(agentProcessParamsSchemas, 'the agent process.');

// ---- compile-time ties to the contract's types ----

/** "type:field" for every field of every member of an event union. */
type FieldsOf<U> = U extends { type: string } ? `${U['type']}:${Exclude<keyof U, symbol | number>}` : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Emitted = z.output<typeof agentEmittedEventSchema>;

// Each event the schema accepts is an AgentEmittedEvent, and the schema knows every field of every event.
const _emittedFits: Same<FieldsOf<Emitted>, FieldsOf<AgentEmittedEvent>> = true;
const _emittedAssignable: AgentEmittedEvent = null as unknown as Emitted;
// And the events the host writes are the emitted ones plus `started`.
const _everyTypeButStarted: Same<Exclude<AgentEventBody['type'], 'started'>, Emitted['type']> = true;
const _pending: Same<FieldsOf<{ type: 'p' } & z.output<typeof pendingItemSchema>>, FieldsOf<{ type: 'p' } & PendingItem>> = true;
const _init: Same<keyof z.output<typeof agentInitSchema>, keyof AgentInit> = true;
void [_emittedFits, _emittedAssignable, _everyTypeButStarted, _pending, _init];
