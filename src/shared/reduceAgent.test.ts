import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentOptions } from './agent.js';
import type { AgentEvent, AgentEventBody } from './events.js';
import { reduceAgent, runningTimeMs } from './reduceAgent.js';

/** A log from [seconds after 12:00:00, event] pairs. */
function log(entries: [number, AgentEventBody][]): AgentEvent[] {
  return entries.map(([s, body], i) => ({ ...body, agentId: 'a1', seq: i + 1, time: new Date(Date.UTC(2026, 11, 2, 12, 0, s)).toISOString() }) as AgentEvent);
}
const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 12, 0, s));
const OPTIONS: AgentOptions = { approval: 'ask', scope: [], allowedCommands: [], webSearch: true, mode: 'background' };
const started: AgentEventBody = { type: 'started', name: 'n', prompt: 'p', options: OPTIONS, workspace: '/w' };

test('elapsed time counts running time only: a pause for approval or input does not count (issue 9, defect 13)', () => {
  const events = log([
    [0, started],
    [2, { type: 'status', status: 'running' }],
    [5, { type: 'status', status: 'paused_approval' }],
    [35, { type: 'status', status: 'running' }],
    [40, { type: 'status', status: 'paused_input' }],
    [50, { type: 'status', status: 'running' }],
  ]);
  // 3 s + 5 s of closed stretches, and the open one from 50 s.
  assert.equal(reduceAgent('a1', events, at(51)).elapsedMs, 9_000);
  // Paused now: the clock stands still however late it is read.
  assert.equal(reduceAgent('a1', events.slice(0, 5), at(45)).elapsedMs, 8_000);
  assert.equal(reduceAgent('a1', events.slice(0, 5), at(3_000)).elapsedMs, 8_000);
});

test('elapsed time stops at the end, and a queued agent has none', () => {
  const events = log([
    [0, started],
    [1, { type: 'status', status: 'queued' }],
    [4, { type: 'status', status: 'running' }],
    [10, { type: 'status', status: 'paused_input' }],
    [70, { type: 'status', status: 'running' }],
    [72, { type: 'finished', status: 'completed', summary: { filesChanged: [], commandsRun: [], testsRun: [] } }],
  ]);
  assert.equal(reduceAgent('a1', events.slice(0, 2), at(30)).elapsedMs, 0);
  const done = reduceAgent('a1', events, at(500));
  assert.equal(done.elapsedMs, 8_000);
  assert.equal(done.runningSince, null);
  // The live clock the UI runs from the record gives the same figure.
  assert.equal(runningTimeMs(done, at(900).getTime()), 8_000);
});

test('a resumed agent adds its new running time to the old', () => {
  const events = log([
    [0, started],
    [0, { type: 'status', status: 'running' }],
    [6, { type: 'status', status: 'cancelled' }],
    [100, { type: 'status', status: 'running' }],
  ]);
  const record = reduceAgent('a1', events, at(104));
  assert.equal(record.elapsedMs, 10_000);
  assert.equal(runningTimeMs(record, at(110).getTime()), 16_000);
});
