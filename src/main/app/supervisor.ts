// The supervisor: owns every agent of one workspace. An agent's state is the
// fold of its event log (reduceAgent.ts); the supervisor is the single writer
// of each log it holds the lock of. It creates agents, queues them beyond the
// concurrency limit, launches their processes, serves each process the
// AgentHostService (events, rate limit, pauses, review hooks), and turns a
// process's end into the agent's outcome.
//
// Several OS processes may look at one workspace (a host server, foreground
// `offload run`s, `offload list` in another terminal). Only the one holding an
// agent's lock writes its log; the others read it from disk when asked.

import {
  isPaused,
  isSettled,
  type AgentOptions,
  type AgentRecord,
  type AgentStatus,
  type AgentSummary,
  type PendingItem,
} from '../../shared/agent.js';
import type {
  AgentHostService,
  AgentInit,
  PauseAnswer,
  RateLimitObservation,
  RateLimitRequest,
  WriteIntent,
} from '../../shared/contract/agentHost.js';
import type { AgentEvent, AgentEventBody } from '../../shared/events.js';
import { applyEvent, emptyRecord, reduceAgent, withElapsed } from '../../shared/reduceAgent.js';
import type { Settings } from '../../shared/settings.js';
import { rebuildConversation } from '../../shared/conversation.js';
import type { AgentLauncher } from '../launch/launcher.js';
import { scrubbedChildEnv } from '../launch/childEnv.js';
import { AgentRun, describeExit } from './agentRun.js';
import { CANCEL_POLL_MS, clearCancelRequest, takeCancelRequest, writeCancelRequest } from './cancelRequests.js';
import { errorCode, errorMessage, hostError } from './hostErrors.js';
import type { EventLogPort, RateLimitPort, ReviewPort } from './ports.js';
import { readRulesFile } from './rulesFile.js';
import { monthlyBudgetOf, monthlyBudgetPause, monthlyBudgetRefusal } from './monthlyBudget.js';
import type { MonthlyBudget } from '../../shared/rateLimits.js';
import { summaryFromEvents } from './summary.js';

export const INTERRUPTED_REASON = 'interrupted: the host stopped while it was running';
/** How long a cancelled agent has to reach its step boundary before it is killed. */
const CANCEL_GRACE_MS = 10_000;
/** How long a finished agent's process may take to exit on its own. */
const EXIT_AFTER_FINISH_MS = 3_000;

export interface SupervisorOptions {
  workspace: string;
  stateDir: string;
  log: EventLogPort;
  review: ReviewPort;
  rateLimits: RateLimitPort;
  launcher: AgentLauncher;
  /** Absolute path of the compiled agent entry. */
  agentEntry: string;
  settings: () => Settings;
  /** The host's environment (the children get it minus secrets). */
  env: Record<string, string | undefined>;
  /** The API key, or null when none is set anywhere. */
  apiKey: () => Promise<string | null>;
  /** The model when neither the agent's options nor the settings name one. */
  defaultModel: (apiKey: string, baseUrl: string | undefined) => Promise<string>;
  createName: (taken: Set<string>) => string;
  newAgentId: () => string;
  /**
   * End a paused agent's process (and free its lock) instead of keeping it
   * waiting: a foreground CLI exits at a pause, and the answer may come from
   * another process (`offload reply`). A long-lived host keeps it waiting.
   */
  endProcessOnPause: boolean;
  debug?: (line: string) => void;
}

export interface SupervisorListener {
  onEvent?(event: AgentEvent): void;
  onRecord?(record: AgentRecord): void;
}

interface AgentSlot {
  id: string;
  record: AgentRecord;
  /** Set while this supervisor holds the agent's lock (and so writes its log). */
  releaseLock: (() => void | Promise<void>) | null;
  run: AgentRun | null;
  /** The process's answer-waiter while it is paused (long-lived hosts). */
  waitingAnswer: { toolUseId: string; resolve: (answer: PauseAnswer) => void } | null;
  /** Text for the next process's first user turn (review feedback). */
  followUp?: string;
  cancelRequested: boolean;
  finishedWritten: boolean;
  /** Between leaving the queue and having a process: counts against the concurrency limit. */
  launching: boolean;
  /** tool_use ids already logged as tool_call events. */
  toolCallIds: Set<string>;
  /** Appends are serialised per agent so seq order is the order of calls. */
  appendChain: Promise<unknown>;
}

const LAUNCHABLE_AFTER: readonly AgentStatus[] = ['failed', 'cancelled'];

export class Supervisor {
  private readonly slots = new Map<string, AgentSlot>();
  private readonly queue: string[] = [];
  private readonly listeners = new Set<SupervisorListener>();
  private pollTimer: NodeJS.Timeout | null = null;
  private disposing = false;

  constructor(private readonly options: SupervisorOptions) {}

  // ---------------------------------------------------------------- lifecycle

  /** Loads every agent of the workspace and marks the ones a dead host left running as interrupted. */
  async init(): Promise<void> {
    for (const id of await this.options.log.listAgentIds()) await this.markIfInterrupted(await this.loadSlot(id));
    this.pollTimer = setInterval(() => this.pollCancelRequests(), CANCEL_POLL_MS);
    this.pollTimer.unref?.();
  }

  /**
   * An agent that reads as running (or queued, or holding a process) while no
   * live process holds its lock was left behind by a host that died: it is
   * recorded as failed (interrupted), so `resume` can continue it. Paused
   * agents stay paused: an answer continues them.
   */
  private async markIfInterrupted(slot: AgentSlot): Promise<void> {
    if (slot.releaseLock || slot.run) return;
    const status = slot.record.status;
    if (status !== 'running' && status !== 'queued' && !(isPaused(status) && slot.record.pid !== null)) return;
    // Still held by a live process: it is not ours to judge.
    const release = await this.tryLock(slot.id);
    if (!release) return;
    slot.releaseLock = release;
    try {
      await this.refreshFromLog(slot);
      const now = slot.record.status;
      if (slot.record.pid !== null) await this.append(slot, { type: 'process', pid: null, reason: 'the host stopped' });
      if (now === 'running' || now === 'queued') await this.append(slot, { type: 'status', status: 'failed', reason: INTERRUPTED_REASON });
    } finally {
      await this.unlock(slot);
    }
  }

  on(listener: SupervisorListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends every process this supervisor runs; running agents read as interrupted, paused ones stay paused. */
  async dispose(): Promise<void> {
    if (this.disposing) return;
    this.disposing = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.queue.length = 0;
    const exits: Promise<unknown>[] = [];
    for (const slot of this.slots.values()) {
      if (slot.run) {
        slot.run.kill(1_000);
        exits.push(slot.run.exit);
      }
    }
    await Promise.race([Promise.all(exits), delay(5_000)]);
    for (const slot of this.slots.values()) {
      await slot.appendChain.catch(() => {});
      if (slot.releaseLock && !slot.run) {
        // Queued agents that never got a process: they too were interrupted.
        if (slot.record.status === 'queued' || slot.record.status === 'running') {
          await this.append(slot, { type: 'status', status: 'failed', reason: INTERRUPTED_REASON }).catch(() => {});
        }
        await this.unlock(slot);
      }
    }
  }

  // ---------------------------------------------------------------- reading

  async listAgents(): Promise<AgentRecord[]> {
    for (const id of await this.options.log.listAgentIds()) {
      if (!this.slots.has(id)) await this.loadSlot(id);
    }
    const records: AgentRecord[] = [];
    for (const slot of this.slots.values()) {
      const record = await this.currentRecord(slot);
      if (!slot.releaseLock && (record.status === 'running' || record.status === 'queued')) {
        // Driven elsewhere: if that process died since, say so now rather than at our next start.
        await this.markIfInterrupted(slot);
        records.push(withElapsed(slot.record));
      } else records.push(record);
    }
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  async getAgent(id: string): Promise<AgentRecord> {
    return this.currentRecord(await this.slotOf(id));
  }

  async getEvents(id: string, afterSeq = 0): Promise<AgentEvent[]> {
    await this.slotOf(id);
    const events = await this.options.log.read(id);
    return events.filter((e) => e.seq > afterSeq);
  }

  /** True while this supervisor drives the agent (holds its lock). */
  drives(id: string): boolean {
    return Boolean(this.slots.get(id)?.releaseLock);
  }

  // ---------------------------------------------------------------- creating

  async startAgents(prompts: string[], requested: Partial<AgentOptions> = {}): Promise<AgentRecord[]> {
    const cleaned = prompts.map((p) => p.trim()).filter(Boolean);
    if (cleaned.length === 0) throw hostError('BAD_INPUT', 'Give at least one non-empty prompt.');
    await this.requireApiKey();
    await this.listAgents();
    const taken = new Set([...this.slots.values()].map((s) => s.record.name));
    const options = this.agentOptions(requested);
    const created: AgentRecord[] = [];
    for (const prompt of cleaned) {
      const id = this.options.newAgentId();
      const name = this.options.createName(taken);
      taken.add(name);
      const slot = this.newSlot(id, emptyRecord(id));
      this.slots.set(id, slot);
      slot.releaseLock = await this.options.log.lock(id);
      await this.append(slot, { type: 'started', name, prompt, options, workspace: this.options.workspace });
      await this.append(slot, { type: 'status', status: 'queued' });
      this.queue.push(id);
      created.push(withElapsed(slot.record));
    }
    this.pump();
    return created;
  }

  private agentOptions(requested: Partial<AgentOptions>): AgentOptions {
    const s = this.options.settings();
    return {
      model: requested.model ?? s.defaultModel ?? undefined,
      approval: requested.approval ?? s.approval,
      maxRequests: requested.maxRequests ?? s.maxRequestsPerAgent ?? undefined,
      maxCostUsd: requested.maxCostUsd ?? s.maxCostPerAgentUsd ?? undefined,
      doneWhen: requested.doneWhen,
      scope: requested.scope ?? [],
      allowedCommands: [...new Set([...s.allowedCommands, ...(requested.allowedCommands ?? [])])],
      webSearch: requested.webSearch ?? s.webSearch,
      mode: requested.mode ?? 'background',
    };
  }

  // ---------------------------------------------------------------- answers

  async reply(id: string, text: string): Promise<void> {
    const { slot, record, pending } = await this.pausedAgent(id, 'paused_input');
    if (pending.kind !== 'input') throw hostError('BAD_STATE', `${label(record)} is not waiting for input.`);
    await this.answer(slot, { type: 'answered', kind: 'input', toolUseId: pending.toolUseId, answer: text }, {
      kind: 'input',
      answer: text,
    });
  }

  async approve(id: string, command?: string): Promise<void> {
    const { slot, record, pending } = await this.pausedAgent(id, 'paused_approval');
    if (pending.kind !== 'approval') throw hostError('BAD_STATE', `${label(record)} is not waiting for approval.`);
    const edited = command?.trim() ? command.trim() : undefined;
    await this.answer(
      slot,
      { type: 'answered', kind: 'approval', toolUseId: pending.toolUseId, decision: edited ? 'edit' : 'approve', command: edited ?? pending.command },
      { kind: 'approval', decision: 'approve', command: edited },
    );
  }

  async deny(id: string, feedback?: string): Promise<void> {
    const { slot, pending, record } = await this.pausedAgent(id, 'paused_approval');
    if (pending.kind !== 'approval') throw hostError('BAD_STATE', `${label(record)} is not waiting for approval.`);
    const text = feedback?.trim() ? feedback.trim() : undefined;
    await this.answer(
      slot,
      { type: 'answered', kind: 'approval', toolUseId: pending.toolUseId, decision: 'reject', feedback: text },
      { kind: 'approval', decision: 'reject', feedback: text },
    );
  }

  /**
   * The agent, checked to be paused the right way. Unless a live process of
   * ours waits for the answer, this takes the agent's lock first, so a second
   * process gets the clear "driven by another process" error.
   */
  private async pausedAgent(id: string, status: 'paused_input' | 'paused_approval') {
    const slot = await this.slotOf(id);
    const tookLock = slot.waitingAnswer && slot.run ? false : await this.takeOver(slot);
    const record = withElapsed(slot.record);
    const pending = record.pending;
    if (record.status !== status || !pending) {
      if (tookLock) await this.unlock(slot);
      const what = status === 'paused_input' ? 'input' : 'approval';
      throw hostError('BAD_STATE', `${label(record)} is not waiting for ${what} (it is ${record.status}).`);
    }
    return { slot, record, pending };
  }

  /**
   * Records the answer. A process waiting in pause() gets it at once; else the
   * agent is relaunched from its log and its process finds the answer recorded
   * when it asks again (see pause()).
   */
  private async answer(slot: AgentSlot, event: AgentEventBody, answer: PauseAnswer): Promise<void> {
    if (slot.waitingAnswer && slot.run && !slot.run.hasExited) {
      const waiter = slot.waitingAnswer;
      slot.waitingAnswer = null;
      await this.append(slot, event);
      await this.append(slot, { type: 'status', status: 'running' });
      waiter.resolve(answer);
      return;
    }
    await this.requireApiKey();
    await this.takeOver(slot);
    await this.append(slot, event);
    await this.enqueue(slot);
  }

  // ---------------------------------------------------------------- resume / continue / cancel

  async resume(id: string): Promise<void> {
    const slot = await this.slotOf(id);
    const tookLock = slot.run ? false : await this.takeOver(slot);
    const record = withElapsed(slot.record);
    if (!LAUNCHABLE_AFTER.includes(record.status)) {
      if (tookLock) await this.unlock(slot);
      const hint = isPaused(record.status)
        ? ` It is paused: answer it with \`offload reply ${id} "..."\`, \`offload approve ${id}\` or \`offload deny ${id}\`.`
        : '';
      throw hostError('BAD_STATE', `${label(record)} cannot be resumed: it is ${record.status}.${hint}`);
    }
    await this.requireApiKey();
    await this.takeOver(slot);
    await this.enqueue(slot);
  }

  /**
   * Continues an agent that is not running with an extra user turn (review
   * feedback). A running agent keeps going; its next relaunch carries the text.
   */
  async continueWith(id: string, followUp: string): Promise<boolean> {
    const slot = await this.slotOf(id);
    const record = await this.currentRecord(slot);
    if (slot.run || record.status === 'running' || record.status === 'queued' || isPaused(record.status)) {
      // Running, queued or paused: the next process of the agent carries the text.
      slot.followUp = joinFollowUps(slot.followUp, followUp);
      return false;
    }
    await this.requireApiKey();
    await this.takeOver(slot);
    slot.followUp = joinFollowUps(slot.followUp, followUp);
    await this.enqueue(slot);
    return true;
  }

  async cancel(id: string): Promise<void> {
    const slot = await this.slotOf(id);
    const record = await this.currentRecord(slot);
    if (isSettled(record.status)) return;
    if (slot.launching && !slot.run) {
      slot.cancelRequested = true; // launch() sees it before starting a process
      return;
    }
    if (slot.run && !slot.run.hasExited) {
      if (slot.cancelRequested) return;
      slot.cancelRequested = true;
      if (slot.waitingAnswer || isPaused(slot.record.status)) {
        // Paused: no step boundary will come; end it now.
        slot.waitingAnswer = null;
        slot.run.kill(1_000);
        return;
      }
      slot.run.agent.call.cancel().catch(() => {});
      const run = slot.run;
      const timer = setTimeout(() => run.kill(1_000), CANCEL_GRACE_MS);
      timer.unref?.();
      void run.exit.then(() => clearTimeout(timer));
      return;
    }
    // Not running here: queued, parked at a pause, or ended. Write it, if we may.
    if (!slot.releaseLock) {
      const release = await this.tryLock(id);
      if (!release) {
        // Another process drives it: leave it a request (see cancelRequests.ts).
        writeCancelRequest(this.options.stateDir, id);
        return;
      }
      slot.releaseLock = release;
      await this.refreshFromLog(slot);
    }
    const index = this.queue.indexOf(id);
    if (index >= 0) this.queue.splice(index, 1);
    await this.writeFinished(slot, 'cancelled');
    await this.settle(slot);
  }

  // ---------------------------------------------------------------- queue and launch

  private async enqueue(slot: AgentSlot): Promise<void> {
    slot.cancelRequested = false;
    slot.finishedWritten = false;
    clearCancelRequest(this.options.stateDir, slot.id);
    await this.append(slot, { type: 'status', status: 'queued' });
    if (!this.queue.includes(slot.id)) this.queue.push(slot.id);
    this.pump();
  }

  private activeCount(): number {
    let n = 0;
    for (const slot of this.slots.values()) if (slot.launching || (slot.run && !isPaused(slot.record.status))) n++;
    return n;
  }

  private pump(): void {
    if (this.disposing) return;
    const limit = Math.max(1, Math.floor(this.options.settings().concurrency || 1));
    for (const id of [...this.queue]) {
      if (this.activeCount() >= limit) break;
      const slot = this.slots.get(id);
      // Its previous process is still on its way out: it launches when that exit is recorded.
      if (slot && (slot.run || slot.launching)) continue;
      this.queue.splice(this.queue.indexOf(id), 1);
      if (!slot) continue;
      slot.launching = true;
      void this.launch(slot)
        .finally(() => {
          slot.launching = false;
        })
        .catch(async (error) => {
          this.options.debug?.(`launch of ${id} failed: ${errorMessage(error)}`);
          await this.writeFinished(slot, 'failed', `could not start the agent process: ${errorMessage(error)}`).catch(() => {});
          await this.settle(slot);
        });
    }
  }

  private async launch(slot: AgentSlot): Promise<void> {
    const apiKey = await this.options.apiKey();
    if (!apiKey) throw hostError('NO_API_KEY', noKeyMessage());
    const baseUrl = this.options.env.ANTHROPIC_BASE_URL || undefined;
    const events = await this.options.log.read(slot.id);
    const record = reduceAgent(slot.id, events);
    slot.toolCallIds = new Set(events.flatMap((e) => (e.type === 'tool_call' ? [e.toolUseId] : [])));
    const model = record.options.model ?? this.options.settings().defaultModel ?? (await this.options.defaultModel(apiKey, baseUrl));
    const conversation = rebuildConversation(events);
    const rules = await readRulesFile(this.options.workspace);
    if (this.disposing) return;
    if (slot.cancelRequested) {
      // Cancelled while its launch was being prepared.
      await this.writeFinished(slot, 'cancelled');
      await this.settle(slot);
      return;
    }

    const run = new AgentRun({
      launcher: this.options.launcher,
      entry: this.options.agentEntry,
      workspace: this.options.workspace,
      env: scrubbedChildEnv(this.options.env),
      displayName: `offload agent ${record.name}`,
      hostService: this.hostServiceFor(slot),
    });
    slot.run = run;
    slot.waitingAnswer = null;
    void run.exit.then((exit) => this.onProcessExit(slot, run, describeExit(exit), exit));

    await this.append(slot, { type: 'process', pid: run.pid });
    if (record.model !== model) await this.append(slot, { type: 'model', model });
    await this.append(slot, { type: 'status', status: 'running' });

    const followUp = slot.followUp;
    slot.followUp = undefined;
    const init: AgentInit = {
      agentId: slot.id,
      name: record.name,
      prompt: record.prompt,
      workspace: this.options.workspace,
      model,
      apiKey,
      baseUrl,
      options: { ...record.options, model },
      messages: conversation.messages,
      completedToolResults: conversation.completedToolResults,
      stepsSoFar: record.steps,
      // Budgets count what earlier processes of this agent already spent.
      usageSoFar: { premiumRequests: record.premiumRequests, costUsd: record.costUsd },
      followUp,
      rules,
    };
    run.agent.call.start(init).catch((error) => {
      if (run.hasExited) return;
      this.options.debug?.(`start of ${slot.id} failed: ${errorMessage(error)}`);
      void this.append(slot, { type: 'error', message: `The agent could not start: ${errorMessage(error)}` }).catch(() => {});
      run.kill(500);
    });
  }

  private async onProcessExit(slot: AgentSlot, run: AgentRun, why: string, exit: { code: number | null; signal: string | null; reason?: string }): Promise<void> {
    if (slot.run !== run) return;
    slot.waitingAnswer = null;
    try {
      await this.append(slot, { type: 'process', pid: null, exitCode: exit.code, signal: exit.signal, reason: exit.reason });
      const status = slot.record.status;
      if (slot.finishedWritten || isSettled(status)) {
        // It said it finished: the normal end.
      } else if (slot.cancelRequested) {
        await this.writeFinished(slot, 'cancelled');
      } else if (isPaused(status)) {
        // Parked at a pause: the answer relaunches it.
      } else if (this.disposing) {
        await this.append(slot, { type: 'status', status: 'failed', reason: INTERRUPTED_REASON });
      } else {
        await this.writeFinished(slot, 'failed', why);
      }
    } catch (error) {
      this.options.debug?.(`recording the end of ${slot.id} failed: ${errorMessage(error)}`);
    }
    slot.run = null;
    if (!this.queue.includes(slot.id)) await this.settle(slot);
    this.pump();
  }

  /** After an agent's process is gone for good (or it never had one): free its leases and lock. */
  private async settle(slot: AgentSlot): Promise<void> {
    if (slot.run) return;
    if (isSettled(slot.record.status)) {
      try {
        await this.options.review.releaseLeases(slot.id);
      } catch (error) {
        this.options.debug?.(`releasing leases of ${slot.id} failed: ${errorMessage(error)}`);
      }
    }
    if (slot.releaseLock && (isSettled(slot.record.status) || isPaused(slot.record.status) || this.disposing)) {
      await this.unlock(slot);
    }
  }

  /**
   * Writes the agent's `finished` (once). The files changed come from the
   * review; the commands and tests from what the process reported, else from the log.
   */
  private async writeFinished(
    slot: AgentSlot,
    status: AgentStatus,
    error?: string,
    reported?: Partial<Pick<AgentSummary, 'commandsRun' | 'testsRun'>>,
  ): Promise<void> {
    if (slot.finishedWritten) return;
    slot.finishedWritten = true;
    const events = await this.options.log.read(slot.id);
    const fromLog = summaryFromEvents(events, await this.filesChanged(slot.id));
    const summary: AgentSummary = {
      filesChanged: fromLog.filesChanged,
      commandsRun: reported?.commandsRun?.length ? reported.commandsRun : fromLog.commandsRun,
      testsRun: reported?.testsRun?.length ? reported.testsRun : fromLog.testsRun,
    };
    await this.append(slot, { type: 'finished', status, summary, ...(error ? { error } : {}) });
  }

  private async filesChanged(id: string) {
    try {
      return await this.options.review.listChanges(id);
    } catch (error) {
      this.options.debug?.(`listing changes of ${id} failed: ${errorMessage(error)}`);
      return [];
    }
  }

  // ---------------------------------------------------------------- the agent's calls

  /** This month's premium requests against the monthly budget (all agents this supervisor knows). */
  monthlyBudget(): MonthlyBudget {
    return monthlyBudgetOf(this.options.settings(), [...this.slots.values()].map((s) => s.record));
  }

  private hostServiceFor(slot: AgentSlot): AgentHostService {
    const id = slot.id;
    const review = this.options.review;
    const service: AgentHostService = {
      acquireRateLimit: async (request: RateLimitRequest) => {
        const budgetPause = monthlyBudgetPause(this.monthlyBudget());
        if (budgetPause) {
          const answer = await service.pause(budgetPause);
          if (answer.kind !== 'approval' || answer.decision !== 'approve') {
            const feedback = answer.kind === 'approval' && answer.decision === 'reject' ? answer.feedback?.trim() : '';
            const refusal = monthlyBudgetRefusal(this.options.settings().monthlyPremiumRequests ?? 0);
            throw hostError('BUDGET_STOP', feedback ? `${refusal} (${feedback})` : refusal);
          }
        }
        await this.options.rateLimits.acquire(
          id,
          {
            inputTokens: request.inputTokens,
            outputTokens: request.outputTokens,
            model: slot.record.model ?? undefined,
            priority: slot.record.options.mode === 'interactive' ? 'interactive' : 'background',
          },
          {
            signal: slot.run?.ended.signal,
            onWait: (untilMs, reason) => {
              void this.append(slot, { type: 'rate_limited', until: new Date(untilMs).toISOString(), reason }).catch(() => {});
            },
          },
        );
      },
      reportRateLimit: async (observation: RateLimitObservation) => {
        this.options.rateLimits.observe(observation, id, slot.record.model ?? undefined);
      },
      emit: async (body: AgentEventBody) => {
        if (body.type === 'finished') {
          if (slot.finishedWritten) return;
          await this.writeFinished(slot, body.status, body.error, body.summary);
          // The process should now exit by itself; make sure it does.
          const run = slot.run;
          if (run) {
            const timer = setTimeout(() => run.kill(1_000), EXIT_AFTER_FINISH_MS);
            timer.unref?.();
            void run.exit.then(() => clearTimeout(timer));
          }
          return;
        }
        if (body.type === 'started') return; // only the supervisor writes `started`
        if (body.type === 'tool_call') {
          // A relaunched agent calls again the tools its last turn left without a
          // result (e.g. the ask_user just answered): one step, logged once.
          if (slot.toolCallIds.has(body.toolUseId)) return;
          slot.toolCallIds.add(body.toolUseId);
        }
        await this.append(slot, body);
      },
      pause: async (item: PendingItem): Promise<PauseAnswer> => {
        const recorded = await this.recordedAnswer(id, item.toolUseId);
        if (recorded) {
          if (slot.record.status !== 'running') await this.append(slot, { type: 'status', status: 'running' });
          return recorded;
        }
        if (slot.cancelRequested) throw hostError('BAD_STATE', 'The agent was cancelled.');
        await this.append(slot, { type: 'paused', ...item } as AgentEventBody);
        await this.append(slot, { type: 'status', status: item.kind === 'input' ? 'paused_input' : 'paused_approval' });
        this.pump(); // a paused agent does not hold a concurrency slot
        if (this.options.endProcessOnPause) {
          // The process ends; the answer will relaunch the agent from its log.
          slot.run?.kill(1_000);
          return new Promise<PauseAnswer>(() => {});
        }
        return new Promise<PauseAnswer>((resolve) => {
          slot.waitingAnswer = { toolUseId: item.toolUseId, resolve };
        });
      },
      beforeWrite: async (intent: WriteIntent) => {
        await review.beforeWrite(id, intent.paths, intent.step);
      },
      afterWrite: async (intent: WriteIntent) => {
        await review.afterWrite(id, intent.paths, intent.step);
        for (const path of intent.paths) await this.append(slot, { type: 'file_changed', path, step: intent.step });
      },
      beforeCommand: async (info: { step: number; command: string }) => {
        await review.beforeCommand(id, info.step);
      },
      afterCommand: async (info: { step: number; command: string; pid: number | null }) => {
        const changedPaths = (await review.afterCommand(id, info.step)) ?? [];
        for (const path of changedPaths) await this.append(slot, { type: 'file_changed', path, step: info.step });
        return { changedPaths };
      },
      commandStarted: async (info: { pid: number }) => {
        slot.run?.commandStarted(info.pid);
      },
      commandEnded: async (info: { pid: number }) => {
        slot.run?.commandEnded(info.pid);
      },
    };
    return service;
  }

  /** An answer already in the log for this pause (given while no process ran). */
  private async recordedAnswer(id: string, toolUseId: string): Promise<PauseAnswer | null> {
    const events = await this.options.log.read(id);
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i]!;
      if (event.type !== 'answered' || event.toolUseId !== toolUseId) continue;
      if (event.kind === 'input') return { kind: 'input', answer: event.answer ?? '' };
      if (event.decision === 'reject') return { kind: 'approval', decision: 'reject', feedback: event.feedback };
      return { kind: 'approval', decision: 'approve', command: event.decision === 'edit' ? event.command : undefined };
    }
    return null;
  }

  // ---------------------------------------------------------------- log and locks

  /** Appends an event as the agent's single writer and tells the listeners. */
  async append(slot: AgentSlot, body: AgentEventBody): Promise<AgentEvent> {
    const next = slot.appendChain.then(async () => {
      const event = await this.options.log.append(slot.id, body);
      slot.record = applyEvent(slot.record, event);
      const record = withElapsed(slot.record);
      for (const listener of this.listeners) {
        try {
          listener.onEvent?.(event);
          listener.onRecord?.(record);
        } catch (error) {
          this.options.debug?.(`listener failed: ${errorMessage(error)}`);
        }
      }
      return event;
    });
    slot.appendChain = next.catch(() => {});
    return next;
  }

  /** Appends an event to an agent this supervisor may write (review actions). */
  async appendFor(id: string, body: AgentEventBody): Promise<void> {
    const slot = await this.slotOf(id);
    if (slot.releaseLock) {
      await this.append(slot, body);
      return;
    }
    const release = await this.tryLock(id);
    if (!release) return; // another process writes it; the review itself is on disk
    slot.releaseLock = release;
    try {
      await this.refreshFromLog(slot);
      await this.append(slot, body);
    } finally {
      await this.unlock(slot);
    }
  }

  /**
   * Takes the agent's lock for driving it (true when taken now, false when
   * already ours); a clear error when another process drives it.
   */
  private async takeOver(slot: AgentSlot): Promise<boolean> {
    if (slot.releaseLock) return false;
    try {
      slot.releaseLock = await this.options.log.lock(slot.id);
    } catch (error) {
      if (errorCode(error) === 'AGENT_BUSY') {
        throw hostError('AGENT_BUSY', errorMessage(error));
      }
      throw error;
    }
    await this.refreshFromLog(slot);
    return true;
  }

  private async tryLock(id: string): Promise<(() => void | Promise<void>) | null> {
    try {
      return await this.options.log.lock(id);
    } catch (error) {
      if (errorCode(error) === 'AGENT_BUSY') return null;
      throw error;
    }
  }

  private async unlock(slot: AgentSlot): Promise<void> {
    const release = slot.releaseLock;
    slot.releaseLock = null;
    try {
      await release?.();
    } catch (error) {
      this.options.debug?.(`releasing the lock of ${slot.id} failed: ${errorMessage(error)}`);
    }
  }

  private pollCancelRequests(): void {
    for (const slot of this.slots.values()) {
      if (!slot.releaseLock) continue;
      if (takeCancelRequest(this.options.stateDir, slot.id)) void this.cancel(slot.id).catch(() => {});
    }
  }

  // ---------------------------------------------------------------- slots

  private newSlot(id: string, record: AgentRecord): AgentSlot {
    return {
      id,
      record,
      releaseLock: null,
      run: null,
      waitingAnswer: null,
      cancelRequested: false,
      finishedWritten: false,
      launching: false,
      toolCallIds: new Set(),
      appendChain: Promise.resolve(),
    };
  }

  private async loadSlot(id: string): Promise<AgentSlot> {
    const events = await this.options.log.read(id);
    const slot = this.newSlot(id, reduceAgent(id, events));
    this.slots.set(id, slot);
    return slot;
  }

  private async refreshFromLog(slot: AgentSlot): Promise<void> {
    slot.record = reduceAgent(slot.id, await this.options.log.read(slot.id));
  }

  private async slotOf(id: string): Promise<AgentSlot> {
    const existing = this.slots.get(id);
    if (existing) return existing;
    const ids = await this.options.log.listAgentIds();
    const match = ids.includes(id) ? id : ids.filter((candidate) => candidate.startsWith(id));
    if (typeof match === 'string') return this.loadSlot(match);
    if (match.length === 1) return this.slots.get(match[0]!) ?? this.loadSlot(match[0]!);
    if (match.length > 1) throw hostError('BAD_INPUT', `"${id}" matches several agents: ${match.join(', ')}.`);
    throw hostError('NOT_FOUND', `No agent "${id}" in ${this.options.workspace}. \`offload list\` shows its agents.`);
  }

  /** The record as it is now: ours from memory, others' from their log on disk. */
  private async currentRecord(slot: AgentSlot): Promise<AgentRecord> {
    if (!slot.releaseLock) await this.refreshFromLog(slot);
    return withElapsed(slot.record);
  }

  private async requireApiKey(): Promise<void> {
    if (!(await this.options.apiKey())) throw hostError('NO_API_KEY', noKeyMessage());
  }
}

export function noKeyMessage(): string {
  return 'No Anthropic API key is set. Set the ANTHROPIC_API_KEY environment variable, or save a key in the app\'s Settings, then try again.';
}

function label(record: AgentRecord): string {
  return record.name ? `Agent ${record.name} (${record.id})` : `Agent ${record.id}`;
}

function joinFollowUps(a: string | undefined, b: string): string {
  return a ? `${a}\n\n${b}` : b;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
}
