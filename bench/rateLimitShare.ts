// How much of a shared rate limit 8 agents use (issue 2, target: at least 95%
// of the limit, with no 429 reaching an agent as a failure).
//
// The fake model server enforces a requests-per-minute limit over a sliding
// 60 s window (token limits set far out of reach); the host's settings carry
// the same limit, as a user who copied it from the Console has (the broker
// also learns it from the response headers). AGENTS real agent processes each
// make quick tool turns without end (list_dir, and every 10th turn a write of
// their own file, so the stuck guard does not pause them). From the first
// answered request on, for WINDOW seconds, every successful request is
// counted; the achieved rate is the mean count over every 60 s window that
// fits in the measured one (slid in 0.5 s steps), against the limit.
// Then the agents are cancelled; an agent that ended `failed` counts as failed.
//
// Prints one JSON object. Run: node dist/bench/rateLimitShare.js
//   [--agents 8] [--rpm 60] [--window 90]   (window in seconds, at least 60)

import type { ScriptedTurn } from '../e2e/fixtures/fakeModel/types.js';
import { promptFor, toolTurn } from '../e2e/fixtures/scenarioHelpers.js';
import { atRest, cleanupOnSignal, machineInfo, openSandbox, round, summarize, waitFor } from './support/benchHost.js';
import { startRemoteFakeServer } from './support/fakeServerProcess.js';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1] ?? 0) || fallback;
const AGENTS = numberArg('--agents', 8);
const RPM = numberArg('--rpm', 60);
const WINDOW_S = Math.max(60, numberArg('--window', 90));
const MINUTE = 60_000;
const HIGH_TOKENS = 1_000_000_000;

function quickTurn(agent: number, turn: number): ScriptedTurn {
  if (turn % 10 === 9) return toolTurn('write_file', { path: `agent-${agent}.txt`, content: `turn ${turn}\n` });
  return toolTurn('list_dir', {});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  // Enough turns that no agent reaches the end of its script, even one that got every request.
  const turns = Math.ceil((RPM * (WINDOW_S + 120)) / 60) + 20;
  const scenarios = Object.fromEntries(
    Array.from({ length: AGENTS }, (_, agent) => [`share-${agent}`, Array.from({ length: turns }, (_, turn) => quickTurn(agent, turn))]),
  );
  // In a process of its own, so its clock and window are not slowed by the host's work.
  const server = await startRemoteFakeServer({ scenarios, rateLimits: { rpm: RPM, itpm: HIGH_TOKENS, otpm: HIGH_TOKENS } });
  const sandbox = await openSandbox(server.url, {
    concurrency: AGENTS,
    rateLimits: { rpm: RPM, itpm: HIGH_TOKENS, otpm: HIGH_TOKENS },
  });
  const cleanup = async () => {
    await sandbox.cleanup();
    await server.close();
  };
  cleanupOnSignal(cleanup);
  try {
    const { api } = sandbox;
    const agents = await api.startAgents({
      prompts: Array.from({ length: AGENTS }, (_, i) => promptFor(`share-${i}`, `Keep busy, agent ${i}.`)),
    });

    // The measured window opens at the first answered request.
    const opened = Date.now();
    let firstOk: number | undefined;
    while (firstOk === undefined) {
      if (Date.now() - opened > 120_000) throw new Error('no agent reached the model in 2 minutes');
      await sleep(100);
      firstOk = (await server.requests()).requests.find((r) => r.status === 200)?.time;
    }
    const t0 = firstOk;
    const t1 = t0 + WINDOW_S * 1000;
    await sleep(Math.max(0, t1 - Date.now()) + 200);

    const seen = await server.requests();
    const during = seen.requests.filter((r) => r.time >= t0 && r.time < t1);
    const ok = during.filter((r) => r.status === 200).map((r) => r.time);
    const perWindow: number[] = [];
    for (let start = t0; start + MINUTE <= t1; start += 500) {
      perWindow.push(ok.filter((t) => t >= start && t < start + MINUTE).length);
    }
    const achieved = perWindow.reduce((s, n) => s + n, 0) / perWindow.length;
    const perAgent = Array.from({ length: AGENTS }, (_, i) => during.filter((r) => r.status === 200 && r.scenario === `share-${i}`).length);
    const rateLimitedSent = seen.stats.rateLimited;

    // Stop them all; a healthy agent ends `cancelled`.
    for (const agent of agents) await api.cancel(agent.id).catch(() => undefined);
    const ends = await Promise.all(agents.map((a) => waitFor(api, a.id, atRest, 60_000)));
    const failed = ends.filter((r) => r.status === 'failed');
    let heldEvents = 0;
    for (const agent of agents) heldEvents += (await api.getEvents(agent.id)).filter((e) => e.type === 'rate_limited').length;

    const share = achieved / RPM;
    console.log(
      JSON.stringify({
        bench: 'rateLimitShare',
        agents: AGENTS,
        limitRpm: RPM,
        windowS: WINDOW_S,
        achievedRpm: round(achieved, 2),
        achievedRpmRange: { min: Math.min(...perWindow), max: Math.max(...perWindow) },
        shareOfLimit: round(share, 4),
        successfulRequestsInWindow: ok.length,
        perAgentRequests: summarize(perAgent),
        rateLimitedResponsesSent: rateLimitedSent,
        rateLimitedEvents: heldEvents,
        agentsFailed: failed.length,
        failures: failed.map((r) => r.error ?? 'failed'),
        endStatuses: ends.map((r) => r.status),
        target: { shareOfLimit: 0.95, agentsFailed: 0 },
        met: { shareOfLimit: share >= 0.95, agentsFailed: failed.length === 0 },
        machine: await machineInfo(),
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
