// One agent process's session: the AgentHostService that process calls
// (events, the shared rate limit, pauses, the review's write and command
// hooks), bound to its agent's slot.

import type { AgentStatus, PendingItem } from '../../../shared/agent.js';
import type {
  AgentEmittedEvent,
  AgentHostService,
  PauseAnswer,
  RateLimitObservation,
  RateLimitRequest,
  WriteIntent,
} from '../../../shared/contract/agentHost.js';
import type { AgentEventBody } from '../../../shared/events.js';
import { hostError } from '../hostErrors.js';
import { storageError } from '../../store/storageErrors.js';

/** Errors of the review's own storage that no retry fixes (a missing workspace file is the tools' business). */
const REVIEW_STORAGE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);
import { monthlyBudgetPause, monthlyBudgetRefusal } from '../monthlyBudget.js';
import type { MonthlyBudget } from '../../../shared/rateLimits.js';
import type { RateLimitPort, ReviewPort } from '../ports.js';
import type { AgentRegistry } from './agentRegistry.js';
import type { AgentProcess, AgentSlot } from './agentSlot.js';
import type { Clock } from './scheduler.js';

export interface AgentSessionOptions {
  slot: AgentSlot;
  registry: AgentRegistry;
  review: ReviewPort;
  rateLimits: RateLimitPort;
  /** tool_use ids already logged as tool_call events (by earlier processes). */
  loggedToolCalls: Set<string>;
  /** See SupervisorOptions.endProcessOnPause. */
  endProcessOnPause: boolean;
  /** See SupervisorOptions.endPausedProcessAfterMs. */
  endPausedProcessAfterMs?: number;
  clock: Clock;
  /** This month's premium requests against the monthly budget, checked before every model call. */
  monthlyBudget?: () => MonthlyBudget;
  /** The agent reported its end. */
  finish(status: AgentStatus, error: string | undefined): Promise<void>;
  /** The agent paused (its concurrency slot is free). */
  paused(): void;
}

export class AgentSession {
  readonly hostService: AgentHostService;
  private processRef: AgentProcess | null = null;
  /**
   * Parked at a pause and told to end (endProcessOnPause): what the dying
   * process still reports (its SIGTERM handler cancels its loop, which may
   * say `finished: cancelled`) is not the agent's outcome. The agent stays
   * paused; the answer relaunches it from the log.
   */
  private parked = false;

  constructor(private readonly options: AgentSessionOptions) {
    this.hostService = this.createHostService();
  }

  /** The process this session serves (set once it is spawned). */
  get process(): AgentProcess | null {
    return this.processRef;
  }

  attach(process: AgentProcess): void {
    this.processRef = process;
  }

  private get id(): string {
    return this.options.slot.id;
  }

  private append(body: AgentEventBody) {
    return this.options.registry.append(this.options.slot, body);
  }

  /** The slot's running state while it is this session's process that runs. */
  private runningState() {
    const state = this.options.slot.state;
    return state.kind === 'running' && state.process === this.processRef ? state : null;
  }

  private createHostService(): AgentHostService {
    const { slot, review, rateLimits } = this.options;
    const id = this.id;
    const service: AgentHostService = {
      acquireRateLimit: async (request: RateLimitRequest) => {
        await this.passMonthlyBudget(service);
        await rateLimits.acquire(
          id,
          // The model's class and the provider key the limits; interactive sessions go first.
          {
            inputTokens: request.inputTokens,
            outputTokens: request.outputTokens,
            model: slot.record.model ?? undefined,
            ...(request.provider ? { provider: request.provider } : {}),
            priority: slot.record.options.mode === 'interactive' ? 'interactive' : 'background',
          },
          {
            signal: this.processRef?.ended,
            onWait: (untilMs, reason) => {
              void this.append({ type: 'rate_limited', until: new Date(untilMs).toISOString(), reason }).catch(() => {});
            },
          },
        );
      },
      reportRateLimit: async (observation: RateLimitObservation) => {
        rateLimits.observe(observation, id, slot.record.model ?? undefined);
      },
      emit: async (body: AgentEmittedEvent) => this.record([body]),
      emitBatch: async (bodies: AgentEmittedEvent[], observations?: RateLimitObservation[]) => {
        if (!Array.isArray(bodies)) throw hostError('BAD_INPUT', 'emitBatch takes an array of events.');
        for (const observation of observations ?? []) rateLimits.observe(observation, id, slot.record.model ?? undefined);
        await this.record(bodies);
      },
      pause: async (item: PendingItem): Promise<PauseAnswer> => {
        const recorded = await this.recordedAnswer(item.toolUseId);
        if (recorded) {
          if (slot.record.status !== 'running') await this.append({ type: 'status', status: 'running' });
          return recorded;
        }
        if (this.runningState()?.cancelRequested) throw hostError('BAD_STATE', 'The agent was cancelled.');
        await this.append({ type: 'paused', ...item } as AgentEventBody);
        await this.append({ type: 'status', status: item.kind === 'input' ? 'paused_input' : 'paused_approval' });
        this.options.paused();
        if (this.options.endProcessOnPause) {
          // The process ends; the answer will relaunch the agent from its log.
          this.park();
          return new Promise<PauseAnswer>(() => {});
        }
        return new Promise<PauseAnswer>((resolve) => {
          const state = this.runningState();
          if (!state) return;
          const waiter = { toolUseId: item.toolUseId, resolve };
          state.waiter = waiter;
          const after = this.options.endPausedProcessAfterMs;
          if (after === undefined) return;
          // Still waiting after a while: its process (50-80 MB of loaded code) ends; the answer relaunches it.
          this.options.clock.setTimeout(() => {
            const now = this.runningState();
            if (now?.waiter !== waiter) return; // answered, cancelled or ended meanwhile
            now.waiter = null;
            this.park();
          }, after);
        });
      },
      beforeWrite: async (intent: WriteIntent) => {
        await this.reviewing(() => review.beforeWrite(id, intent.paths, intent.step));
      },
      afterWrite: async (intent: WriteIntent) => {
        await this.reviewing(() => review.afterWrite(id, intent.paths, intent.step));
        for (const path of intent.paths) await this.append({ type: 'file_changed', path, step: intent.step });
      },
      beforeCommand: async (info: { step: number; command: string }) => {
        await this.reviewing(() => review.beforeCommand(id, info.step));
      },
      afterCommand: async (info: { step: number; command: string; pid: number | null }) => {
        const changedPaths = (await this.reviewing(() => review.afterCommand(id, info.step))) ?? [];
        for (const path of changedPaths) await this.append({ type: 'file_changed', path, step: info.step });
        return { changedPaths };
      },
      commandStarted: async (info: { pid: number }) => {
        this.processRef?.commandStarted(info.pid);
      },
      commandEnded: async (info: { pid: number }) => {
        this.processRef?.commandEnded(info.pid);
      },
    };
    return service;
  }

  /** Ends the process of an agent paused for an answer; the agent stays paused (see `parked`). */
  private park(): void {
    this.parked = true;
    this.processRef?.kill(1_000);
  }

  /**
   * Runs one of the review's hooks. The review keeps its baselines and
   * checkpoints under OFFLOAD_HOME: when that storage is full or read-only,
   * the agent's next changes could be neither reviewed nor undone, so it
   * stops there as failed, with the reason, like a log that cannot be written.
   */
  private async reviewing<T>(hook: () => T | Promise<T>): Promise<T> {
    try {
      return await hook();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && REVIEW_STORAGE_CODES.has(code)) {
        this.options.registry.failStorage(this.options.slot, storageError(error, `agent ${this.id}'s review (the baselines of its changes)`));
      }
      throw error;
    }
  }

  /**
   * At the monthly budget the agent pauses for approval before its model call,
   * as at a per-agent budget (monthlyBudget.ts). A no ends it as completed.
   */
  private async passMonthlyBudget(service: AgentHostService): Promise<void> {
    if (!this.options.monthlyBudget) return;
    // The agent's `usage` events of its last call arrived before this request: count them first.
    await this.options.slot.writes;
    const budget = this.options.monthlyBudget();
    const item = budget ? monthlyBudgetPause(budget) : null;
    if (!item) return;
    const answer = await service.pause(item);
    if (answer.kind === 'approval' && answer.decision === 'approve') return;
    const feedback = answer.kind === 'approval' && answer.decision === 'reject' ? answer.feedback?.trim() : '';
    const refusal = monthlyBudgetRefusal(budget!.budget ?? 0);
    throw hostError('BUDGET_STOP', feedback ? `${refusal} (${feedback})` : refusal);
  }

  /** Logs what the process reported, in order, with one write per run of plain events. */
  private async record(bodies: readonly AgentEmittedEvent[]): Promise<void> {
    if (this.parked) return;
    let run: AgentEventBody[] = [];
    const write = async () => {
      if (run.length) await this.options.registry.appendMany(this.options.slot, run);
      run = [];
    };
    for (const body of bodies) {
      if (body.type === 'finished') {
        await write();
        await this.options.finish(body.status, body.error);
        continue;
      }
      if ((body as { type: string }).type === 'started') continue; // only the supervisor writes `started`
      if (body.type === 'tool_call') {
        // A relaunched agent calls again the tools its last turn left without a
        // result (e.g. the ask_user just answered): one step, logged once.
        if (this.options.loggedToolCalls.has(body.toolUseId)) continue;
        this.options.loggedToolCalls.add(body.toolUseId);
      }
      run.push(body);
    }
    await write();
  }

  /** An answer already in the log for this pause (given while no process ran). */
  private async recordedAnswer(toolUseId: string): Promise<PauseAnswer | null> {
    const events = await this.options.registry.readEvents(this.id);
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i]!;
      if (event.type !== 'answered' || event.toolUseId !== toolUseId) continue;
      if (event.kind === 'input') return { kind: 'input', answer: event.answer ?? '' };
      if (event.decision === 'reject') return { kind: 'approval', decision: 'reject', feedback: event.feedback };
      return { kind: 'approval', decision: 'approve', command: event.decision === 'edit' ? event.command : undefined };
    }
    return null;
  }
}
