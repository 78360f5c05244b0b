// Send → the new agent's row (issue 9: under 150 ms p95, bench/ui.ts): what
// startAgents does before it answers. It answers once the agent is registered
// and its log's first lines are on disk: one write, no pass over the other
// agents' records, and the process is prepared only after the answer (a fork
// blocks the host's thread for tens of milliseconds).
// A real event log in a temp folder, counted; a starter that only records.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRecord } from '../../shared/agent.js';
import type { AgentEventBody } from '../../shared/events.js';
import { DEFAULT_SETTINGS } from '../../shared/settings.js';
import { AgentEventLog } from '../store/eventLog.js';
import { agentLogPath } from '../store/homePaths.js';
import type { AgentLauncher } from '../launch/launcher.js';
import type { EventLogPort } from './ports.js';
import type { LaunchPlan, ProcessStarter } from './agents/scheduler.js';
import { Supervisor } from './supervisor.js';
import { inertReview as review, unlimitedRateLimits as rateLimits } from './agents/testPorts.js';

/** The real log, with every call written down in order. */
function countedLog(real: AgentEventLog, calls: string[]): EventLogPort {
  return {
    listAgentIds: () => (calls.push('listAgentIds'), real.listAgentIds()),
    read: (id) => (calls.push(`read ${id}`), real.read(id)),
    readRecord: (id) => (calls.push(`readRecord ${id}`), real.readRecord(id)),
    saveRecord: (id, record) => real.saveRecord(id, record),
    lock: (id) => (calls.push(`lock ${id}`), real.lock(id)),
    append: (id, body) => (calls.push(`append ${id} ${body.type}`), real.append(id, body)),
    appendMany: (id, bodies: readonly AgentEventBody[]) => (calls.push(`append ${id} ${bodies.map((b) => b.type).join('+')}`), real.appendMany(id, bodies)),
  };
}

/** Ids sort by creation, across the hosts of one test. */
let lastId = 0;

function supervisorIn(stateDir: string, calls: string[], prepared: string[]) {
  const starter: ProcessStarter = {
    async prepare(agentId: string): Promise<LaunchPlan> {
      prepared.push(agentId);
      calls.push(`prepare ${agentId}`);
      // Never launches: the agents stay queued/launching, which is all this test looks at.
      return new Promise(() => {});
    },
    spawn() {
      throw new Error('not in this test');
    },
  };
  const supervisor = new Supervisor({
    workspace: '/workspace',
    stateDir,
    log: countedLog(new AgentEventLog(stateDir, { summaries: { release: 'test' } }), calls),
    launcher: {} as AgentLauncher,
    agentEntry: '/none',
    settings: () => ({ ...DEFAULT_SETTINGS, concurrency: 8 }),
    env: {},
    apiKey: async () => 'sk-ant-test-key-0000',
    defaultModel: async () => 'claude-sonnet-test',
    review,
    rateLimits,
    createName: (taken) => `agent-${taken.size + 1}`,
    newAgentId: () => `0start${String(++lastId).padStart(10, '0')}`,
    endProcessOnPause: false,
    starter,
  });
  return supervisor;
}

test('startAgents answers once the agent is registered and its first lines are written: one write, no reading the other agents, its process prepared after the answer', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'offload-start-'));
  const calls: string[] = [];
  const prepared: string[] = [];
  try {
    // A workspace with history: three agents written by an earlier host.
    const earlier = supervisorIn(stateDir, [], []);
    await earlier.init();
    const old = await earlier.startAgents(['one', 'two', 'three']);
    await earlier.dispose();

    const supervisor = supervisorIn(stateDir, calls, prepared);
    await supervisor.init();
    const records: AgentRecord[] = [];
    supervisor.on({ onRecord: (record) => records.push(record) });
    calls.length = 0;

    const [created] = await supervisor.startAgents(['four']);
    const atAnswer = [...calls];
    assert.ok(created);
    assert.equal(created.status, 'queued');
    assert.equal(created.prompt, 'four');
    assert.ok(!old.some((r) => r.name === created.name), `a name of its own (${created.name})`);
    // The first lines are on disk when the answer comes.
    const lines = readFileSync(agentLogPath(stateDir, created.id), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; status?: string });
    assert.deepEqual(lines.map((e) => e.status ?? e.type), ['started', 'queued']);
    assert.deepEqual(
      atAnswer.filter((c) => !c.startsWith('listAgentIds')),
      [`lock ${created.id}`, `append ${created.id} started+status`],
      'one lock and one write for the new agent; the other agents are not read',
    );
    assert.deepEqual(prepared, [], 'its process is prepared after the answer');

    // Then the page hears of it, and only then does the launch begin.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(records.find((r) => r.id === created.id)?.status, 'queued');
    assert.deepEqual(prepared, [created.id]);
    await supervisor.dispose();
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
