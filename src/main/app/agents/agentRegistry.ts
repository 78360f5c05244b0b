// The agents of one workspace as this process knows them: their slots, their
// single-writer locks, and the one append path (log, fold, listeners).
//
// Several OS processes may look at one workspace (a host server, foreground
// `offload run`s, `offload list` in another terminal). Only the one holding an
// agent's lock writes its log; the others read it from disk when asked.

import { isSettled, type AgentRecord } from '../../../shared/agent.js';
import type { AgentEvent, AgentEventBody } from '../../../shared/events.js';
import { Emitter, type Event } from '../../../shared/lifecycle.js';
import { applyEvent, reduceAgent, withElapsed } from '../../../shared/reduceAgent.js';
import { errorCode, errorMessage, hostError } from '../hostErrors.js';
import { isStorageError } from '../../store/storageErrors.js';
import type { EventLogPort } from '../ports.js';
import { isHeld, newSlot, type AgentSlot, type ReleaseLock } from './agentSlot.js';

export class AgentRegistry {
  private readonly slots = new Map<string, AgentSlot>();
  private readonly appended: Emitter<AgentEvent>;
  private readonly changed: Emitter<AgentRecord>;
  /** Every event this process appends, after it is on disk. */
  readonly onDidAppendEvent: Event<AgentEvent>;
  /**
   * The record, once per tick per agent whose record changed in it (not for
   * events that only add to the stream: text, messages, tool output): the
   * pages redraw a row once, not once per event.
   */
  readonly onDidChangeRecord: Event<AgentRecord>;
  private readonly storageFailed: Emitter<AgentSlot>;
  /** An agent's log could not be written (storage full, read-only, gone): the agent must stop. */
  readonly onDidFailStorage: Event<AgentSlot>;
  /** Agents whose record changed since the last notice, and what was last sent for each. */
  private readonly dirty = new Set<AgentSlot>();
  private readonly lastSent = new WeakMap<AgentSlot, string>();
  private flushScheduled = false;
  private disposed = false;

  constructor(
    private readonly log: EventLogPort,
    private readonly workspace: string,
    private readonly debug?: (line: string) => void,
  ) {
    const onListenerError = (error: unknown) => this.debug?.(`listener failed: ${errorMessage(error)}`);
    this.appended = new Emitter(onListenerError);
    this.changed = new Emitter(onListenerError);
    this.onDidAppendEvent = this.appended.event;
    this.onDidChangeRecord = this.changed.event;
    this.storageFailed = new Emitter(onListenerError);
    this.onDidFailStorage = this.storageFailed.event;
  }

  /** Agents with a process of ours, or on their way to one. */
  activeIds(): string[] {
    return [...this.slots.values()].filter((s) => s.state.kind === 'launching' || s.state.kind === 'running').map((s) => s.id);
  }

  all(): IterableIterator<AgentSlot> {
    return this.slots.values();
  }

  get(id: string): AgentSlot | undefined {
    return this.slots.get(id);
  }

  listAgentIds(): Promise<string[]> {
    return Promise.resolve(this.log.listAgentIds());
  }

  readEvents(id: string): Promise<AgentEvent[]> {
    return Promise.resolve(this.log.read(id));
  }

  /** A new agent's slot, its lock taken (it has no log yet). */
  async create(id: string, record: AgentRecord): Promise<AgentSlot> {
    const slot = newSlot(id, record);
    this.slots.set(id, slot);
    slot.state = { kind: 'held', release: await this.log.lock(id), finishing: false };
    return slot;
  }

  async load(id: string): Promise<AgentSlot> {
    const record = await this.foldLog(id);
    // Loaded meanwhile by another call (loads run several at once): keep that slot, it may be in use.
    const existing = this.slots.get(id);
    if (existing) return existing;
    const slot = newSlot(id, record);
    this.slots.set(id, slot);
    return slot;
  }

  async refresh(slot: AgentSlot): Promise<void> {
    const record = await this.foldLog(slot.id).catch((error: unknown) => {
      if (slot.unloggedFailure) return reduceAgent(slot.id, []);
      throw error;
    });
    // A log that is gone or stale (its failure could not be written) must not read as queued or running again.
    slot.record = slot.unloggedFailure && !isSettled(record.status) ? { ...slot.record, status: 'failed', error: slot.unloggedFailure, pid: null } : record;
  }

  /** The agent's record from its log: from the summary beside it when the log keeps one (a start need not fold every full log). */
  private async foldLog(id: string): Promise<AgentRecord> {
    return this.log.readRecord ? this.log.readRecord(id) : reduceAgent(id, await this.log.read(id));
  }

  /** The agent with this id, or the one agent whose id starts with it. */
  async slotOf(id: string): Promise<AgentSlot> {
    const existing = this.slots.get(id);
    if (existing) return existing;
    const ids = await this.log.listAgentIds();
    const match = ids.includes(id) ? id : ids.filter((candidate) => candidate.startsWith(id));
    if (typeof match === 'string') return this.load(match);
    if (match.length === 1) return this.slots.get(match[0]!) ?? this.load(match[0]!);
    if (match.length > 1) throw hostError('BAD_INPUT', `"${id}" matches several agents: ${match.join(', ')}.`);
    throw hostError('NOT_FOUND', `No agent "${id}" in ${this.workspace}. \`offload list\` shows its agents.`);
  }

  /** The record as it is now: ours from memory, others' from their log on disk. */
  async currentRecord(slot: AgentSlot): Promise<AgentRecord> {
    if (!isHeld(slot)) await this.refresh(slot);
    return withElapsed(slot.record);
  }

  /**
   * Appends an event as the agent's single writer and tells the listeners.
   * Refused unless this process holds the agent's lock: a log has one writer.
   */
  append(slot: AgentSlot, body: AgentEventBody): Promise<AgentEvent> {
    return this.appendMany(slot, [body]).then((events) => events[0]!);
  }

  /** Appends an agent's events of one tick with one write, then tells the listeners. */
  appendMany(slot: AgentSlot, bodies: readonly AgentEventBody[]): Promise<AgentEvent[]> {
    const next = slot.writes.then(async () => {
      if (!isHeld(slot)) throw hostError('AGENT_BUSY', `Not writing "${bodies[0]?.type}" to agent ${slot.id}: this process does not hold its lock.`);
      // After a storage failure nothing more is tried (no retry storm on a full disk) until the lock is released.
      if (slot.storageFailure) throw hostError('BAD_STATE', slot.storageFailure);
      let events: AgentEvent[];
      try {
        events = this.log.appendMany
          ? await this.log.appendMany(slot.id, bodies)
          : await bodies.reduce<Promise<AgentEvent[]>>(async (done, body) => [...(await done), await this.log.append(slot.id, body)], Promise.resolve([]));
      } catch (error) {
        if (isStorageError(error)) this.failStorage(slot, error);
        throw error;
      }
      slot.unloggedFailure = undefined;
      for (const event of events) {
        slot.record = applyEvent(slot.record, event);
        this.appended.fire(event);
      }
      this.recordChanged(slot);
      return events;
    });
    slot.writes = next.catch(() => {});
    return next;
  }

  private recordChanged(slot: AgentSlot): void {
    if (!this.changed.hasListeners || this.disposed) return;
    this.dirty.add(slot);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushRecords());
  }

  private flushRecords(): void {
    this.flushScheduled = false;
    const slots = [...this.dirty];
    this.dirty.clear();
    if (this.disposed) return;
    for (const slot of slots) {
      // lastSeq moves with every event; a record that differs only there has not changed.
      const key = JSON.stringify({ ...slot.record, lastSeq: 0 });
      if (this.lastSent.get(slot) === key) continue;
      this.lastSent.set(slot, key);
      this.changed.fire(withElapsed(slot.record));
    }
  }

  /**
   * The agent's log cannot be written: it reads as failed, with the reason,
   * from memory (the reason cannot be logged now), and its process is stopped.
   * What was logged before stays as it was; the reason is written when the
   * lock is released, if the storage is back by then.
   */
  failStorage(slot: AgentSlot, error: unknown): void {
    if (slot.storageFailure) return;
    const reason = `${errorMessage(error)} The agent was stopped; what it logged before is kept. Free space or fix the folder, then \`offload resume ${slot.id}\`.`;
    slot.storageFailure = reason;
    slot.record = { ...slot.record, status: 'failed', error: reason };
    this.debug?.(`agent ${slot.id}: ${reason}`);
    this.storageFailed.fire(slot);
    this.recordChanged(slot);
  }

  /**
   * Takes the agent's lock for driving it (true when taken now, false when
   * already ours); a clear error when another process drives it.
   */
  async takeOver(slot: AgentSlot): Promise<boolean> {
    return this.lockSlot(slot, 'throw');
  }

  /** Takes the lock when no live process holds it (true), else leaves it (false). */
  async tryTakeOver(slot: AgentSlot): Promise<boolean> {
    return this.lockSlot(slot, 'give up');
  }

  private async lockSlot(slot: AgentSlot, whenBusy: 'throw' | 'give up'): Promise<boolean> {
    if (isHeld(slot)) return false;
    let release: ReleaseLock;
    try {
      release = await this.log.lock(slot.id);
    } catch (error) {
      if (errorCode(error) !== 'AGENT_BUSY') throw error;
      if (whenBusy === 'give up') return false;
      throw hostError('AGENT_BUSY', errorMessage(error));
    }
    slot.state = { kind: 'held', release, finishing: false };
    await this.refresh(slot);
    return true;
  }

  /** Frees the lock of an agent we run no process for. */
  async unlock(slot: AgentSlot): Promise<void> {
    const state = slot.state;
    if (state.kind === 'unheld') return;
    const release = state.release;
    slot.state = { kind: 'unheld' };
    const failure = slot.storageFailure;
    if (failure) {
      // Last try to put the reason on disk (the storage may be back); the log is whole lines either way.
      slot.storageFailure = undefined;
      await slot.writes.catch(() => {});
      await Promise.resolve(this.log.append(slot.id, { type: 'status', status: 'failed', reason: failure })).then(
        () => (slot.unloggedFailure = undefined),
        () => (slot.unloggedFailure = failure),
      );
    } else {
      // At rest: its summary lets the next host show it without reading its log (while the lock is ours, nobody appends).
      await slot.writes.catch(() => {});
      await this.log.saveRecord?.(slot.id, slot.record).catch(() => {});
    }
    try {
      await release();
    } catch (error) {
      this.debug?.(`releasing the lock of ${slot.id} failed: ${errorMessage(error)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.appended.dispose();
    this.changed.dispose();
    this.storageFailed.dispose();
  }
}
