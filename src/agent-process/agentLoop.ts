// One agent's run: the conversation with the model and the tool calls it
// asks for, until the model ends a turn without tool calls (completed), the
// person cancels, or something cannot go on (failed). Every step is reported
// to the supervisor as events; the supervisor owns the state.

import path from 'node:path';
import { realpath } from 'node:fs/promises';
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  ToolResultBlockParam,
  ToolUnion,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { AgentStatus } from '../shared/agent.js';
import type { AgentEmittedEvent, AgentHostService, AgentInit } from '../shared/contract/agentHost.js';
import { costOfUsage, premiumRequestsFor } from '../shared/cost.js';
import type { ConversationMessage } from '../shared/events.js';
import { isMcpToolName, mcpCallAllowed, MCP_DEFAULT_FIRST_REQUEST_WAIT_MS } from '../shared/mcp.js';
import { missingFeatures, type ProviderFeatures } from '../shared/providers.js';
import { TOOL_DEFINITIONS, WEB_SEARCH_TOOL, WRITE_TOOLS } from '../shared/tools.js';
import { cancellable, CancelledError, isCancelled } from './cancellation.js';
import { ModelCallFailure, ModelClient } from './modelClient.js';
import type { ProcessGroups } from './processGroups.js';
import { redactorFor, StreamRedactor, type SecretRedactor } from './secretRedaction.js';
import { StuckGuard } from './stuckGuard.js';
import { WorkspaceFault, WorkspaceGuard } from './workspaceGuard.js';
import { buildSystemPrompt, type SystemPrompt } from './systemPrompt.js';
import { contentBlocks, layOutRequest } from './context/requestLayout.js';
import { ReadMemory } from './context/readMemory.js';
import {
  clearableResults,
  compactionThreshold,
  SUMMARY_INSTRUCTION,
  summaryCut,
  TARGET_SHARE,
  TokenEstimator,
} from './context/compactor.js';
import { applyCompaction, type Compaction } from '../shared/compaction.js';
import { DEFAULT_CONTEXT_OPTIONS } from '../shared/agent.js';
import type { CodebaseIndex } from './tools/codebaseIndex.js';
import type { McpManager } from './mcp/mcpManager.js';
import type { ToolContext } from './tools/toolContext.js';

export const MAX_OUTPUT_TOKENS = 8192;

/** The person said no at a budget: the agent ends as completed, with this reason. */
class BudgetStop extends Error {}

type ToolsModule = typeof import('./tools/index.js');
type ToolsRunResult = Awaited<ReturnType<ToolsModule['runTool']>>;
type ToolUse = { type: 'tool_use'; id: string; name: string; input: unknown };

function changesFiles(tool: string): boolean {
  return (WRITE_TOOLS as readonly string[]).includes(tool);
}

function toolUsesOf(message: ConversationMessage | MessageParam): ToolUse[] {
  return contentBlocks(message).filter((b): b is ContentBlockParam & ToolUse => b.type === 'tool_use') as ToolUse[];
}

/** The size of what a request sends, for token estimates. */
function promptCharsOf(request: MessageCreateParamsBase): number {
  return JSON.stringify(request.system).length + JSON.stringify(request.tools).length + JSON.stringify(request.messages).length;
}

export interface AgentLoopOptions {
  init: AgentInit;
  host: AgentHostService;
  processGroups: ProcessGroups;
}

export class AgentLoop {
  private readonly init: AgentInit;
  private readonly host: AgentHostService;
  private readonly processGroups: ProcessGroups;
  private readonly cancelController = new AbortController();
  private readonly stuckGuard = new StuckGuard();
  private messages: MessageParam[] = [];
  private steps: number;
  private premiumRequests: number;
  private costUsd: number;
  private requestLimit: number | null;
  private costLimit: number | null;
  /** Characters of the prompt the last successful call sent (the cached part of the next one). */
  private lastPromptChars = 0;
  private workspace = '';
  /** Stops the agent when its workspace is deleted, unmounted, read-only or full (workspaceGuard.ts). */
  private guard: WorkspaceGuard | null = null;
  private model!: ModelClient;
  private searchIndex!: CodebaseIndex;
  /** Files changed in this process's run, so an allowed pattern does not vouch for a script the agent rewrote. */
  private readonly changedFiles = new Set<string>();
  private changedFilesSeeded = false;
  /** Notices already shown: each is said once. */
  private readonly noticesGiven = new Set<string>();
  /** The tool modules, loaded on first use (see loadTools). */
  private toolModules: Promise<ToolsModule> | null = null;
  private systemPrompt: SystemPrompt = { shared: '', agent: '' };
  private readonly readMemory = new ReadMemory();
  private readonly tokens = new TokenEstimator();
  /** Tool calls whose input was not valid JSON, by tool_use id. */
  private readonly garbledInput = new Map<string, string>();
  /** Takes the API key (and its trivial encodings) out of tool results before the model sees them. */
  private readonly redactor: SecretRedactor;
  /** The MCP servers (null without any): see startMcpServers. */
  private mcp: McpManager | null = null;
  private usageNoticeSent = false;

  constructor({ init, host, processGroups }: AgentLoopOptions) {
    this.init = init;
    this.host = host;
    this.processGroups = processGroups;
    this.steps = init.stepsSoFar ?? 0;
    this.premiumRequests = init.usageSoFar?.premiumRequests ?? 0;
    this.costUsd = init.usageSoFar?.costUsd ?? 0;
    this.requestLimit = init.options.maxRequests ?? null;
    this.costLimit = init.options.maxCostUsd ?? null;
    this.redactor = redactorFor(typeof init.apiKey === 'string' ? [init.apiKey] : []);
  }

  get cancelled(): boolean {
    return this.cancelController.signal.aborted;
  }

  /** Stops at the next step boundary; a running command is killed after a short grace. */
  cancel(): void {
    this.cancelController.abort();
  }

  /** Runs to the end and emits `finished`; never throws. */
  async run(): Promise<AgentStatus> {
    try {
      // MCP servers start first, all at once, while the rest of the start-up goes on.
      this.startMcpServers();
      this.workspace = await realpath(this.init.workspace).catch(() => {
        throw new ModelCallFailure(`The workspace "${this.init.workspace}" does not exist or cannot be read.`);
      });
      this.guard = await WorkspaceGuard.start(this.workspace);
      this.systemPrompt = buildSystemPrompt(this.init, this.workspace);
      this.model = new ModelClient({
        apiKey: this.init.apiKey,
        baseUrl: this.init.baseUrl,
        provider: this.init.provider,
        credentials: this.init.providerCredentials,
        model: this.init.model,
        host: this.host,
        emit: (event) => this.emit(event),
        // The model is answering: load the tools its reply may call meanwhile.
        // MCP servers whose tools were all remembered start here too (startMcpServers).
        onResponse: () => {
          void this.loadTools().catch(() => undefined);
          void this.startMcpNow();
        },
      });
      this.messages = this.init.messages.map((m) => ({ role: m.role, content: m.content }) as MessageParam);
      this.replayStuckGuard();
      this.announceMissingFeatures();
      await this.prepareFirstTurn();
      await this.converse();
      return await this.finish('completed');
    } catch (error) {
      if (isCancelled(error)) return this.finish('cancelled');
      if (error instanceof BudgetStop) return this.finish('completed', error.message);
      if (error instanceof ModelCallFailure) return this.finish('failed', error.message);
      if (error instanceof WorkspaceFault) return this.finish('failed', error.message);
      const err = error as { code?: string; message?: string };
      // The host's monthly budget, refused by the person: like a per-agent budget's no.
      if (err.code === 'BUDGET_STOP') return this.finish('completed', err.message ?? 'Stopped at the monthly budget.');
      if (err.code === 'DISCONNECTED') return this.finish('failed', 'The connection to the supervisor was lost.');
      // The host answered outside the contract (agentHostSchemas.ts): nothing was acted on; say what was wrong.
      if (err.code === 'BAD_ANSWER') return this.finish('failed', err.message ?? 'The host answered outside the contract.');
      return this.finish('failed', `The agent hit an internal error: ${err.message ?? String(error)}`);
    }
  }

  // ---- the conversation ----

  private async prepareFirstTurn(): Promise<void> {
    const followUp = this.init.followUp?.trim() ? [{ type: 'text' as const, text: this.init.followUp }] : [];
    const last = this.messages[this.messages.length - 1];
    if (!last) {
      this.pushUserMessage([{ type: 'text', text: this.init.prompt }, ...followUp]);
    } else if (last.role === 'assistant') {
      const uses = toolUsesOf(last);
      if (uses.length > 0) await this.runToolBatch(uses, this.init.completedToolResults ?? {}, followUp);
      else this.pushUserMessage(followUp.length > 0 ? followUp : [{ type: 'text', text: 'Continue where you left off.' }]);
    } else if (followUp.length > 0) {
      // Two user messages in a row are merged when the request is built.
      this.pushUserMessage(followUp);
    }
  }

  private async converse(): Promise<void> {
    for (;;) {
      this.throwIfCancelled();
      await this.guard?.assertUsable();
      await this.checkBudgets();
      const message = await this.callModel();
      const content = this.plainContent(message.content);
      if (content.length > 0) {
        this.messages.push({ role: 'assistant', content });
        this.emit({ type: 'message', message: { role: 'assistant', content } });
      }
      const uses = toolUsesOf({ role: 'assistant', content });
      if (uses.length > 0) {
        await this.runToolBatch(uses, {}, []);
        continue;
      }
      if (message.stop_reason === 'pause_turn') {
        // A server tool (web search) paused a long turn: sending it back lets the model go on.
        continue;
      }
      if (message.stop_reason === 'max_tokens') {
        this.pushUserMessage([
          { type: 'text', text: 'Your reply was cut off at the output limit. Go on from where it stopped; split large files into several smaller writes.' },
        ]);
        continue;
      }
      return;
    }
  }

  private async callModel(): Promise<Message> {
    await this.waitForMcpOnce();
    await this.compactIfNeeded();
    const request = this.buildRequest();
    const message = await this.send(request);
    return message;
  }

  /** One model call with its usage counted; the estimate tells the shared limiter what is new since the last call. */
  private async send(request: MessageCreateParamsBase): Promise<Message> {
    const promptChars = promptCharsOf(request);
    // With prompt caching only what is new since the last call costs full input.
    const uncached = this.lastPromptChars > 0 ? Math.max(promptChars - this.lastPromptChars, 0) + 200 : promptChars;
    const message = await this.model.call(request, this.tokens.estimate(uncached), this.cancelController.signal);
    this.lastPromptChars = promptChars;
    const u = message.usage;
    this.tokens.calibrate(promptChars, (u.input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0));
    const usage = {
      inputTokens: message.usage.input_tokens ?? 0,
      outputTokens: message.usage.output_tokens ?? 0,
      cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
    };
    const pricing = this.init.provider?.pricing ?? 'anthropic';
    const premium = premiumRequestsFor(this.init.model, pricing);
    const cost = costOfUsage(this.init.model, usage, pricing);
    if (this.model.usageMissing && !this.usageNoticeSent) {
      this.usageNoticeSent = true;
      const label = this.init.provider?.label ?? 'The endpoint';
      this.emit({
        type: 'notice',
        message:
          `Token usage is off: ${label} sent no usage in its stream, so tokens count as 0` +
          (pricing === 'free' ? ' (it is free: $0, 0 premium requests).' : ' and the cost shown is not known; budgets in dollars cannot be enforced.'),
      });
    }
    this.premiumRequests += premium;
    this.costUsd += cost;
    this.emit({ type: 'usage', model: this.init.model, ...usage, premiumRequests: premium, costUsd: cost });
    return message;
  }

  /**
   * The reply's blocks as plain JSON. The SDK parses tool input lazily, and
   * input the model garbled would throw wherever it is read: such input
   * becomes {} here, and the tool call gets an error the model can act on.
   */
  private plainContent(blocks: Message['content']): ContentBlockParam[] {
    return blocks.map((block) => {
      if (block.type !== 'tool_use') {
        try {
          return JSON.parse(JSON.stringify(block)) as ContentBlockParam;
        } catch {
          // Copy without touching the throwing `input` getter.
          const copy: Record<string, unknown> = { input: {} };
          for (const key of Object.keys(block)) if (key !== 'input') copy[key] = (block as unknown as Record<string, unknown>)[key];
          return JSON.parse(JSON.stringify(copy)) as ContentBlockParam;
        }
      }
      let input: unknown;
      try {
        input = JSON.parse(JSON.stringify(block.input ?? {}));
      } catch (error) {
        this.garbledInput.set(block.id, (error as Error).message);
        input = {};
      }
      return { type: 'tool_use', id: block.id, name: block.name, input } as ContentBlockParam;
    });
  }

  /** The request, laid out for the prompt cache (context/requestLayout.ts). */
  buildRequest(): MessageCreateParamsBase {
    const tools: ToolUnion[] = [];
    if (this.init.options.webSearch && this.feature('webSearch')) tools.push({ ...WEB_SEARCH_TOOL } as ToolUnion);
    for (const def of TOOL_DEFINITIONS) tools.push({ name: def.name, description: def.description, input_schema: def.input_schema } as ToolUnion);
    // MCP tools sit beside the agent's own, after them (the built-in prefix stays cacheable).
    for (const tool of this.mcp?.tools() ?? []) {
      tools.push({ name: tool.name, description: tool.description, input_schema: tool.inputSchema } as ToolUnion);
    }
    return layOutRequest({
      model: this.init.model,
      maxTokens: MAX_OUTPUT_TOKENS,
      system: this.systemPrompt,
      tools,
      messages: this.messages,
      // An endpoint without prompt caching gets no cache_control at all.
      promptCaching: this.contextOptions.promptCaching && this.feature('promptCaching'),
    });
  }

  // ---- context compaction (context/compactor.ts) ----

  private get contextOptions() {
    return { ...DEFAULT_CONTEXT_OPTIONS, ...this.init.options.context };
  }

  private estimatedPromptTokens(): number {
    return this.tokens.estimate(promptCharsOf(this.buildRequest()));
  }

  /**
   * Near the context window (or the user's threshold), older tool results are
   * cleared; if that is not enough, older turns are summarized by the model.
   * The log keeps every original message; a `compacted` event records what
   * was done so a resumed agent rebuilds the same compacted conversation.
   */
  private async compactIfNeeded(): Promise<void> {
    const threshold = compactionThreshold(this.contextOptions.compactAtTokens);
    const before = this.estimatedPromptTokens();
    if (before < threshold) return;
    const target = threshold * TARGET_SHARE;
    const compaction: Compaction = { clearedToolUseIds: clearableResults(this.messages) };
    this.applyToConversation(compaction);
    if (this.estimatedPromptTokens() > target) {
      const keptFrom = summaryCut(this.messages);
      // When the newest turns alone are over the threshold (one huge tool input), a summary
      // cannot make the request fit: spare the call, and let the API say the prompt is too long.
      const tailFits = keptFrom !== null && this.tokens.estimate(JSON.stringify(this.messages.slice(keptFrom)).length) < threshold;
      if (keptFrom !== null && tailFits) {
        const text = await this.summarizeOlderTurns();
        compaction.summary = { text, keptFrom };
        this.messages = applyCompaction(this.messages as never, { clearedToolUseIds: [], summary: compaction.summary }) as MessageParam[];
        // The summary replaces every older read: nothing to point back to.
        this.readMemory.forgetAll();
      }
    }
    if (compaction.clearedToolUseIds.length === 0 && !compaction.summary) return;
    this.emit({ type: 'compacted', tokensBefore: before, tokensAfter: this.estimatedPromptTokens(), ...compaction });
  }

  private applyToConversation(compaction: Compaction): void {
    if (compaction.clearedToolUseIds.length === 0) return;
    this.messages = applyCompaction(this.messages as never, { clearedToolUseIds: compaction.clearedToolUseIds }) as MessageParam[];
    this.readMemory.forget(compaction.clearedToolUseIds);
  }

  /** Asks the model for a summary of the conversation so far (no tools), counted like any call. */
  private async summarizeOlderTurns(): Promise<string> {
    const request = this.buildRequest();
    request.messages = [...request.messages, { role: 'user', content: [{ type: 'text', text: SUMMARY_INSTRUCTION }] }];
    const merged = layOutRequest({
      model: this.init.model,
      maxTokens: MAX_OUTPUT_TOKENS,
      system: this.systemPrompt,
      tools: request.tools ?? [],
      messages: request.messages,
      promptCaching: this.contextOptions.promptCaching,
    });
    const reply = await this.send({ ...merged, tool_choice: { type: 'none' } });
    const text = reply.content
      .filter((b): b is Extract<typeof b, { type: 'text' }> => b.type === 'text')
      .map((b) => b.text)
      .join('\n')
      .trim();
    return text || '(The model gave no summary.)';
  }

  private pushUserMessage(content: ContentBlockParam[]): void {
    this.messages.push({ role: 'user', content });
    this.emit({ type: 'message', message: { role: 'user', content } });
  }

  // ---- budgets ----

  private async checkBudgets(): Promise<void> {
    const perRequests = this.init.options.maxRequests;
    while (perRequests != null && this.requestLimit !== null && this.premiumRequests >= this.requestLimit) {
      await this.askToPassBudget(
        `continue past the budget of ${this.requestLimit} premium requests`,
        `budget-requests-${this.requestLimit}`,
        `Stopped at the budget of ${this.requestLimit} premium requests: the person chose not to go on.`,
      );
      this.requestLimit += Math.max(1, perRequests);
    }
    const perCost = this.init.options.maxCostUsd;
    while (perCost != null && this.costLimit !== null && this.costUsd >= this.costLimit) {
      const shown = `$${this.costLimit.toFixed(2)}`;
      await this.askToPassBudget(
        `continue past the budget of ${shown}`,
        `budget-cost-${this.costLimit.toFixed(2)}`,
        `Stopped at the budget of ${shown}: the person chose not to go on.`,
      );
      this.costLimit += Math.max(0.01, perCost);
    }
  }

  private async askToPassBudget(command: string, toolUseId: string, refusal: string): Promise<void> {
    const answer = await cancellable(
      this.host.pause({ kind: 'approval', reason: 'budget', command, toolUseId }),
      this.cancelController.signal,
    );
    if (answer.kind === 'approval' && answer.decision === 'approve') return;
    const feedback = answer.kind === 'approval' && answer.decision === 'reject' ? answer.feedback?.trim() : '';
    throw new BudgetStop(feedback ? `${refusal} (${feedback})` : refusal);
  }

  // ---- tools ----

  /**
   * Runs a batch of tool calls (one step each) and sends their results as one
   * user message. `stored` holds results produced before a resume.
   */
  private async runToolBatch(
    uses: ToolUse[],
    stored: Record<string, { content: string; ok: boolean }>,
    extra: ContentBlockParam[],
  ): Promise<void> {
    const results: ToolResultBlockParam[] = [];
    const guidance: ContentBlockParam[] = [];
    for (const use of uses) {
      const done = stored[use.id];
      if (done) {
        results.push(this.resultBlock(use.id, this.redactor.redact(done.content), done.ok));
        // A stuck question pending when the old process ended is asked again (same id: answered at once if it was).
        const question = this.stuckGuard.record(use.name, use.input, done.ok, done.ok && changesFiles(use.name), done.content);
        if (question) guidance.push(await this.askForGuidance(question, use.id));
        continue;
      }
      this.throwIfCancelled();
      // Not a tool call into a workspace that is gone (a write would even make its folder again).
      await this.guard?.assertUsable();
      const step = ++this.steps;
      this.emit({ type: 'tool_call', tool: use.name, toolUseId: use.id, input: use.input });
      const garbled = this.garbledInput.get(use.id);
      const output = new StreamRedactor(this.redactor);
      const run = garbled
        ? { ok: false, content: `The input for ${use.name} was not valid JSON (${garbled}). Send the call again with valid JSON input.` }
        : isMcpToolName(use.name)
          ? await this.runMcpTool(use, step)
          : await (await this.loadTools()).runTool(use.name, use.input, this.toolContext(step, use, output));
      const heldBack = output.end();
      if (heldBack) this.emit({ type: 'tool_output', tool: use.name, toolUseId: use.id, chunk: heldBack });
      // The joined result is redacted whole (a key split across output chunks is whole here); MCP results too.
      run.content = this.redactor.redact(run.content);
      if (use.name === 'read_file' && run.ok && this.contextOptions.rereadCache) {
        const short = this.readMemory.answer(use.input as { path: string; offset?: number; limit?: number }, run.content, step, use.id);
        if (short) run.content = short;
      }
      const changedPaths = run.changedPaths ?? [];
      for (const changed of changedPaths) this.changedFiles.add(changed);
      this.emit({
        type: 'tool_result',
        tool: use.name,
        toolUseId: use.id,
        ok: run.ok,
        content: run.content,
        ...(changedPaths.length > 0 ? { changedPaths } : {}),
        // The host's completion summary is computed from these (app/summary.ts).
        ...(use.name === 'run_command' ? { command: run.commandRan ?? null, exitCode: run.exitCode ?? null } : {}),
      });
      results.push(this.resultBlock(use.id, run.content, run.ok));
      await this.guard?.assertUsable();

      const question = this.stuckGuard.record(use.name, use.input, run.ok, changedPaths.length > 0, run.content);
      if (question) guidance.push(await this.askForGuidance(question, use.id));
    }
    this.pushUserMessage([...results, ...guidance, ...extra]);
  }

  /** The stuck guard's pause: the person's answer goes to the model as guidance. */
  private async askForGuidance(question: string, toolUseId: string): Promise<ContentBlockParam> {
    this.throwIfCancelled();
    const answer = await cancellable(
      this.host.pause({ kind: 'input', question, toolUseId: `stuck-${toolUseId}` }),
      this.cancelController.signal,
    );
    const text = answer.kind === 'input' ? answer.answer : '';
    return { type: 'text', text: `You were paused because: ${question}\nThe person's guidance: ${text}` };
  }

  /** Feeds the stuck guard the tool calls of earlier processes, so its counts survive a resume. */
  private replayStuckGuard(): void {
    const uses = new Map<string, ToolUse>();
    for (const message of this.init.messages) {
      for (const block of contentBlocks(message) as unknown as Array<Record<string, unknown>>) {
        if (block.type === 'tool_use') uses.set(String(block.id), block as unknown as ToolUse);
        if (block.type !== 'tool_result') continue;
        const use = uses.get(String(block.tool_use_id));
        if (!use) continue;
        const ok = block.is_error !== true;
        // Commands' changes are not in the conversation: count a good one as a change rather than cry wolf.
        const content = typeof block.content === 'string' ? block.content : JSON.stringify(block.content ?? '');
        this.stuckGuard.record(use.name, use.input, ok, ok && (changesFiles(use.name) || use.name === 'run_command'), content);
      }
    }
  }

  private resultBlock(id: string, content: string, ok: boolean): ToolResultBlockParam {
    return ok ? { type: 'tool_result', tool_use_id: id, content } : { type: 'tool_result', tool_use_id: id, content, is_error: true };
  }

  /**
   * The tools (zod schemas, node-pty, minisearch) are not needed for the first
   * model request, and importing them at start-up took about a third of the
   * agent's start time (bench/agentStart.ts): they load on first use, or while
   * the first reply streams in. The search index needs the workspace, known by then.
   */
  private loadTools(): Promise<ToolsModule> {
    this.toolModules ??= (async () => {
      const [tools, { CodebaseIndex }] = await Promise.all([import('./tools/index.js'), import('./tools/codebaseIndex.js')]);
      this.searchIndex = new CodebaseIndex(this.workspace);
      return tools;
    })();
    return this.toolModules;
  }

  /**
   * After a resume, the files earlier processes of this agent wrote with the
   * file tools (from the conversation's tool calls), so an allowed pattern does
   * not vouch for a script changed before the resume either.
   */
  private seedChangedFiles(): void {
    if (this.changedFilesSeeded) return;
    this.changedFilesSeeded = true;
    for (const message of this.init.messages) {
      if (message.role !== 'assistant' || !Array.isArray(message.content)) continue;
      for (const block of message.content as unknown[]) {
        const { type, name, input } = (block ?? {}) as { type?: unknown; name?: unknown; input?: { path?: unknown } };
        if (type !== 'tool_use' || (name !== 'write_file' && name !== 'edit_file') || typeof input?.path !== 'string') continue;
        const relative = path.relative(this.workspace, path.resolve(this.workspace, input.path)).split(path.sep).join('/');
        if (relative && !relative.startsWith('..')) this.changedFiles.add(relative);
      }
    }
  }

  // ---- MCP ----

  /**
   * Sets up the MCP servers. They start at once, unless every one of them has its
   * tools remembered from an earlier start (mcp/mcpToolCache.ts): then the first
   * request goes out with those tools first, and they start when its answer
   * begins (starting them costs the agent's one thread ~100 ms of loading the
   * MCP client and spawning them) or when a call needs one, whichever is first.
   */
  private startMcpServers(): void {
    if (this.init.mcpError) this.emit({ type: 'error', message: `${this.init.mcpError}. The agent goes on without them.` });
    const config = this.init.mcp;
    if (!config || config.servers.length === 0) return;
    this.mcpSetUpAt = Date.now();
    const cacheFile = config.toolCacheFile;
    this.mcpManager = Promise.all([import('./mcp/mcpManager.js'), import('./mcp/mcpToolCache.js')]).then(([{ McpManager }, cache]) => {
      if (this.cancelled) return null;
      const cachedTools = cacheFile ? cache.readCachedTools(cacheFile, config.servers) : undefined;
      this.mcp = new McpManager({
        servers: config.servers,
        policy: config.policy,
        workspace: this.init.workspace,
        emit: (e) => this.emit(e),
        cachedTools,
        onListed: (entry, tools) => {
          const before = cachedTools?.get(entry.name);
          if (cacheFile && !(before && cache.sameTools(before, tools))) cache.writeCachedTools(cacheFile, entry, tools);
        },
      });
      return this.mcp;
    });
    // toolsKnown() starts the servers when one of them is not remembered. A failure to load the
    // client is one error in the stream (startMcpNow); the agent goes on without MCP.
    this.mcpToolsKnown = this.mcpManager.then((m) => m?.toolsKnown()).catch(() => this.startMcpNow());
  }

  /** Starts the MCP servers (once); settles when each has connected or failed. Never rejects. */
  private startMcpNow(): Promise<void> {
    if (!this.mcpManager) return Promise.resolve();
    this.mcpStarted ??= this.mcpManager
      .then((m) => m?.start())
      .catch((error: unknown) => {
        this.emit({ type: 'error', message: `MCP servers could not start: ${(error as Error).message}. The agent goes on without them.` });
      });
    return this.mcpStarted;
  }

  /** The MCP manager once its module has loaded (null: no servers, or cancelled first). */
  private mcpManager: Promise<McpManager | null> | null = null;
  private mcpStarted: Promise<void> | null = null;

  /**
   * The first request waits a moment for the MCP servers (all start at once)
   * whose tools are not remembered from an earlier start; one still starting
   * then does not hold the agent up: its tools join the next request, and the
   * stream says so. A remembered server's tools go in the first request while it
   * starts: a call to one waits for it (runMcpTool).
   */
  private async waitForMcpOnce(): Promise<void> {
    if (!this.mcpToolsKnown || this.mcpWaited) return;
    this.mcpWaited = true;
    let settled = false;
    const known = this.mcpToolsKnown.then(() => {
      settled = true;
    });
    // Counted from when the servers began to start (with the agent's own start-up), not from here: the
    // agent's start-up and theirs overlap, and MCP holds the first request up by at most this much.
    const waitMs = this.init.mcp?.policy.firstRequestWaitMs ?? MCP_DEFAULT_FIRST_REQUEST_WAIT_MS;
    const leftMs = Math.max(0, waitMs - (Date.now() - this.mcpSetUpAt));
    await cancellable(Promise.race([known, new Promise((resolve) => setTimeout(resolve, leftMs).unref())]), this.cancelController.signal);
    if (!settled) {
      const starting = this.mcp?.startingServersWithoutTools() ?? this.init.mcp?.servers.map((s) => s.name) ?? [];
      if (starting.length > 0) {
        this.emit({ type: 'notice', message: `MCP server${starting.length === 1 ? '' : 's'} ${starting.map((n) => `"${n}"`).join(', ')} still starting: the first request goes without ${starting.length === 1 ? 'its' : 'their'} tools; they join as soon as ready.` });
      }
    }
  }

  /** Settles once every MCP server's tools are known (connected, failed, or remembered). */
  private mcpToolsKnown: Promise<void> | null = null;
  /** When startMcpServers ran (the first request's wait for servers is counted from then). */
  private mcpSetUpAt = 0;
  private mcpWaited = false;

  /**
   * One MCP tool call through the approval gate: it needs the person's yes
   * unless the user's policy allows the server or tool (or trusts read-only
   * hints), or the agent runs with approval "auto"; "deny" refuses it.
   */
  private async runMcpTool(use: ToolUse, step: number): Promise<ToolsRunResult> {
    // A relaunched agent may run its last turn's calls before any model call: its server may still be starting.
    if (this.mcpManager && !this.mcp?.findTool(use.name)) await cancellable(this.startMcpNow(), this.cancelController.signal);
    // A tool remembered from an earlier start waits here for its server, and is then taken as that server lists it now.
    const tool = this.mcp ? await cancellable(this.mcp.liveTool(use.name), this.cancelController.signal) : undefined;
    if (!tool || !this.mcp) {
      const names = this.mcp?.tools().map((t) => t.name) ?? [];
      return { ok: false, content: `There is no MCP tool named "${use.name}" running now.${names.length ? ` The MCP tools are: ${names.join(', ')}.` : ''}` };
    }
    const signal = this.cancelController.signal;
    const input = (use.input ?? {}) as Record<string, unknown>;
    if (!mcpCallAllowed(this.init.mcp?.policy ?? {}, use.name, tool.readOnly)) {
      const approval = this.init.options.approval;
      if (approval === 'deny') {
        return { ok: false, content: `The call of ${use.name} was refused: this agent's approval policy refuses MCP tool calls the user has not allowed.` };
      }
      if (approval === 'ask') {
        const answer = await cancellable(
          this.host.pause({
            kind: 'approval',
            reason: 'mcp',
            command: `${use.name} ${JSON.stringify(input)}`,
            toolUseId: use.id,
            detail: `calls the tool "${tool.tool}" of the MCP server "${tool.server}"`,
          }),
          signal,
        );
        if (answer.kind === 'approval' && answer.decision === 'reject') {
          const feedback = answer.feedback?.trim();
          return { ok: false, content: `The user refused this call of ${use.name}.${feedback ? ` Their feedback: ${feedback}` : ' Do not call it again; find another way or ask the user.'}` };
        }
      }
    }
    // A tool that may write could change the workspace: the host tracks it like a command.
    const tracked = tool.readOnly !== true;
    if (!tracked) return this.mcp.call(tool, input, signal);
    await this.host.beforeCommand({ step, command: use.name });
    const outcome = await this.mcp.call(tool, input, signal).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    const { changedPaths } = await this.host.afterCommand({ step, command: use.name, pid: null }).catch(() => ({ changedPaths: [] as string[] }));
    if ('error' in outcome) throw outcome.error;
    return changedPaths.length > 0 ? { ...outcome.result, changedPaths } : outcome.result;
  }

  /** Says once, at the start, which provider features are off and why. */
  private announceMissingFeatures(): void {
    const provider = this.init.provider;
    if (!provider || this.init.stepsSoFar > 0) return;
    for (const { feature, why } of missingFeatures(provider)) {
      if (feature === 'webSearch' && !this.init.options.webSearch) continue;
      this.emit({ type: 'notice', message: `${why[0]!.toUpperCase()}${why.slice(1)}; the agent goes on without it.` });
    }
  }

  private feature(name: keyof ProviderFeatures): boolean {
    return this.init.provider?.features[name] ?? true;
  }

  /** Synchronous last resort for the process's 'exit' handler. */
  killMcpNow(): void {
    this.mcp?.killNow();
  }

  private toolContext(step: number, use: ToolUse, output: StreamRedactor): ToolContext {
    this.seedChangedFiles();
    const signal = this.cancelController.signal;
    const host = this.host;
    // Waiting for a person ends when the agent is cancelled.
    const toolHost = new Proxy(host, {
      get(target, name) {
        if (name === 'pause') return (item: Parameters<AgentHostService['pause']>[0]) => cancellable(target.pause(item), signal);
        return Reflect.get(target, name);
      },
    });
    return {
      workspace: this.workspace,
      options: this.init.options,
      host: toolHost,
      step,
      toolUseId: use.id,
      // The pty runner batches output already. Redacted as a stream: a secret split across chunks is held back until whole.
      emitOutput: (chunk) => {
        const safe = output.push(chunk);
        if (safe) this.emit({ type: 'tool_output', tool: use.name, toolUseId: use.id, chunk: safe });
      },
      processGroups: this.processGroups,
      searchIndex: this.searchIndex,
      cancelSignal: signal,
      changedFiles: this.changedFiles,
      notice: (message) => {
        if (this.noticesGiven.has(message)) return;
        this.noticesGiven.add(message);
        this.emit({ type: 'notice', message });
      },
      protectedPaths: this.init.protectedPaths ?? [],
      watchWorkspace: (onFault) => this.guard?.watch(onFault) ?? (() => {}),
    };
  }

  // ---- plumbing ----

  private throwIfCancelled(): void {
    if (this.cancelled) throw new CancelledError();
  }

  /** Events go out in order without waiting; a lost supervisor is noticed elsewhere. */
  private emit(event: AgentEmittedEvent): void {
    void this.host.emit(event).catch(() => undefined);
  }

  private async finish(status: AgentStatus, error?: string): Promise<AgentStatus> {
    await Promise.all([this.processGroups.killAll(500), this.mcp?.close()]);
    // The host writes `finished` with the summary it computes from the log.
    const event: AgentEmittedEvent = { type: 'finished', status, ...(error ? { error } : {}) };
    try {
      await this.host.emit(event);
    } catch {
      // The supervisor is gone; it will see the process end.
    }
    return status;
  }
}
