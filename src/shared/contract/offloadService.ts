// The host's service: what the UI (over WebSocket or Electron IPC) and the CLI
// (in-process, or through a running host) can ask of it. Typed once, here.

import type { AgentOptions, AgentRecord } from '../agent.js';
import type { AgentEvent } from '../events.js';
import type { Checkpoint, FileDiff } from '../review.js';
import type { McpServerReport } from '../mcp.js';
import type { ProviderKind } from '../providers.js';
import type { ApiKeyStatus, Settings } from '../settings.js';
import type { LimitsStatus } from '../rateLimits.js';
import type { FileChangeSummary } from '../agent.js';
import { EDITOR_METHODS, type EditorEvents, type EditorService } from './editorService.js';

export type { DirEntry, TerminalSize } from './editorService.js';

export interface HostInfo {
  workspace: string;
  version: string;
  platform: string;
  apiKey: ApiKeyStatus;
  /** 'electron' inside the desktop app, 'node' for `offload serve`. */
  runtime: 'electron' | 'node';
}

export interface StartAgentsRequest {
  prompts: string[];
  options?: Partial<AgentOptions>;
}

export interface ApproveRequest {
  /** Edit and Run: the command to run instead of the one proposed. */
  command?: string;
}

export interface DenyRequest {
  feedback?: string;
}

export interface RejectRequest {
  paths?: string[];
  hunk?: number;
  feedback?: string;
  /** Overwrite a file the user edited after the agent's last write. */
  force?: boolean;
}

export interface AcceptRequest {
  paths?: string[];
  hunk?: number;
}

export interface UndoRequest {
  toStep: number;
  force?: boolean;
}

export interface ModelInfo {
  id: string;
  displayName: string;
  /** The provider that offers it (absent: Anthropic). The pickers group by it. */
  provider?: string;
}

/** One configured provider, as Settings and the model pickers see it (never its secret). */
export interface ProviderInfo {
  id: string;
  kind: ProviderKind;
  label: string;
  baseUrl?: string;
  /** "free": $0 and 0 premium requests (a local endpoint). */
  pricing: 'anthropic' | 'free';
  /** False: the endpoint offers no list; the pickers take a typed model name. */
  listsModels: boolean;
  models: string[];
  /** Features that are off for it, and why ("prompt caching is off: ..."). */
  missingFeatures: string[];
  /** Whether its key or token is set, where, and at most its last four characters. */
  secret: ApiKeyStatus;
  /** Why its models could not be listed, when they could not. */
  error?: string;
}

export interface OffloadService extends EditorService {
  getInfo(): Promise<HostInfo>;

  // Agents
  listAgents(): Promise<AgentRecord[]>;
  getAgent(id: string): Promise<AgentRecord>;
  /** Events with seq > afterSeq (all when omitted), oldest first. */
  getEvents(id: string, afterSeq?: number): Promise<AgentEvent[]>;
  startAgents(request: StartAgentsRequest): Promise<AgentRecord[]>;
  reply(id: string, text: string): Promise<void>;
  approve(id: string, request?: ApproveRequest): Promise<void>;
  deny(id: string, request?: DenyRequest): Promise<void>;
  resume(id: string): Promise<void>;
  cancel(id: string): Promise<void>;
  moveToBackground(id: string): Promise<void>;
  /**
   * A follow-up message from the person (the interactive session's box): the
   * answer when the agent asks for input, else an extra user turn that
   * continues a finished agent. Refused while it runs or waits for an approval.
   */
  followUp(id: string, text: string): Promise<void>;
  /**
   * The agents whose streams this connection shows: from now on it gets
   * onDidAppendEvent only for these (records still come for every agent).
   * Until a connection calls it, it gets every agent's events (the CLI).
   */
  watchAgentStreams(ids: string[]): Promise<void>;

  // Review
  listChanges(id: string): Promise<FileChangeSummary[]>;
  getDiff(id: string, path?: string): Promise<FileDiff[]>;
  accept(id: string, request?: AcceptRequest): Promise<void>;
  reject(id: string, request?: RejectRequest): Promise<void>;
  getCheckpoints(id: string): Promise<Checkpoint[]>;
  undo(id: string, request: UndoRequest): Promise<void>;

  /** The models the API lists (newest first), for the pickers; [] when it cannot be asked. */
  listModels(): Promise<ModelInfo[]>;
  /** The shared rate limits per model class (each limit, used now, when the queue drains) and the monthly budget. */
  getLimits(): Promise<LimitsStatus>;

  // Settings
  getSettings(): Promise<Settings>;
  updateSettings(patch: Partial<Settings>): Promise<Settings>;
  /** Saves (or, with null, removes) the API key; never returns it. */
  setApiKey(key: string | null): Promise<ApiKeyStatus>;

  // Providers and MCP servers
  /** The configured providers (the Anthropic one first). */
  listProviders(): Promise<ProviderInfo[]>;
  /** Saves (or, with null, removes) a provider's key or token; never returns it. */
  setProviderSecret(providerId: string, secret: string | null): Promise<ApiKeyStatus>;
  /** Starts each configured MCP server, lists its tools, and stops it again. */
  listMcpServers(): Promise<McpServerReport[]>;
}

export interface OffloadEvents extends EditorEvents {
  [name: string]: unknown;
  /** A record changed (status, counters, pending...). */
  onDidChangeAgent: AgentRecord;
  /** An event was appended to an agent's log. */
  onDidAppendEvent: AgentEvent;
  onDidChangeSettings: Settings;
  /**
   * Desktop shell only (never sent by the host itself): a native notification
   * was clicked; the page shows that agent and its pending item.
   */
  onDidRequestOpenAgent: { agentId: string };
  /** Desktop shell only: the app menu's "New Agent…" (Cmd/Ctrl+I); the page opens the Composer. */
  onDidRequestComposer: Record<string, never>;
}

export const OFFLOAD_METHODS = [
  'getInfo',
  'listAgents',
  'getAgent',
  'getEvents',
  'startAgents',
  'reply',
  'approve',
  'deny',
  'resume',
  'cancel',
  'moveToBackground',
  'followUp',
  'watchAgentStreams',
  'listChanges',
  'getDiff',
  'accept',
  'reject',
  'getCheckpoints',
  'undo',
  'listModels',
  'getLimits',
  'getSettings',
  'updateSettings',
  'setApiKey',
  'listProviders',
  'setProviderSecret',
  'listMcpServers',
  ...EDITOR_METHODS,
] as const satisfies readonly (keyof OffloadService)[];
