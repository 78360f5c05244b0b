// The scheduler without processes or timers: an in-memory event log, review
// and rate limiter, fake agent processes the test drives through the same
// AgentHostService a real one calls, and a clock the test advances.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEmittedEvent, AgentHostService, AgentInit } from '../../../shared/contract/agentHost.js';
import type { AgentEvent, AgentEventBody } from '../../../shared/events.js';
import { emptyRecord } from '../../../shared/reduceAgent.js';
import type { ProcessExit } from '../../launch/launcher.js';
import type { EventLogPort } from '../ports.js';
import { AgentRegistry } from './agentRegistry.js';
import type { AgentProcess } from './agentSlot.js';
import { CANCEL_GRACE_MS, EXIT_AFTER_FINISH_MS, Scheduler, type Clock, type LaunchPlan, type ProcessStarter } from './scheduler.js';
import { inertReview as review, unlimitedRateLimits as rateLimits } from './testPorts.js';

class MemoryLog implements EventLogPort {
  readonly logs = new Map<string, AgentEvent[]>();
  readonly locks = new Set<string>();
  /** Locks "another process" holds. */
  readonly foreignLocks = new Set<string>();
  listAgentIds() {
    return [...this.logs.keys()];
  }
  read(id: string) {
    return [...(this.logs.get(id) ?? [])];
  }
  append(id: string, body: AgentEventBody): AgentEvent {
    const events = this.logs.get(id) ?? [];
    this.logs.set(id, events);
    const event = { ...body, agentId: id, time: new Date().toISOString(), seq: events.length + 1 } as AgentEvent;
    events.push(event);
    return event;
  }
  lock(id: string) {
    if (this.locks.has(id) || this.foreignLocks.has(id)) throw Object.assign(new Error(`Agent ${id} is busy`), { code: 'AGENT_BUSY' });
    this.locks.add(id);
    return () => {
      this.locks.delete(id);
    };
  }
  statuses(id: string): string[] {
    return this.read(id).flatMap((e) => (e.type === 'status' ? [e.status] : e.type === 'finished' ? [`finished:${e.status}`] : []));
  }
}

class FakeClock implements Clock {
  private now = 0;
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  setTimeout(fn: () => void, ms: number) {
    const timer = { at: this.now + ms, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }
  advance(ms: number): void {
    this.now += ms;
    for (const timer of this.timers.filter((t) => t.live && t.at <= this.now)) {
      timer.live = false;
      timer.fn();
    }
  }
}

class FakeProcess implements AgentProcess {
  static nextPid = 1000;
  readonly pid = FakeProcess.nextPid++;
  hasExited = false;
  readonly exit: Promise<ProcessExit>;
  private readonly controller = new AbortController();
  private resolveExit!: (exit: ProcessExit) => void;
  init: AgentInit | null = null;
  cancelCalls = 0;
  kills: Array<number | undefined> = [];
  constructor(readonly host: AgentHostService) {
    this.exit = new Promise((resolve) => (this.resolveExit = resolve));
  }
  get ended() {
    return this.controller.signal;
  }
  async start(init: AgentInit) {
    this.init = init;
  }
  async cancel() {
    this.cancelCalls++;
  }
  /** A real process takes a moment to die after SIGTERM and may still send messages meanwhile. */
  lingerOnKill = false;
  kill(graceMs?: number) {
    this.kills.push(graceMs);
    if (!this.lingerOnKill) this.end({ code: null, signal: 'SIGTERM', reason: 'killed by the supervisor' });
  }
  end(exit: ProcessExit = { code: 0, signal: null }) {
    if (this.hasExited) return;
    this.hasExited = true;
    this.controller.abort();
    this.resolveExit(exit);
  }
  commandStarted() {}
  commandEnded() {}
}

function harness(concurrency = 1, { endProcessOnPause = false, lingerOnKill = false } = {}) {
  const log = new MemoryLog();
  const clock = new FakeClock();
  const processes: Array<FakeProcess & { agentId: string }> = [];
  const starter: ProcessStarter = {
    async prepare(agentId): Promise<LaunchPlan> {
      return {
        modelChanged: false,
        loggedToolCalls: new Set(),
        init: {
          agentId,
          name: agentId,
          prompt: 'p',
          workspace: '/ws',
          model: 'm',
          apiKey: 'k',
          options: { approval: 'auto', scope: [], allowedCommands: [], webSearch: false, mode: 'background' } as unknown as AgentInit['options'],
          messages: [],
          completedToolResults: {},
          stepsSoFar: 0,
        },
      };
    },
    spawn(plan, host) {
      const process = Object.assign(new FakeProcess(host), { agentId: plan.init.agentId, lingerOnKill });
      processes.push(process);
      return process;
    },
  };
  const registry = new AgentRegistry(log, '/ws');
  const scheduler = new Scheduler({ registry, starter, review, rateLimits, clock, concurrency: () => concurrency, endProcessOnPause });
  async function add(id: string) {
    const slot = await registry.create(id, emptyRecord(id));
    await registry.append(slot, { type: 'started', name: id, prompt: 'p', options: {} as never, workspace: '/ws' });
    await scheduler.enqueue(slot);
    return slot;
  }
  return { log, clock, processes, registry, scheduler, add };
}

/** Lets the scheduler's promise chains run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

const finished = (status: 'completed' | 'failed'): AgentEmittedEvent => ({ type: 'finished', status });

test('beyond the concurrency limit an agent waits queued; it launches when the running one finishes', async () => {
  const h = harness(1);
  await h.add('a');
  await h.add('b');
  await settle();
  assert.deepEqual(h.processes.map((p) => p.agentId), ['a']);
  assert.equal(h.registry.get('b')!.record.status, 'queued');
  assert.equal(h.processes[0]!.init?.agentId, 'a', 'the process got its start call');

  await h.processes[0]!.host.emit(finished('completed'));
  h.processes[0]!.end();
  await settle();
  assert.equal(h.registry.get('a')!.record.status, 'completed');
  assert.deepEqual(h.processes.map((p) => p.agentId), ['a', 'b']);
  assert.equal(h.registry.get('b')!.record.status, 'running');
  assert.ok(!h.log.locks.has('a'), 'a finished agent frees its lock');
});

test('a paused agent frees its concurrency slot and its answer reaches the waiting process', async () => {
  const h = harness(1);
  await h.add('a');
  await h.add('b');
  await settle();
  const answer = h.processes[0]!.host.pause({ kind: 'input', toolUseId: 't1', question: 'which?' } as never);
  await settle();
  assert.equal(h.registry.get('a')!.record.status, 'paused_input');
  assert.deepEqual(h.processes.map((p) => p.agentId), ['a', 'b'], 'b launched while a waits');
  const state = h.registry.get('a')!.state;
  assert.ok(state.kind === 'running' && state.waiter?.toolUseId === 't1');
  state.waiter.resolve({ kind: 'input', answer: 'this one' });
  assert.deepEqual(await answer, { kind: 'input', answer: 'this one' });
});

test('a one-command host ends a paused agent\'s process; what the dying process reports (finished, cancelled) does not unpark it', async () => {
  // The CLI's `run` (endProcessOnPause): at the pause the host writes the pause
  // and SIGTERMs the process; the agent's SIGTERM handler cancels its loop, and
  // the loop may still report `finished` before the process is gone. The agent
  // must stay paused (exit 3), not turn cancelled or failed.
  const h = harness(1, { endProcessOnPause: true, lingerOnKill: true });
  await h.add('a');
  await settle();
  const process = h.processes[0]!;
  void process.host.pause({ kind: 'approval', toolUseId: 't1', command: 'touch x', reason: 'command' });
  await settle();
  assert.equal(h.registry.get('a')!.record.status, 'paused_approval');
  assert.equal(process.kills.length, 1, 'the paused process is told to end');
  await process.host.emitBatch([{ type: 'text', text: 'on my way out' }, { type: 'finished', status: 'cancelled' }]);
  await process.host.emit({ type: 'finished', status: 'failed', error: 'The connection to the supervisor was lost.' });
  process.end({ code: 1, signal: null });
  await settle();
  assert.equal(h.registry.get('a')!.record.status, 'paused_approval');
  assert.deepEqual(h.log.statuses('a'), ['queued', 'running', 'paused_approval']);
  assert.ok(!h.log.locks.has('a'), 'the parked agent frees its lock for the answer');
});

test('cancel asks a running agent to stop at its step boundary, and kills it after the grace', async () => {
  const h = harness(2);
  const slot = await h.add('a');
  await settle();
  const process = h.processes[0]!;
  assert.equal(await h.scheduler.cancel(slot), true);
  assert.equal(process.cancelCalls, 1);
  h.clock.advance(CANCEL_GRACE_MS - 1);
  assert.deepEqual(process.kills, [], 'not killed before the grace');
  h.clock.advance(1);
  assert.equal(process.kills.length, 1);
  await settle();
  assert.deepEqual(h.log.statuses('a'), ['queued', 'running', 'finished:cancelled']);
});

test('a cancelled agent that stops by itself is not killed, and is recorded cancelled', async () => {
  const h = harness(1);
  const slot = await h.add('a');
  await settle();
  await h.scheduler.cancel(slot);
  h.processes[0]!.end({ code: 0, signal: null });
  await settle();
  h.clock.advance(CANCEL_GRACE_MS);
  assert.deepEqual(h.processes[0]!.kills, []);
  assert.equal(h.registry.get('a')!.record.status, 'cancelled');
});

test('a queued agent is cancelled without ever getting a process', async () => {
  const h = harness(1);
  await h.add('a');
  const b = await h.add('b');
  await settle();
  await h.scheduler.cancel(b);
  await h.processes[0]!.host.emit(finished('completed'));
  h.processes[0]!.end();
  await settle();
  assert.deepEqual(h.processes.map((p) => p.agentId), ['a']);
  assert.equal(h.registry.get('b')!.record.status, 'cancelled');
});

test('a process that dies before finishing fails its agent with the reason, and the next one starts', async () => {
  const h = harness(1);
  await h.add('a');
  await h.add('b');
  await settle();
  h.processes[0]!.end({ code: 3, signal: null });
  await settle();
  const a = h.registry.get('a')!.record;
  assert.equal(a.status, 'failed');
  assert.match(a.error ?? '', /exited with code 3/);
  assert.deepEqual(h.processes.map((p) => p.agentId), ['a', 'b']);
});

test('a process that says it finished but does not exit is killed after a grace', async () => {
  const h = harness(1);
  await h.add('a');
  await settle();
  await h.processes[0]!.host.emit(finished('completed'));
  h.clock.advance(EXIT_AFTER_FINISH_MS - 1);
  assert.deepEqual(h.processes[0]!.kills, []);
  h.clock.advance(1);
  assert.equal(h.processes[0]!.kills.length, 1);
  await settle();
  assert.equal(h.registry.get('a')!.record.status, 'completed', 'the kill does not turn a completed agent into a failed one');
});

test('an agent another process holds is not cancelled here (the caller must reach that process)', async () => {
  const h = harness(1);
  h.log.append('x', { type: 'started', name: 'x', prompt: 'p', options: {} as never, workspace: '/ws' });
  h.log.append('x', { type: 'status', status: 'running' });
  h.log.foreignLocks.add('x');
  const slot = await h.registry.slotOf('x');
  assert.equal(await h.scheduler.cancel(slot), false);
  assert.equal((await h.registry.currentRecord(slot)).status, 'running');
});

test('dispose ends running processes; their agents read as interrupted', async () => {
  const h = harness(1);
  await h.add('a');
  await h.add('b');
  await settle();
  await h.scheduler.dispose();
  assert.equal(h.processes[0]!.kills.length, 1);
  assert.equal(h.registry.get('a')!.record.status, 'failed');
  assert.equal(h.registry.get('b')!.record.status, 'failed');
  assert.match(JSON.stringify(h.log.read('b').at(-1)), /interrupted: the host stopped/);
  assert.equal(h.log.locks.size, 0);
});
