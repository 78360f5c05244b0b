// `offload run` as the workspace's host waits for every agent of the host
// before it exits, and says so when it waits for agents started elsewhere (a
// page, another terminal). Its own agent, finished but with a process still
// ending, is not one of those (under load that ending outlasts a tick and the
// command used to say "waiting for 1 agent started from elsewhere").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentRecord, AgentStatus } from '../../shared/agent.js';
import type { OffloadService } from '../../shared/contract/offloadService.js';
import { untilIdle } from './session.js';

/** A host whose agents' slots and statuses the test sets (the two things untilIdle reads). */
function hostOf(agents: Map<string, AgentStatus>) {
  const service = {
    getAgent: async (id: string) => {
      const status = agents.get(id);
      if (!status) throw new Error(`no agent ${id}`);
      return { id, status } as AgentRecord;
    },
  } as unknown as OffloadService;
  return { activeAgentIds: () => [...agents.keys()], service };
}

test('a settled agent whose process is still ending is waited for in silence', async () => {
  const agents = new Map<string, AgentStatus>([['own', 'completed']]);
  const told: number[] = [];
  setTimeout(() => agents.delete('own'), 120); // its process exits after a few ticks
  await untilIdle(hostOf(agents), (count) => told.push(count), 20);
  assert.deepEqual(told, []);
});

test('agents still running are named once, by their number, and the wait ends when they do', async () => {
  const agents = new Map<string, AgentStatus>([
    ['own', 'completed'],
    ['page-1', 'running'],
    ['page-2', 'paused_input'],
  ]);
  const told: number[] = [];
  setTimeout(() => agents.delete('own'), 30);
  setTimeout(() => agents.clear(), 150);
  await untilIdle(hostOf(agents), (count) => told.push(count), 20);
  assert.deepEqual(told, [2]);
});

test('no active agent: resolves at once', async () => {
  await untilIdle(hostOf(new Map()), () => assert.fail('nothing to wait for'));
});

test("the wait ends a few milliseconds after the last agent's process does, not a poll interval later", async (t) => {
  // `offload run` polled every 200 ms, so every run waited up to 200 ms after its agent's process had exited.
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const agents = new Map<string, AgentStatus>([['own', 'completed']]);
  let done = false;
  const waiting = untilIdle(hostOf(agents)).then(() => (done = true));
  t.mock.timers.tick(5);
  agents.delete('own'); // its process exits
  for (let ms = 0; ms < 40 && !done; ms += 5) {
    t.mock.timers.tick(5);
    await Promise.resolve();
  }
  assert.equal(done, true, 'still waiting 40 ms after the process exited');
  await waiting;
});
