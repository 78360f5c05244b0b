// The scheduler: the queue of agents waiting for a process, the concurrency
// limit, launching, and turning a process's end (or a cancel) into the
// agent's outcome. It knows processes only through the ProcessStarter port and
// time only through the Clock port, so it is unit-tested without either
// (scheduler.test.ts).

import { isPaused, isSettled, type AgentStatus } from '../../../shared/agent.js';
import type { AgentHostService, AgentInit } from '../../../shared/contract/agentHost.js';
import type { AgentEventBody } from '../../../shared/events.js';
import type { ProcessExit } from '../../launch/launcher.js';
import { describeExit } from '../agentRun.js';
import { errorMessage } from '../hostErrors.js';
import type { RateLimitPort, ReviewPort } from '../ports.js';
import type { MonthlyBudget } from '../../../shared/rateLimits.js';
import { summaryFromEvents } from '../summary.js';
import { AgentSession } from './agentSession.js';
import { INTERRUPTED_REASON } from './interrupted.js';
import type { AgentRegistry } from './agentRegistry.js';
import { isHeld, type AgentProcess, type AgentSlot, type SlotState } from './agentSlot.js';

/** How long a cancelled agent has to reach its step boundary before it is killed. */
export const CANCEL_GRACE_MS = 10_000;
/** How long a finished agent's process may take to exit on its own. */
export const EXIT_AFTER_FINISH_MS = 3_000;
/** How long dispose() waits for processes to exit. */
const DISPOSE_WAIT_MS = 5_000;

/** Time, injected so tests can drive it. */
export interface Clock {
  /** Calls fn after ms (never keeping the process alive); returns how to cancel it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** What a new process of an agent needs, read from its log and the settings. */
export interface LaunchPlan {
  init: Omit<AgentInit, 'followUp'>;
  /** The model differs from the one the log names (a `model` event is due). */
  modelChanged: boolean;
  /** tool_use ids already logged as tool_call events. */
  loggedToolCalls: Set<string>;
  /** Where the agent works, when that is news for its log (a new worktree, or a fallback). */
  isolation?: Extract<AgentEventBody, { type: 'isolation' }>;
}

export interface ProcessStarter {
  /** Reads what the process needs; throws (a clear error) when it cannot start. */
  prepare(agentId: string): Promise<LaunchPlan>;
  /** Starts the process; it calls `host` for everything it needs from us. */
  spawn(plan: LaunchPlan, host: AgentHostService): AgentProcess;
}

export interface SchedulerOptions {
  registry: AgentRegistry;
  starter: ProcessStarter;
  review: ReviewPort;
  rateLimits: RateLimitPort;
  clock: Clock;
  /** The concurrency limit, read at each decision (settings may change). */
  concurrency: () => number;
  /** See SupervisorOptions.endProcessOnPause. */
  endProcessOnPause: boolean;
  /** See SupervisorOptions.endPausedProcessAfterMs. */
  endPausedProcessAfterMs?: number;
  /** This month's premium requests against the monthly budget (none: no budget is enforced). */
  monthlyBudget?: () => MonthlyBudget;
  debug?: (line: string) => void;
}

export class Scheduler {
  private readonly queue: string[] = [];
  /** Queued agents that launch whatever the concurrency limit (answered while their process was ended at a pause). */
  private readonly unlimited = new Set<string>();
  private disposing = false;

  constructor(private readonly options: SchedulerOptions) {}

  get isDisposing(): boolean {
    return this.disposing;
  }

  queuedIds(): string[] {
    return [...this.queue];
  }

  /**
   * Queues an agent whose lock we hold; it launches when a slot is free (pump: false when
   * the caller pumps once after a batch; queuedLogged: the caller wrote its "queued" status).
   */
  async enqueue(
    slot: AgentSlot,
    { pump = true, queuedLogged = false, unlimited = false }: { pump?: boolean; queuedLogged?: boolean; unlimited?: boolean } = {},
  ): Promise<void> {
    if (slot.state.kind === 'held' || slot.state.kind === 'launching' || slot.state.kind === 'running') slot.state.finishing = false;
    if (slot.state.kind === 'launching' || slot.state.kind === 'running') slot.state.cancelRequested = false;
    if (!queuedLogged) await this.options.registry.append(slot, { type: 'status', status: 'queued' });
    if (unlimited) this.unlimited.add(slot.id);
    if (!this.queue.includes(slot.id)) this.queue.push(slot.id);
    if (pump) this.pump();
  }

  /** Agents that hold a concurrency slot: launching, or running and not paused. */
  activeCount(): number {
    let n = 0;
    for (const slot of this.options.registry.all()) {
      if (slot.state.kind === 'launching' || (slot.state.kind === 'running' && !isPaused(slot.record.status))) n++;
    }
    return n;
  }

  /** Launches queued agents while slots are free. */
  pump(): void {
    if (this.disposing) return;
    const limit = Math.max(1, Math.floor(this.options.concurrency() || 1));
    for (const id of [...this.queue]) {
      if (this.activeCount() >= limit && !this.unlimited.has(id)) continue;
      const slot = this.options.registry.get(id);
      // Its previous process is still on its way out: it launches when that exit is recorded.
      if (slot && (slot.state.kind === 'running' || slot.state.kind === 'launching')) continue;
      this.queue.splice(this.queue.indexOf(id), 1);
      this.unlimited.delete(id);
      if (!slot || slot.state.kind !== 'held') continue;
      slot.state = { kind: 'launching', release: slot.state.release, finishing: slot.state.finishing, cancelRequested: false };
      void this.launch(slot)
        .finally(() => {
          if (slot.state.kind === 'launching') slot.state = { kind: 'held', release: slot.state.release, finishing: slot.state.finishing };
        })
        .catch(async (error) => {
          this.options.debug?.(`launch of ${id} failed: ${errorMessage(error)}`);
          await this.writeFinished(slot, 'failed', `could not start the agent process: ${errorMessage(error)}`).catch(() => {});
          await this.settle(slot);
        });
    }
  }

  private async launch(slot: AgentSlot): Promise<void> {
    const plan = await this.options.starter.prepare(slot.id);
    if (this.disposing) return;
    if (slot.state.kind === 'launching' && slot.state.cancelRequested) {
      // Cancelled while its launch was being prepared.
      await this.writeFinished(slot, 'cancelled');
      await this.settle(slot);
      return;
    }
    if (slot.state.kind !== 'launching') return;

    const session: AgentSession = new AgentSession({
      slot,
      registry: this.options.registry,
      review: this.options.review,
      rateLimits: this.options.rateLimits,
      loggedToolCalls: plan.loggedToolCalls,
      endProcessOnPause: this.options.endProcessOnPause,
      endPausedProcessAfterMs: this.options.endPausedProcessAfterMs,
      clock: this.options.clock,
      monthlyBudget: this.options.monthlyBudget,
      finish: (status, error): Promise<void> => this.finishFromAgent(slot, session, status, error),
      paused: () => this.pump(), // a paused agent does not hold a concurrency slot
    });
    const process = this.options.starter.spawn(plan, session.hostService);
    session.attach(process);
    slot.state = {
      kind: 'running',
      release: slot.state.release,
      process,
      finishing: slot.state.finishing,
      cancelRequested: slot.state.cancelRequested,
      waiter: null,
    };
    void process.exit.then((exit) => this.onProcessExit(slot, process, exit));

    await this.options.registry.append(slot, { type: 'process', pid: process.pid });
    if (plan.modelChanged) await this.options.registry.append(slot, { type: 'model', model: plan.init.model });
    if (plan.isolation) await this.options.registry.append(slot, plan.isolation);
    await this.options.registry.append(slot, { type: 'status', status: 'running' });

    const followUp = slot.followUp;
    slot.followUp = undefined;
    process.start({ ...plan.init, followUp }).catch((error) => {
      if (process.hasExited) return;
      this.options.debug?.(`start of ${slot.id} failed: ${errorMessage(error)}`);
      void this.options.registry.append(slot, { type: 'error', message: `The agent could not start: ${errorMessage(error)}` }).catch(() => {});
      process.kill(500);
    });
  }

  /** The agent said it finished: write it, then make sure its process exits. */
  private async finishFromAgent(
    slot: AgentSlot,
    session: AgentSession,
    status: AgentStatus,
    error: string | undefined,
  ): Promise<void> {
    if (isHeld(slot) && slot.state.finishing) return;
    await this.writeFinished(slot, status, error);
    const process = session.process;
    if (process) {
      const cancelTimer = this.options.clock.setTimeout(() => process.kill(1_000), EXIT_AFTER_FINISH_MS);
      void process.exit.then(cancelTimer);
    }
  }

  private async onProcessExit(slot: AgentSlot, process: AgentProcess, exit: ProcessExit): Promise<void> {
    if (slot.state.kind !== 'running' || slot.state.process !== process) return;
    slot.state.waiter = null;
    try {
      await this.options.registry.append(slot, { type: 'process', pid: null, exitCode: exit.code, signal: exit.signal, reason: exit.reason });
      // Re-read: the append awaited, and an enqueue may have replaced the flags.
      const state = slot.state as SlotState;
      const status = slot.record.status;
      const finishing = state.kind !== 'unheld' && state.finishing;
      const cancelRequested = (state.kind === 'running' || state.kind === 'launching') && state.cancelRequested;
      if (finishing || isSettled(status)) {
        // It said it finished: the normal end.
      } else if (cancelRequested) {
        await this.writeFinished(slot, 'cancelled');
      } else if (isPaused(status) || this.queue.includes(slot.id)) {
        // Parked at a pause: the answer relaunches it (or, answered while the process was ending, already queued it).
      } else if (this.disposing) {
        await this.options.registry.append(slot, { type: 'status', status: 'failed', reason: INTERRUPTED_REASON });
      } else {
        await this.writeFinished(slot, 'failed', describeExit(exit));
      }
    } catch (error) {
      this.options.debug?.(`recording the end of ${slot.id} failed: ${errorMessage(error)}`);
    }
    const after = slot.state as SlotState;
    if (after.kind === 'running' && after.process === process) {
      slot.state = { kind: 'held', release: after.release, finishing: after.finishing };
    }
    if (!this.queue.includes(slot.id)) await this.settle(slot);
    this.pump();
  }

  /** After an agent's process is gone for good (or it never had one): free its leases and lock. */
  async settle(slot: AgentSlot): Promise<void> {
    if (slot.state.kind === 'running') return;
    if (isSettled(slot.record.status)) {
      try {
        await this.options.review.releaseLeases(slot.id);
      } catch (error) {
        this.options.debug?.(`releasing leases of ${slot.id} failed: ${errorMessage(error)}`);
      }
    }
    if (isHeld(slot) && (isSettled(slot.record.status) || isPaused(slot.record.status) || this.disposing)) {
      await this.options.registry.unlock(slot);
    }
  }

  /**
   * Writes the agent's `finished` (once per launch) with the one summary:
   * files changed from the review, commands and tests from the log.
   */
  async writeFinished(slot: AgentSlot, status: AgentStatus, error?: string): Promise<void> {
    if (isHeld(slot)) {
      if (slot.state.finishing) return;
      slot.state.finishing = true;
    }
    const events = await this.options.registry.readEvents(slot.id);
    const summary = summaryFromEvents(events, await this.filesChanged(slot.id));
    await this.options.registry.append(slot, { type: 'finished', status, summary, ...(error ? { error } : {}) });
  }

  /** The review's list of changes; null when it cannot be read (the summary then names the log's paths). */
  private async filesChanged(id: string) {
    try {
      return await this.options.review.listChanges(id);
    } catch (error) {
      this.options.debug?.(`listing changes of ${id} failed: ${errorMessage(error)}`);
      return null;
    }
  }

  /**
   * Cancels an agent this process may drive: a running one stops at its next
   * step boundary (killed after a grace), a paused or queued one at once.
   * Returns false when another process holds its lock.
   */
  async cancel(slot: AgentSlot): Promise<boolean> {
    const state = slot.state;
    if (state.kind === 'launching') {
      state.cancelRequested = true; // launch() sees it before starting a process
      return true;
    }
    if (state.kind === 'running' && !state.process.hasExited) {
      if (state.cancelRequested) return true;
      state.cancelRequested = true;
      const process = state.process;
      if (state.waiter || isPaused(slot.record.status)) {
        // Paused: no step boundary will come; end it now.
        state.waiter = null;
        process.kill(1_000);
        return true;
      }
      process.cancel().catch(() => {});
      const cancelTimer = this.options.clock.setTimeout(() => process.kill(1_000), CANCEL_GRACE_MS);
      void process.exit.then(cancelTimer);
      return true;
    }
    // Not running here: queued, parked at a pause, or ended. Write it, if we may.
    if (!isHeld(slot) && !(await this.options.registry.tryTakeOver(slot))) return false;
    const index = this.queue.indexOf(slot.id);
    if (index >= 0) this.queue.splice(index, 1);
    this.unlimited.delete(slot.id);
    await this.writeFinished(slot, 'cancelled');
    await this.settle(slot);
    return true;
  }

  /** Ends every process; running agents read as interrupted, paused ones stay paused. */
  async dispose(): Promise<void> {
    if (this.disposing) return;
    this.disposing = true;
    this.queue.length = 0;
    this.unlimited.clear();
    const exits: Promise<unknown>[] = [];
    for (const slot of this.options.registry.all()) {
      if (slot.state.kind === 'running') {
        slot.state.process.kill(1_000);
        exits.push(slot.state.process.exit);
      }
    }
    await Promise.race([Promise.all(exits), new Promise<void>((resolve) => this.options.clock.setTimeout(resolve, DISPOSE_WAIT_MS))]);
    for (const slot of this.options.registry.all()) {
      await slot.writes.catch(() => {});
      if (isHeld(slot) && slot.state.kind !== 'running') {
        // Queued agents that never got a process: they too were interrupted.
        if (slot.record.status === 'queued' || slot.record.status === 'running') {
          await this.options.registry.append(slot, { type: 'status', status: 'failed', reason: INTERRUPTED_REASON }).catch(() => {});
        }
        await this.options.registry.unlock(slot);
      }
    }
  }
}
