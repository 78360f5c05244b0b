// The host's service (OffloadService) over the supervisor, the review, the
// settings and the secret store. Every caller (the CLI in-process or through a
// running host, the WebSocket page, the desktop app) comes through here, and
// every door validates the call against offloadSchemas.ts first, so nothing
// here re-checks what a schema checked.

import type { LimitsStatus, ModelClassLimits } from '../../shared/rateLimits.js';
import type { AgentOptions, AgentRecord, FileChangeSummary } from '../../shared/agent.js';
import { isSettled } from '../../shared/agent.js';
import type {
  AcceptRequest,
  ApproveRequest,
  DenyRequest,
  DirEntry,
  HostInfo,
  ModelInfo,
  OffloadService,
  ProviderInfo,
  RejectRequest,
  StartAgentsRequest,
  TerminalSize,
  UndoRequest,
} from '../../shared/contract/offloadService.js';
import type { AgentEvent } from '../../shared/events.js';
import type { McpServerReport } from '../../shared/mcp.js';
import type { Checkpoint, FileDiff } from '../../shared/review.js';
import type { ApiKeyStatus, Settings } from '../../shared/settings.js';
import { hostError } from './hostErrors.js';
import type { ReviewServicePort, SettingsPort } from './ports.js';
import type { Supervisor } from './supervisor.js';
import type { TerminalSessions } from './terminals.js';
import type { EditorWorkspace } from '../workspace/editorWorkspace.js';
import type {
  AgentFileMark,
  FileContent,
  SearchRequest,
  SearchResult,
  TerminalInfo,
  WatchStatus,
  WriteFileOptions,
  WriteFileResult,
} from '../../shared/contract/editorService.js';

export interface OffloadServiceDeps {
  workspace: string;
  runtime: 'node' | 'electron';
  version: string;
  supervisor: Supervisor;
  review: ReviewServicePort;
  settings: SettingsPort;
  apiKeyStatus: () => Promise<ApiKeyStatus>;
  saveApiKey: (key: string | null) => Promise<ApiKeyStatus>;
  onSettingsChanged: (settings: Settings) => void;
  terminals: TerminalSessions;
  /** Files, watching, quick open and search for the editor. */
  editor: EditorWorkspace;
  /** The files agents changed or hold leases on. */
  agentFileMarks: () => Promise<AgentFileMark[]>;
  /** The API's models; rejects when they cannot be listed (no key, offline). */
  listModels: () => Promise<ModelInfo[]>;
  /** The shared limiter's readout, per model class. */
  rateLimits: () => ModelClassLimits[];
  listProviders: () => Promise<ProviderInfo[]>;
  saveProviderSecret: (providerId: string, secret: string | null) => Promise<ApiKeyStatus>;
  listMcpServers: () => Promise<McpServerReport[]>;
}

export class OffloadServiceImpl implements OffloadService {
  constructor(private readonly deps: OffloadServiceDeps) {}

  async getInfo(): Promise<HostInfo> {
    return {
      workspace: this.deps.workspace,
      version: this.deps.version,
      platform: process.platform,
      apiKey: await this.deps.apiKeyStatus(),
      runtime: this.deps.runtime,
    };
  }

  // Agents

  listAgents(): Promise<AgentRecord[]> {
    return this.deps.supervisor.listAgents();
  }

  getAgent(id: string): Promise<AgentRecord> {
    return this.deps.supervisor.getAgent(id);
  }

  getEvents(id: string, afterSeq?: number): Promise<AgentEvent[]> {
    return this.deps.supervisor.getEvents(id, afterSeq ?? 0);
  }

  startAgents(request: StartAgentsRequest): Promise<AgentRecord[]> {
    return this.deps.supervisor.startAgents(
      request.prompts.map((p) => String(p)),
      (request.options ?? {}) as Partial<AgentOptions>,
    );
  }

  reply(id: string, text: string): Promise<void> {
    return this.deps.supervisor.reply(id, text);
  }

  approve(id: string, request: ApproveRequest = {}): Promise<void> {
    return this.deps.supervisor.approve(id, request?.command);
  }

  deny(id: string, request: DenyRequest = {}): Promise<void> {
    return this.deps.supervisor.deny(id, request?.feedback);
  }

  resume(id: string): Promise<void> {
    return this.deps.supervisor.resume(id);
  }

  cancel(id: string): Promise<void> {
    return this.deps.supervisor.cancel(id);
  }

  async followUp(id: string, text: string): Promise<void> {
    const agent = await this.deps.supervisor.getAgent(id);
    const message = text;
    if (agent.status === 'paused_input') return this.deps.supervisor.reply(agent.id, message);
    if (!isSettled(agent.status)) {
      const waitingFor = agent.status === 'paused_approval' ? 'an approval' : 'its current step to end';
      throw hostError('BAD_STATE', `${agent.name} is ${agent.status} and waits for ${waitingFor}; send the follow-up when it finishes or asks.`);
    }
    await this.deps.supervisor.continueWith(agent.id, message);
  }

  async moveToBackground(id: string): Promise<void> {
    // Interactive sessions run in the same supervisor as background ones; moving
    // one only changes where the UI shows it (a `mode` event), nothing restarts.
    const agent = await this.deps.supervisor.getAgent(id);
    if (agent.options.mode !== 'background') await this.deps.supervisor.appendFor(agent.id, { type: 'mode', mode: 'background' });
  }

  // Review

  async listChanges(id: string): Promise<FileChangeSummary[]> {
    const agent = await this.deps.supervisor.getAgent(id);
    return this.deps.review.listChanges(agent.id);
  }

  async getDiff(id: string, path?: string): Promise<FileDiff[]> {
    const agent = await this.deps.supervisor.getAgent(id);
    return this.deps.review.getDiff(agent.id, path || undefined);
  }

  async accept(id: string, request: AcceptRequest = {}): Promise<void> {
    const agent = await this.deps.supervisor.getAgent(id);
    const paths = request.paths?.length ? request.paths : undefined;
    const hunk = request.hunk !== undefined ? { hunk: request.hunk } : {};
    // Listed first: an accept from a worktree can carry some files and stop at others (USER_EDITED).
    const attempted = paths ?? (await this.deps.review.listChanges(agent.id)).map((c) => c.path);
    try {
      await this.deps.review.accept(agent.id, { paths, hunk: request.hunk });
    } catch (error) {
      const notApplied = partlyApplied(error);
      const carried = notApplied ? attempted.filter((p) => !notApplied.includes(p)) : [];
      // What was carried is accepted: the log says so, or the UI, `show` and a resume would disagree with the tree.
      if (carried.length > 0) await this.deps.supervisor.appendFor(agent.id, { type: 'review', action: 'accept', paths: carried, ...hunk });
      throw error;
    }
    await this.deps.supervisor.appendFor(agent.id, { type: 'review', action: 'accept', paths: paths ?? [], ...hunk });
  }

  async reject(id: string, request: RejectRequest = {}): Promise<void> {
    const agent = await this.deps.supervisor.getAgent(id);
    const paths = request.paths?.length ? request.paths : undefined;
    // What the agent is told names the files, so list them before they leave the review.
    const before = paths ?? (await this.deps.review.listChanges(agent.id)).map((c) => c.path);
    await this.deps.review.reject(agent.id, { paths, hunk: request.hunk, feedback: request.feedback, force: request.force });
    const feedback = request.feedback?.trim();
    await this.deps.supervisor.appendFor(agent.id, {
      type: 'review',
      action: 'reject',
      paths: paths ?? [],
      ...(request.hunk !== undefined ? { hunk: request.hunk } : {}),
      ...(feedback ? { feedback } : {}),
    });
    if (feedback) await this.deps.supervisor.continueWith(agent.id, rejectionFollowUp(before, request.hunk, feedback));
  }

  async getCheckpoints(id: string): Promise<Checkpoint[]> {
    const agent = await this.deps.supervisor.getAgent(id);
    return this.deps.review.checkpoints(agent.id);
  }

  async undo(id: string, request: UndoRequest): Promise<void> {
    const agent = await this.deps.supervisor.getAgent(id);
    const { toStep } = request;
    await this.deps.review.undo(agent.id, toStep, Boolean(request.force));
    await this.deps.supervisor.appendFor(agent.id, { type: 'review', action: 'undo', paths: [], toStep });
  }

  // Settings

  async getLimits(): Promise<LimitsStatus> {
    return { modelClasses: this.deps.rateLimits(), monthly: this.deps.supervisor.monthlyBudget() };
  }

  /** Per connection, so serveHostConnection (hostConnection.ts) answers it; a bare service has nothing to filter. */
  async watchAgentStreams(_ids: string[]): Promise<void> {}

  async listModels(): Promise<ModelInfo[]> {
    // The pickers fall back to their own list; a failure here is not the user's to fix.
    return this.deps.listModels().catch(() => []);
  }

  listProviders(): Promise<ProviderInfo[]> {
    return this.deps.listProviders();
  }

  setProviderSecret(providerId: string, secret: string | null): Promise<ApiKeyStatus> {
    return this.deps.saveProviderSecret(providerId, secret);
  }

  listMcpServers(): Promise<McpServerReport[]> {
    return this.deps.listMcpServers();
  }

  async getSettings(): Promise<Settings> {
    return this.deps.settings.get();
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    const settings = await this.deps.settings.update(patch);
    this.deps.onSettingsChanged(settings);
    return settings;
  }

  setApiKey(key: string | null): Promise<ApiKeyStatus> {
    return this.deps.saveApiKey(key === null ? null : key.trim());
  }

  // The editor shell

  listDir(path?: string): Promise<DirEntry[]> {
    return this.deps.editor.listDir(path ?? '');
  }

  readFile(path: string): Promise<FileContent> {
    return this.deps.editor.readFile(path);
  }

  writeFile(path: string, content: string, options?: WriteFileOptions): Promise<WriteFileResult> {
    return this.deps.editor.writeFile(path, content, options ?? {});
  }

  listFiles(): Promise<string[]> {
    return this.deps.editor.listFiles();
  }

  searchFiles(request: SearchRequest): Promise<SearchResult> {
    return this.deps.editor.search(request);
  }

  async getWatchStatus(): Promise<WatchStatus> {
    return this.deps.editor.getWatchStatus();
  }

  listAgentFiles(): Promise<AgentFileMark[]> {
    return this.deps.agentFileMarks();
  }

  // The integrated terminal

  async openTerminal(options: TerminalSize = {}): Promise<TerminalInfo> {
    return this.deps.terminals.open({ cols: options?.cols, rows: options?.rows });
  }

  async listTerminals(): Promise<TerminalInfo[]> {
    return this.deps.terminals.list();
  }

  async readTerminalBuffer(id: string): Promise<string> {
    return this.deps.terminals.buffer(id);
  }

  async writeTerminal(id: string, data: string): Promise<void> {
    this.deps.terminals.write(id, data);
  }

  async resizeTerminal(id: string, cols: number, rows: number): Promise<void> {
    this.deps.terminals.resize(id, cols, rows);
  }

  closeTerminal(id: string): Promise<void> {
    return this.deps.terminals.close(id);
  }
}

/** What the agent is told when a person rejects its change with feedback. */
export function rejectionFollowUp(paths: string[], hunk: number | undefined, feedback: string): string {
  const what = paths.length === 0 ? 'your changes' : `your change${paths.length > 1 ? 's' : ''} to ${paths.join(', ')}`;
  const part = hunk !== undefined ? ` (hunk ${hunk})` : '';
  return (
    `The user rejected ${what}${part}; it was put back as it was before.\n` +
    `Their feedback: ${feedback}\n` +
    'Take this into account and continue the task.'
  );
}

/** The files a USER_EDITED accept left unapplied (the others were carried), or null for any other failure. */
function partlyApplied(error: unknown): string[] | null {
  const { code, paths } = error as { code?: unknown; paths?: unknown };
  return code === 'USER_EDITED' && Array.isArray(paths) ? (paths as string[]) : null;
}
