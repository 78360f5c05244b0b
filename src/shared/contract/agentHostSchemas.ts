// Runtime checks for the hop between the host and one agent process, both
// ways, and the source of that hop's types (agentHost.ts exports them with
// `z.infer`): one params schema (a tuple of the method's arguments) and one
// result schema per method of AgentHostService (what the agent calls) and
// AgentProcessService (what the host calls). The RPC server of each side
// validates the params before the implementation runs (serveRpc's
// `validate`), so a malformed call from a buggy, older or compromised process
// is refused with a clear BAD_INPUT error and never reaches the log, the
// limiter or the review; the calling side validates the answer
// (createRpcClient's `checkResult`) before acting on it, so a malformed
// answer to a pause can never pass for an approval.

import { z } from 'zod';
import type { McpAgentConfig } from '../mcp.js';
import type { ResolvedProvider } from '../providers.js';
import { agentEmittedEventSchema, conversationMessageSchema, pendingItemSchema } from './agentEventSchemas.js';
import { agentOptionsSchema } from './agentOptionsSchemas.js';
import { paramsValidator, resultValidator } from './paramsValidator.js';

const count = z.number().int().nonnegative();
const tokens = z.number().finite().nonnegative();
const pid = z.number().int().positive();

/** Before and after a file tool writes: the workspace-relative paths it is about to change (WriteIntent). */
export const writeIntentSchema = z.strictObject({ paths: z.array(z.string().min(1)).max(10_000), step: count });

/** Before a model call: what it will cost the shared limiter (RateLimitRequest). */
export const rateLimitRequestSchema = z.strictObject({
  /** Estimated input tokens of the coming call. */
  inputTokens: tokens,
  /** max_tokens of the coming call. */
  outputTokens: tokens,
  /** The provider the call goes to: limits are kept per provider. */
  provider: z.string().optional(),
});

/** What the API said about a call (RateLimitObservation). */
export const rateLimitObservationSchema = z.strictObject({
  /** HTTP status of the response (200 for success). */
  status: z.number().int().min(0).max(999),
  /** The response's anthropic-ratelimit-* and retry-after headers, lower-cased names. */
  headers: z.record(z.string(), z.string()),
  /**
   * 'headers': the response just began (its rate-limit headers, nothing
   * settled yet); 'done' (the default): the call ended, with usage or an error.
   */
  phase: z.enum(['headers', 'done']).optional(),
  /** Actual usage, when known, so the bucket can correct its estimate. */
  inputTokens: tokens.optional(),
  outputTokens: tokens.optional(),
  /** The provider that answered. */
  provider: z.string().optional(),
});

/** A person's answer to a pause (PauseAnswer): what the agent acts on, so it is checked before use. */
export const pauseAnswerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('input'), answer: z.string() }),
  z.discriminatedUnion('decision', [
    /** Approved as asked, or (`command`) as the person edited it ("Edit and Run"). */
    z.strictObject({ kind: z.literal('approval'), decision: z.literal('approve'), command: z.string().optional() }),
    z.strictObject({ kind: z.literal('approval'), decision: z.literal('reject'), feedback: z.string().optional() }),
  ]),
]);

/** How the agent authenticates with its provider: secrets, sent over IPC only (ProviderCredentials). */
export const providerCredentialsSchema = z.strictObject({
  /** A compatible endpoint's key or bearer token, a Bedrock API key, or a Vertex access token. */
  secret: z.string().optional(),
  /** Bedrock: static AWS credentials (from the host's environment); else the SDK's default chain. */
  aws: z.strictObject({ accessKeyId: z.string(), secretAccessKey: z.string(), sessionToken: z.string().optional() }).optional(),
  /** Vertex: a service-account key file (GOOGLE_APPLICATION_CREDENTIALS of the host). */
  googleCredentialsFile: z.string().optional(),
});

/** The answer of a method that answers nothing: serveRpc sends it as null (JSON has no undefined). */
const nothing = z.custom<void>((value) => value === null || value === undefined, 'expected no value');

/** Params of every AgentHostService method: what an agent process may call on the host. */
export const agentHostParamsSchemas = {
  /** Resolves when the shared limiter lets the call go (may wait). */
  acquireRateLimit: z.tuple([rateLimitRequestSchema]),
  /** Tells the limiter what the API said (headers, 429s). */
  reportRateLimit: z.tuple([rateLimitObservationSchema]),
  /** Appends an event to the agent's log (the supervisor adds agentId, time and seq). */
  emit: z.tuple([agentEmittedEventSchema]),
  /**
   * The agent's events of one tick, in order: one message over the pipe and
   * one log write instead of one each. The second argument: the
   * reportRateLimit observations of that tick, told to the limiter first (a
   * model call's end report travels with its usage and message, not alone).
   */
  emitBatch: z.tuple([z.array(agentEmittedEventSchema).max(10_000), z.array(rateLimitObservationSchema).max(1_000).optional()]),
  /** Pauses the agent until a person answers; resolves with the answer. */
  pause: z.tuple([pendingItemSchema]),
  /**
   * Before a file tool writes: takes the write lease and keeps the baseline.
   * Rejects (code 'CONFLICT') with a message naming the agent holding a file.
   */
  beforeWrite: z.tuple([writeIntentSchema]),
  /** After a file tool wrote. */
  afterWrite: z.tuple([writeIntentSchema]),
  /** Before a shell command runs, so the host can track what it changes. */
  beforeCommand: z.tuple([z.strictObject({ step: count, command: z.string() })]),
  /** After it ran; resolves with the paths it changed. */
  afterCommand: z.tuple([z.strictObject({ step: count, command: z.string(), pid: pid.nullable() })]),
  /** A command's process group started (so the host can kill it if the agent dies). */
  commandStarted: z.tuple([z.strictObject({ pid })]),
  commandEnded: z.tuple([z.strictObject({ pid })]),
};

/** What the host answers each AgentHostService call. */
export const agentHostResultSchemas = {
  acquireRateLimit: nothing,
  reportRateLimit: nothing,
  emit: nothing,
  emitBatch: nothing,
  pause: pauseAnswerSchema,
  beforeWrite: nothing,
  afterWrite: nothing,
  beforeCommand: nothing,
  afterCommand: z.strictObject({ changedPaths: z.array(z.string()) }),
  commandStarted: nothing,
  commandEnded: nothing,
} satisfies Record<keyof typeof agentHostParamsSchemas, z.ZodType>;

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
  /** Resolved model id. */
  model: z.string().min(1),
  /**
   * The API key and base URL reach the agent over IPC, never through its
   * environment (children's environments are scrubbed of secrets).
   */
  apiKey: z.string(),
  baseUrl: z.string().optional(),
  /** The provider of the model (absent: Anthropic with apiKey and baseUrl above). */
  provider: z.custom<ResolvedProvider>((value) => typeof value === 'object' && value !== null, 'must be an object').optional(),
  providerCredentials: providerCredentialsSchema.optional(),
  /** MCP servers whose tools the agent gets, and the user's policy for them. */
  mcp: z.custom<McpAgentConfig>((value) => typeof value === 'object' && value !== null, 'must be an object').optional(),
  /** Why the MCP servers are off for this run (a bad .offload/mcp.json): said in the stream. */
  mcpError: z.string().optional(),
  options: agentOptionsSchema,
  /** The conversation so far when resuming (empty for a new agent). */
  messages: z.array(conversationMessageSchema),
  /**
   * Results already produced for the tool calls of the last assistant message,
   * when resuming in the middle of a turn (keyed by tool_use id).
   */
  completedToolResults: z.record(z.string(), z.strictObject({ content: z.string(), ok: z.boolean() })),
  /** Steps taken before this process started (for the stuck guard and checkpoints). */
  stepsSoFar: count,
  /** Premium requests and dollars spent before this process started (budgets count them). */
  usageSoFar: z.strictObject({ premiumRequests: tokens, costUsd: tokens }).optional(),
  /** Extra text for the next user turn (e.g. review feedback when resuming). */
  followUp: z.string().optional(),
  /** Rules file contents (AGENTS.md, CLAUDE.md or .cursorrules), already read by the host. */
  rules: z.strictObject({ file: z.string(), content: z.string() }).nullable().optional(),
  /**
   * Absolute paths the agent's commands must never read (OFFLOAD_HOME: the
   * secret store, logs and other workspaces' state). The sandbox leaves them
   * unmounted and the approval gate asks before a command names one.
   */
  protectedPaths: z.array(z.string()).optional(),
});

/** Params of every AgentProcessService method: what the host may call on an agent process. */
export const agentProcessParamsSchemas = {
  start: z.tuple([agentInitSchema]),
  /** Stop at the next step boundary; a running command is killed after a short grace. */
  cancel: z.tuple([]),
};

/** What an agent process answers each AgentProcessService call. */
export const agentProcessResultSchemas = {
  start: nothing,
  cancel: nothing,
} satisfies Record<keyof typeof agentProcessParamsSchemas, z.ZodType>;

export const validateAgentHostParams = paramsValidator(agentHostParamsSchemas, 'the host.');
export const validateAgentProcessParams = paramsValidator(agentProcessParamsSchemas, 'the agent process.');
/** For the agent: checks what the host answered (a malformed answer rejects the call with BAD_ANSWER). */
export const validateAgentHostResult = resultValidator(agentHostResultSchemas, "The host's answer to ");
/** For the host: checks what an agent process answered. */
export const validateAgentProcessResult = resultValidator(agentProcessResultSchemas, "The agent process's answer to ");
