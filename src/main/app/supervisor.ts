// The supervisor: the API over every agent of one workspace, composed of three
// parts with one job each (src/main/app/agents/):
// - AgentRegistry: the slots, their single-writer locks and the append path;
// - Scheduler: the queue, the concurrency limit, launches and outcomes;
// - AgentSession: the AgentHostService one agent process calls.
// An agent's state is the fold of its event log (reduceAgent.ts); a slot's
// state (who drives it) is one union (agents/agentSlot.ts).

import {
  isPaused,
  isSettled,
  type AgentOptions,
  type AgentRecord,
  type AgentStatus,
} from '../../shared/agent.js';
import type { PauseAnswer } from '../../shared/contract/agentHost.js';
import type { AgentEvent, AgentEventBody } from '../../shared/events.js';
import { emptyRecord, withElapsed } from '../../shared/reduceAgent.js';
import { createAgentStarter, noKeyMessage, providerLaunchFor, type AgentStarterOptions } from './agents/agentStarter.js';
import { AgentRegistry } from './agents/agentRegistry.js';
import { isHeld, processOf, type AgentSlot } from './agents/agentSlot.js';
import { INTERRUPTED_REASON } from './agents/interrupted.js';
import { Scheduler, systemClock, type Clock, type ProcessStarter } from './agents/scheduler.js';
import { hostError } from './hostErrors.js';
import { monthlyBudgetOf } from './monthlyBudget.js';
import type { MonthlyBudget } from '../../shared/rateLimits.js';
import type { RateLimitPort, ReviewPort } from './ports.js';

export { INTERRUPTED_REASON } from './agents/interrupted.js';
export { noKeyMessage } from './agents/agentStarter.js';

export interface SupervisorOptions extends AgentStarterOptions {
  review: ReviewPort;
  rateLimits: RateLimitPort;
  createName: (taken: Set<string>) => string;
  newAgentId: () => string;
  /**
   * End a paused agent's process (and free its lock) instead of keeping it
   * waiting: a foreground CLI exits at a pause, and the answer may come from
   * another process (`offload reply`). A long-lived host keeps it waiting.
   */
  endProcessOnPause: boolean;
  /**
   * A long-lived host: a paused agent's process ends once it has waited this
   * long (ms), and the answer relaunches it from its log, as in the CLI. The
   * agent stays paused and waits for ever; only its memory is given back.
   * Absent: the process waits with it.
   */
  endPausedProcessAfterMs?: number;
  debug?: (line: string) => void;
  /** Replaces how processes start (unit tests); defaults to the launcher's. */
  starter?: ProcessStarter;
  clock?: Clock;
}

export interface SupervisorListener {
  onEvent?(event: AgentEvent): void;
  onRecord?(record: AgentRecord): void;
}

const LAUNCHABLE_AFTER: readonly AgentStatus[] = ['failed', 'cancelled'];
/** Agents read from disk at once when a host starts or lists them (their summaries, or their logs). */
const LOAD_AT_ONCE = 32;

export class Supervisor {
  private readonly registry: AgentRegistry;
  private readonly scheduler: Scheduler;

  constructor(private readonly options: SupervisorOptions) {
    this.registry = new AgentRegistry(options.log, options.workspace, options.debug);
    this.scheduler = new Scheduler({
      registry: this.registry,
      starter: options.starter ?? createAgentStarter(options),
      review: options.review,
      rateLimits: options.rateLimits,
      clock: options.clock ?? systemClock,
      concurrency: () => options.settings().concurrency,
      monthlyBudget: () => this.monthlyBudget(),
      endProcessOnPause: options.endProcessOnPause,
      endPausedProcessAfterMs: options.endPausedProcessAfterMs,
      debug: options.debug,
    });
    // Its log cannot be written (full, read-only or vanished OFFLOAD_HOME): stop the agent now, not at its next event.
    this.registry.onDidFailStorage((slot) => processOf(slot)?.kill(1_000));
  }

  // ---------------------------------------------------------------- lifecycle

  /** Loads every agent of the workspace and marks the ones a dead host left running as interrupted. */
  async init(): Promise<void> {
    await this.loadAll(await this.registry.listAgentIds());
    for (const slot of [...this.registry.all()]) await this.markIfInterrupted(slot);
  }

  /** Loads the agents not loaded yet, several at a time (a history of hundreds must not be read one file after another). */
  private async loadAll(ids: string[]): Promise<void> {
    const missing = ids.filter((id) => !this.registry.get(id));
    for (let i = 0; i < missing.length; i += LOAD_AT_ONCE) {
      await Promise.all(missing.slice(i, i + LOAD_AT_ONCE).map((id) => this.registry.load(id)));
    }
  }

  /**
   * An agent that reads as running (or queued, or holding a process) while no
   * live process holds its lock was left behind by a host that died: it is
   * recorded as failed (interrupted), so `resume` can continue it. Paused
   * agents stay paused: an answer continues them.
   */
  private async markIfInterrupted(slot: AgentSlot): Promise<void> {
    // A log without events (an agent another process is creating) was never driven by anyone.
    if (isHeld(slot) || slot.record.lastSeq === 0) return;
    const status = slot.record.status;
    if (status !== 'running' && status !== 'queued' && !(isPaused(status) && slot.record.pid !== null)) return;
    // Still held by a live process: it is not ours to judge.
    if (!(await this.registry.tryTakeOver(slot))) return;
    try {
      const now = slot.record.status;
      if (slot.record.pid !== null) await this.registry.append(slot, { type: 'process', pid: null, reason: 'the host stopped' });
      if (now === 'running' || now === 'queued') await this.registry.append(slot, { type: 'status', status: 'failed', reason: INTERRUPTED_REASON });
    } finally {
      await this.registry.unlock(slot);
    }
  }

  on(listener: SupervisorListener): () => void {
    const onEvent = this.registry.onDidAppendEvent((event) => listener.onEvent?.(event));
    const onRecord = this.registry.onDidChangeRecord((record) => listener.onRecord?.(record));
    return () => {
      onEvent.dispose();
      onRecord.dispose();
    };
  }

  /** Ends every process this supervisor runs; running agents read as interrupted, paused ones stay paused. */
  async dispose(): Promise<void> {
    await this.scheduler.dispose();
    this.registry.dispose();
  }

  /** Agents this supervisor runs or will run: a host with any must not close for an idle client. */
  activeAgentIds(): string[] {
    return [...new Set([...this.registry.activeIds(), ...this.scheduler.queuedIds()])];
  }

  // ---------------------------------------------------------------- reading

  /** This month's premium requests (every agent of the workspace) against the monthly budget. */
  monthlyBudget(): MonthlyBudget {
    return monthlyBudgetOf(this.options.settings(), [...this.registry.all()].map((s) => s.record));
  }

  async listAgents(): Promise<AgentRecord[]> {
    await this.loadAll(await this.registry.listAgentIds());
    const records: AgentRecord[] = [];
    const slots = [...this.registry.all()];
    for (let i = 0; i < slots.length; i += LOAD_AT_ONCE) {
      const batch = slots.slice(i, i + LOAD_AT_ONCE);
      const current = await Promise.all(batch.map((slot) => this.registry.currentRecord(slot)));
      for (const [j, slot] of batch.entries()) {
        const record = current[j]!;
        if (!isHeld(slot) && (record.status === 'running' || record.status === 'queued')) {
          // Driven elsewhere: if that process died since, say so now rather than at our next start.
          await this.markIfInterrupted(slot);
          records.push(withElapsed(slot.record));
        } else records.push(record);
      }
    }
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  /** The records of the agents this host has read so far, as last read (no disk access). */
  loadedRecords(): AgentRecord[] {
    return [...this.registry.all()].map((slot) => slot.record);
  }

  async getAgent(id: string): Promise<AgentRecord> {
    return this.registry.currentRecord(await this.registry.slotOf(id));
  }

  async getEvents(id: string, afterSeq = 0): Promise<AgentEvent[]> {
    const slot = await this.registry.slotOf(id);
    const events = await this.registry.readEvents(slot.id);
    return events.filter((e) => e.seq > afterSeq);
  }

  // ---------------------------------------------------------------- creating

  async startAgents(prompts: string[], requested: Partial<AgentOptions> = {}): Promise<AgentRecord[]> {
    const cleaned = prompts.map((p) => p.trim()).filter(Boolean);
    if (cleaned.length === 0) throw hostError('BAD_INPUT', 'Give at least one non-empty prompt.');
    await this.requireApiKey(requested.provider ?? this.options.defaultProvider?.());
    // The answer is on the way to a row the person waits for (issue 9, bench/ui.ts): only
    // agents new on disk are read (their names stay unique), not every record as listAgents does.
    await this.loadAll(await this.registry.listAgentIds());
    const taken = new Set([...this.registry.all()].map((s) => s.record.name));
    const options = this.agentOptions(requested);
    const created: AgentRecord[] = [];
    for (const prompt of cleaned) {
      const id = this.options.newAgentId();
      const name = this.options.createName(taken);
      taken.add(name);
      const slot = await this.registry.create(id, emptyRecord(id));
      // Its first lines in one write: who it is, and that it waits for a process.
      await this.registry.appendMany(slot, [
        { type: 'started', name, prompt, options, workspace: this.options.workspace },
        { type: 'status', status: 'queued' },
      ]);
      await this.scheduler.enqueue(slot, { pump: false, queuedLogged: true });
      created.push(withElapsed(slot.record));
    }
    // Launched after the answer and the record's notice are out: preparing a process
    // (a fork blocks this thread for tens of milliseconds) must not delay them.
    setImmediate(() => this.scheduler.pump());
    return created;
  }

  private agentOptions(requested: Partial<AgentOptions>): AgentOptions {
    const s = this.options.settings();
    const provider = requested.provider ?? this.options.defaultProvider?.();
    return {
      ...(provider ? { provider } : {}),
      // The settings' default model is an Anthropic model id; another provider has its own default.
      model: requested.model ?? (provider && provider !== 'anthropic' ? undefined : (s.defaultModel ?? undefined)),
      approval: requested.approval ?? s.approval,
      maxRequests: requested.maxRequests ?? s.maxRequestsPerAgent ?? undefined,
      maxCostUsd: requested.maxCostUsd ?? s.maxCostPerAgentUsd ?? undefined,
      doneWhen: requested.doneWhen,
      scope: requested.scope ?? [],
      allowedCommands: [...new Set([...s.allowedCommands, ...(requested.allowedCommands ?? [])])],
      webSearch: requested.webSearch ?? s.webSearch,
      mode: requested.mode ?? 'background',
      isolation: requested.isolation ?? s.isolation,
      context: {
        promptCaching: requested.context?.promptCaching ?? true,
        rereadCache: requested.context?.rereadCache ?? s.rereadCache,
        compactAtTokens: requested.context?.compactAtTokens ?? s.compactAtTokens,
      },
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
    const slot = await this.registry.slotOf(id);
    const waiting = slot.state.kind === 'running' && slot.state.waiter !== null;
    const tookLock = waiting ? false : await this.registry.takeOver(slot);
    const record = withElapsed(slot.record);
    const pending = record.pending;
    if (record.status !== status || !pending) {
      if (tookLock) await this.registry.unlock(slot);
      const what = status === 'paused_input' ? 'input' : 'approval';
      throw hostError('BAD_STATE', `${label(record)} is not waiting for ${what} (it is ${record.status}).`);
    }
    return { slot, record, pending };
  }

  /**
   * Records the answer. A process waiting in pause() gets it at once; else the
   * agent is relaunched from its log and its process finds the answer recorded
   * when it asks again (see AgentSession's pause()).
   */
  private async answer(slot: AgentSlot, event: AgentEventBody, answer: PauseAnswer): Promise<void> {
    const state = slot.state;
    if (state.kind === 'running' && state.waiter && !state.process.hasExited) {
      const waiter = state.waiter;
      state.waiter = null;
      await this.registry.append(slot, event);
      await this.registry.append(slot, { type: 'status', status: 'running' });
      waiter.resolve(answer);
      return;
    }
    await this.requireApiKey(slot.record.options.provider);
    await this.registry.takeOver(slot);
    await this.registry.append(slot, event);
    if (this.options.endPausedProcessAfterMs !== undefined) {
      // A long-lived host ended the waiting process to free its memory: the person sees
      // what a waiting process shows (running at once, whatever the concurrency limit).
      await this.registry.append(slot, { type: 'status', status: 'running' });
      await this.scheduler.enqueue(slot, { queuedLogged: true, unlimited: true });
      return;
    }
    await this.enqueue(slot);
  }

  // ---------------------------------------------------------------- resume / continue / cancel

  async resume(id: string): Promise<void> {
    const slot = await this.registry.slotOf(id);
    const tookLock = slot.state.kind === 'running' ? false : await this.registry.takeOver(slot);
    const record = withElapsed(slot.record);
    if (!LAUNCHABLE_AFTER.includes(record.status)) {
      if (tookLock) await this.registry.unlock(slot);
      const hint = isPaused(record.status)
        ? ` It is paused: answer it with \`offload reply ${id} "..."\`, \`offload approve ${id}\` or \`offload deny ${id}\`.`
        : '';
      throw hostError('BAD_STATE', `${label(record)} cannot be resumed: it is ${record.status}.${hint}`);
    }
    await this.requireApiKey(record.options.provider);
    await this.registry.takeOver(slot);
    await this.enqueue(slot);
  }

  /**
   * Continues an agent that is not running with an extra user turn (review
   * feedback). A running agent keeps going; its next relaunch carries the text.
   */
  async continueWith(id: string, followUp: string): Promise<boolean> {
    const slot = await this.registry.slotOf(id);
    const record = await this.registry.currentRecord(slot);
    if (slot.state.kind === 'running' || record.status === 'running' || record.status === 'queued' || isPaused(record.status)) {
      // Running, queued or paused: the next process of the agent carries the text.
      slot.followUp = joinFollowUps(slot.followUp, followUp);
      return false;
    }
    await this.requireApiKey(record.options.provider);
    await this.registry.takeOver(slot);
    slot.followUp = joinFollowUps(slot.followUp, followUp);
    await this.enqueue(slot);
    return true;
  }

  async cancel(id: string): Promise<void> {
    const slot = await this.registry.slotOf(id);
    const record = await this.registry.currentRecord(slot);
    if (isSettled(record.status)) return;
    if (await this.scheduler.cancel(slot)) return;
    // Another process holds it. Every driver announces its host (host.json) and
    // clients go through it, so this is a process with no door: name its pid.
    await this.registry.takeOver(slot); // throws AGENT_BUSY naming the pid
    await this.scheduler.cancel(slot); // it let go meanwhile: ours now
  }

  private async enqueue(slot: AgentSlot): Promise<void> {
    await this.scheduler.enqueue(slot);
  }

  // ---------------------------------------------------------------- review actions

  /** Appends an event to an agent this supervisor may write (review actions). */
  async appendFor(id: string, body: AgentEventBody): Promise<void> {
    const slot = await this.registry.slotOf(id);
    if (isHeld(slot)) {
      await this.registry.append(slot, body);
      return;
    }
    if (!(await this.registry.tryTakeOver(slot))) return; // another process writes it; the review itself is on disk
    try {
      await this.registry.append(slot, body);
    } finally {
      await this.registry.unlock(slot);
    }
  }

  /** Another provider needs no Anthropic key (its own credentials are checked at launch); an unknown one is an error. */
  private async requireApiKey(providerId?: string): Promise<void> {
    if (await providerLaunchFor(this.options, providerId)) return;
    if (!(await this.options.apiKey())) throw hostError('NO_API_KEY', noKeyMessage());
  }
}

function label(record: AgentRecord): string {
  return record.name ? `Agent ${record.name} (${record.id})` : `Agent ${record.id}`;
}

function joinFollowUps(a: string | undefined, b: string): string {
  return a ? `${a}\n\n${b}` : b;
}
