// One agent as the supervisor holds it: its record (the fold of its log) and
// one state saying who drives it. The state is a single discriminated union so
// an impossible mix (a process without the lock, a cancel request on an agent
// nobody launches) cannot be written down.

import type { AgentRecord } from '../../../shared/agent.js';
import type { AgentInit, PauseAnswer } from '../../../shared/contract/agentHost.js';
import type { ProcessExit } from '../../launch/launcher.js';

/** Frees an agent's single-writer lock. */
export type ReleaseLock = () => void | Promise<void>;

/** A process of an agent, as the scheduler sees it (AgentRun in production, a fake in unit tests). */
export interface AgentProcess {
  readonly pid: number | null;
  readonly hasExited: boolean;
  readonly exit: Promise<ProcessExit>;
  /** Aborted when the process ends: cuts the waits made on its behalf (rate limiter). */
  readonly ended: AbortSignal;
  /** Sends the agent what it needs to start (its first RPC). */
  start(init: AgentInit): Promise<void>;
  /** Asks the agent to stop at its next step boundary. */
  cancel(): Promise<void>;
  kill(graceMs?: number): void;
  /** A command's process group started / ended (killed with the process). */
  commandStarted(pid: number): void;
  commandEnded(pid: number): void;
}

/** The process's pending pause() call, in a long-lived host. */
export interface AnswerWaiter {
  toolUseId: string;
  resolve: (answer: PauseAnswer) => void;
}

export type SlotState =
  /** Not ours: another process (or none) drives it; its record is read from disk. */
  | { kind: 'unheld' }
  /**
   * We hold the lock (and so write its log) but run no process: queued, parked
   * at a pause, or between a finish and the lock's release.
   */
  | { kind: 'held'; release: ReleaseLock; finishing: boolean }
  /** Left the queue, its process is being prepared: counts against the concurrency limit. */
  | { kind: 'launching'; release: ReleaseLock; finishing: boolean; cancelRequested: boolean }
  /** A process of ours runs it (or is on its way out). */
  | {
      kind: 'running';
      release: ReleaseLock;
      process: AgentProcess;
      /** `finished` is written (or being written): written once per launch. */
      finishing: boolean;
      cancelRequested: boolean;
      waiter: AnswerWaiter | null;
    };

export interface AgentSlot {
  readonly id: string;
  record: AgentRecord;
  state: SlotState;
  /** Text for the next process's first user turn (review feedback). */
  followUp?: string;
  /** Appends are serialised per agent so seq order is the order of calls. */
  writes: Promise<unknown>;
  /**
   * Why its log cannot be written (a full, read-only or vanished OFFLOAD_HOME):
   * set at the first such failure; the agent is stopped and reads as failed.
   */
  storageFailure?: string;
  /**
   * A storage failure that could not be written to the log even at the end
   * (the home is still full, or gone): the agent keeps reading as failed
   * with it, whatever the log on disk says, until something is logged again.
   */
  unloggedFailure?: string;
}

export function newSlot(id: string, record: AgentRecord): AgentSlot {
  return { id, record, state: { kind: 'unheld' }, writes: Promise.resolve() };
}

export function isHeld(slot: AgentSlot): slot is AgentSlot & { state: Exclude<SlotState, { kind: 'unheld' }> } {
  return slot.state.kind !== 'unheld';
}

/** The process of ours that runs the agent, if any. */
export function processOf(slot: AgentSlot): AgentProcess | null {
  return slot.state.kind === 'running' ? slot.state.process : null;
}
