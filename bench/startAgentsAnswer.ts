// The host's share of Send → the new row (issue 9): how long the supervisor's
// startAgents takes to answer, in a workspace that already has a history of
// agents. A real event log in a temp folder; a process starter that never
// launches (the process is started after the answer, so it is not part of it).
// Reported: wall time and this process's CPU time per call (user + system,
// which a loaded machine bends far less than wall time).
//
// Prints one JSON object. Run: node dist/bench/startAgentsAnswer.js [--existing N] [--runs N]
//   To compare with another build: node OTHER/dist/bench/startAgentsAnswer.js

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../src/shared/settings.js';
import { AgentEventLog } from '../src/main/store/eventLog.js';
import type { AgentLauncher } from '../src/main/launch/launcher.js';
import { inertReview, unlimitedRateLimits } from '../src/main/app/agents/testPorts.js';
import { Supervisor } from '../src/main/app/supervisor.js';
import { machineInfo, summarize } from './support/benchHost.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const EXISTING = option('--existing', 100);
const RUNS = option('--runs', 40);

let lastId = 0;
function supervisorIn(stateDir: string): Supervisor {
  return new Supervisor({
    workspace: '/bench',
    stateDir,
    log: new AgentEventLog(stateDir, { summaries: { release: 'bench' } }),
    launcher: {} as AgentLauncher,
    agentEntry: '/none',
    settings: () => ({ ...DEFAULT_SETTINGS, concurrency: 1_000 }),
    env: {},
    apiKey: async () => 'sk-ant-bench-0000',
    defaultModel: async () => 'claude-sonnet-bench',
    review: inertReview,
    rateLimits: unlimitedRateLimits,
    createName: (taken) => `bench-${taken.size + 1}`,
    newAgentId: () => `0bench${String(++lastId).padStart(12, '0')}`,
    endProcessOnPause: false,
    starter: { prepare: () => new Promise(() => {}), spawn: () => { throw new Error('never launched'); } },
  });
}

async function main() {
  const stateDir = mkdtempSync(join(tmpdir(), 'offload-bench-start-'));
  try {
    // The history, written by an earlier host.
    const earlier = supervisorIn(stateDir);
    await earlier.init();
    for (let i = 0; i < EXISTING; i += 20) await earlier.startAgents(Array.from({ length: Math.min(20, EXISTING - i) }, (_, j) => `earlier task ${i + j}`));
    await earlier.dispose();

    const supervisor = supervisorIn(stateDir);
    await supervisor.init();
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await supervisor.startAgents([`new task ${i}`]);
      wall.push(performance.now() - t0);
      const used = process.cpuUsage(cpu0);
      cpu.push((used.user + used.system) / 1000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await supervisor.dispose();
    console.log(
      JSON.stringify(
        { benchmark: 'startAgentsAnswer', machine: await machineInfo(), existingAgents: EXISTING, wallMs: summarize(wall), cpuMs: summarize(cpu) },
        null,
        2,
      ),
    );
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
