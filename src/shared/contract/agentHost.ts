// The hop between the supervisor and one agent process. Both directions use
// the RPC envelope over process.send (Node) or parentPort (Electron).
//
// The agent calls AgentHostService on the supervisor; the supervisor calls
// AgentProcessService on the agent. The agent never talks to the model's
// rate limits, the user, or other agents except through these calls.

import type { AgentOptions, AgentStatus, PendingItem } from '../agent.js';
import type { AgentEventBody, ConversationMessage } from '../events.js';
import type { McpAgentConfig } from '../mcp.js';
import type { ResolvedProvider } from '../providers.js';

/** How the agent authenticates with its provider: secrets, sent over IPC only. */
export interface ProviderCredentials {
  /** A compatible endpoint's key or bearer token, a Bedrock API key, or a Vertex access token. */
  secret?: string;
  /** Bedrock: static AWS credentials (from the host's environment); else the SDK's default chain. */
  aws?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Vertex: a service-account key file (GOOGLE_APPLICATION_CREDENTIALS of the host). */
  googleCredentialsFile?: string;
}

/**
 * What an agent process may emit: any event but `started` (the host writes it
 * when it creates the agent), and `finished` without a summary (the host
 * computes the summary from the log: src/main/app/summary.ts).
 */
export type AgentEmittedEvent =
  | Exclude<AgentEventBody, { type: 'started' | 'finished' }>
  | { type: 'finished'; status: AgentStatus; error?: string };

export interface AgentInit {
  agentId: string;
  name: string;
  prompt: string;
  workspace: string;
  /** Resolved model id. */
  model: string;
  /**
   * The API key and base URL reach the agent over IPC, never through its
   * environment (children's environments are scrubbed of secrets).
   */
  apiKey: string;
  baseUrl?: string;
  /** The provider of the model (absent: Anthropic with apiKey and baseUrl above). */
  provider?: ResolvedProvider;
  providerCredentials?: ProviderCredentials;
  /** MCP servers whose tools the agent gets, and the user's policy for them. */
  mcp?: McpAgentConfig;
  /** Why the MCP servers are off for this run (a bad .offload/mcp.json): said in the stream. */
  mcpError?: string;
  options: AgentOptions;
  /** The conversation so far when resuming (empty for a new agent). */
  messages: ConversationMessage[];
  /**
   * Results already produced for the tool calls of the last assistant message,
   * when resuming in the middle of a turn (keyed by tool_use id).
   */
  completedToolResults: Record<string, { content: string; ok: boolean }>;
  /** Steps taken before this process started (for the stuck guard and checkpoints). */
  stepsSoFar: number;
  /** Premium requests and dollars spent before this process started (budgets count them). */
  usageSoFar?: { premiumRequests: number; costUsd: number };
  /** Extra text for the next user turn (e.g. review feedback when resuming). */
  followUp?: string;
  /** Rules file contents (AGENTS.md, CLAUDE.md or .cursorrules), already read by the host. */
  rules?: { file: string; content: string } | null;
  /**
   * Absolute paths the agent's commands must never read (OFFLOAD_HOME: the
   * secret store, logs and other workspaces' state). The sandbox leaves them
   * unmounted and the approval gate asks before a command names one.
   */
  protectedPaths?: string[];
}

export interface RateLimitRequest {
  /** Estimated input tokens of the coming call. */
  inputTokens: number;
  /** max_tokens of the coming call. */
  outputTokens: number;
  /** The provider the call goes to: limits are kept per provider. */
  provider?: string;
}

export interface RateLimitObservation {
  /** HTTP status of the response (200 for success). */
  status: number;
  /** The response's anthropic-ratelimit-* and retry-after headers, lower-cased names. */
  headers: Record<string, string>;
  /**
   * 'headers': the response just began (its rate-limit headers, nothing
   * settled yet); 'done' (the default): the call ended, with usage or an error.
   */
  phase?: 'headers' | 'done';
  /** Actual usage, when known, so the bucket can correct its estimate. */
  inputTokens?: number;
  outputTokens?: number;
  /** The provider that answered. */
  provider?: string;
}

export type PauseAnswer =
  | { kind: 'input'; answer: string }
  | { kind: 'approval'; decision: 'approve'; command?: string }
  | { kind: 'approval'; decision: 'reject'; feedback?: string };

export interface WriteIntent {
  /** Workspace-relative paths the tool is about to change. */
  paths: string[];
  step: number;
}

export interface AgentHostService {
  /** Resolves when the shared limiter lets the call go (may wait). */
  acquireRateLimit(request: RateLimitRequest): Promise<void>;
  /** Tells the limiter what the API said (headers, 429s). */
  reportRateLimit(observation: RateLimitObservation): Promise<void>;
  /** Appends an event to the agent's log (the supervisor adds agentId, time and seq). */
  emit(event: AgentEmittedEvent): Promise<void>;
  /**
   * The agent's events of one tick, in order: one message over the pipe and
   * one log write instead of one each. `rateLimits`: the reportRateLimit
   * observations of that tick, told to the limiter first (one message per
   * model call fewer: its end's report travels with its usage and message).
   */
  emitBatch(events: AgentEmittedEvent[], rateLimits?: RateLimitObservation[]): Promise<void>;
  /** Pauses the agent until a person answers; resolves with the answer. */
  pause(item: PendingItem): Promise<PauseAnswer>;
  /**
   * Before a file tool writes: takes the write lease and keeps the baseline.
   * Rejects (code 'CONFLICT') with a message naming the agent holding a file.
   */
  beforeWrite(intent: WriteIntent): Promise<void>;
  /** After a file tool wrote. */
  afterWrite(intent: WriteIntent): Promise<void>;
  /** Before a shell command runs, so the host can track what it changes. */
  beforeCommand(info: { step: number; command: string }): Promise<void>;
  /** After it ran; resolves with the paths it changed. */
  afterCommand(info: { step: number; command: string; pid: number | null }): Promise<{ changedPaths: string[] }>;
  /** A command's process group started (so the host can kill it if the agent dies). */
  commandStarted(info: { pid: number }): Promise<void>;
  commandEnded(info: { pid: number }): Promise<void>;
}

export interface AgentProcessService {
  start(init: AgentInit): Promise<void>;
  /** Stop at the next step boundary; a running command is killed after a short grace. */
  cancel(): Promise<void>;
}

/** Events the agent process sends that are not RPC calls (none yet besides RPC). */
export type AgentProcessEvents = { [name: string]: unknown };
