// Agent start time and memory per idle agent (issue 2, targets: start under
// 150 ms, under 60 MB per idle agent).
//
// A real host launches real agent processes (the compiled agent entry) one at
// a time against the fake model server, each running the real SDK; each
// agent's first model turn is an ask_user question, so it then waits, idle,
// in its own process. Measured per agent:
// - launchToReadyMs: launch() to the process answering the supervisor's
//   `start` call (Node up, the agent's code loaded, the init accepted);
// - launchToFirstRequestMs: launch() to its first POST /v1/messages reaching
//   the fake server (what a person waits for before anything happens).
// The host keeps a warm spare (launch/warmSpare.ts): the first agent starts
// cold (coldLaunchTo*), each later one claims the spare (launchTo*), timed
// from the claim. With all of them paused, each process's RSS (VmRSS from
// /proc on Linux), and the idle spare's.
// For scale, the same machine's bare `fork()` of an empty Node script that
// answers one IPC message is measured too (time to its message, and its RSS).
// Then the same paused agents' memory once they have waited a while
// (`settledIdleAgentRssMb`, read 3 s before the first would be parked: V8's
// memory reducer shrinks an idle heap ~10-20 s after a process goes quiet).
// Then what an idle agent costs once it has waited a while: the host ends a
// paused agent's process after --park-after-ms (OFFLOAD_PAUSED_PROCESS_EXIT_MS;
// a long-lived host's default is a minute), so `parkedAgentProcesses` counts
// paused agents that still have a process then (0: they hold no memory), and
// `answerToRequestMs` is what answering costs, from reply() to the agent's
// next request reaching the server: `waiting` for an agent whose process
// waited, `parked` for one whose process had ended (relaunched from its log).
//
// Then --cold N more cold starts (default 5), each in a fresh host with no
// spare, alternating with a bare fork so both see the same load:
// `coldLaunchToReadyMs` / `coldLaunchToFirstRequestMs`. The benches' hosts
// share one code cache folder (OFFLOAD_CODE_CACHE_DIR, fresh per run), as a
// user's hosts share OFFLOAD_HOME's: the first agent of the run compiles the
// agent's code and caches it (`firstLaunchTo*`: a first start after an install
// or upgrade), the others read the cache. Memory
// is also given as private memory (`idleAgentPrivateMb`, `bareNodePrivateMb`:
// Private_Clean + Private_Dirty from /proc/PID/smaps_rollup): what each more
// process really costs, since RSS also counts the Node binary's pages that
// every Node process shares.
//
// Prints one JSON object. Run: node dist/bench/agentStart.js [--agents N] [--cold N]
//   [--entry PATH]  (another compiled agent entry, e.g. an older build to compare)
//   [--park-after-ms N]  (default 30000)

import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFakeModelServer } from '../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../e2e/fixtures/scenarioHelpers.js';
import { createForkLauncher } from '../src/main/launch/forkLauncher.js';
import { withWarmSpare } from '../src/main/launch/warmSpare.js';
import { cleanupOnSignal, machineInfo, openSandbox, round, summarize, waitFor } from './support/benchHost.js';

const args = process.argv.slice(2);
const AGENTS = Number(args[args.indexOf('--agents') + 1] ?? 0) || 8;
const ENTRY = args.includes('--entry') ? resolve(args[args.indexOf('--entry') + 1]!) : undefined;
const PARK_AFTER_MS = Number(args[args.indexOf('--park-after-ms') + 1] ?? 0) || 30_000;
const COLD_RUNS = args.includes('--cold') ? Number(args[args.indexOf('--cold') + 1]) : 5;
const BARE_FORKS = 5;
const SPARE_BOOT_WAIT_MS = 1_500;

/** Resident memory of a process in MB: /proc on Linux, else null. */
function rssMb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? round(kb / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** Memory only this process holds, in MB (Private_Clean + Private_Dirty): Linux /proc, else null. */
function privateMb(pid: number): number | null {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kb = Number(/^Private_Clean:\s+(\d+)/m.exec(rollup)?.[1]) + Number(/^Private_Dirty:\s+(\d+)/m.exec(rollup)?.[1]);
    return Number.isFinite(kb) ? round(kb / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** fork() of an empty script to its first IPC message: the floor any agent start sits on. */
async function bareFork(forks = BARE_FORKS): Promise<{ ms: number[]; rssMb: number[]; privateMb: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'offload-bench-fork-'));
  try {
    const script = join(dir, 'ping.mjs');
    writeFileSync(script, "process.on('message', () => process.exit(0)); process.send('ready');\n");
    const times: number[] = [];
    const rss: number[] = [];
    const priv: number[] = [];
    for (let i = 0; i < forks; i++) {
      const t0 = performance.now();
      const child = fork(script, [], { stdio: 'ignore' });
      await new Promise<void>((resolve) => child.once('message', () => resolve()));
      times.push(performance.now() - t0);
      const mb = child.pid ? rssMb(child.pid) : null;
      if (mb !== null) rss.push(mb);
      const own = child.pid ? privateMb(child.pid) : null;
      if (own !== null) priv.push(own);
      child.send('bye');
      await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    }
    return { ms: times, rssMb: rss, privateMb: priv };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One agent started cold (a host with no spare) until its question: launch → ready, → first request. */
async function coldStart(serverUrl: string, requests: () => Array<{ time: number; body?: any }>, index: number): Promise<{ ready: number | null; firstRequest: number | null }> {
  const sandbox = await openSandbox(serverUrl, {}, ENTRY, createForkLauncher());
  try {
    const prompt = `Cold agent ${index}.`;
    const [agent] = await sandbox.api.startAgents({ prompts: [promptFor('idle', prompt)] });
    const paused = await waitFor(sandbox.api, agent!.id, (r) => r.status === 'paused_input' || r.status === 'failed' || r.status === 'completed');
    if (paused.status !== 'paused_input') throw new Error(`cold agent ${index} ended ${paused.status}: ${paused.error ?? ''}`);
    const launch = sandbox.launcher.launches[0]!;
    const first = requests().find((r) => JSON.stringify(r.body?.messages?.[0] ?? '').includes(prompt));
    return { ready: launch.startAnsweredAt === null ? null : launch.startAnsweredAt - launch.launchedAt, firstRequest: first ? first.time - launch.launchedAtEpoch : null };
  } finally {
    await sandbox.cleanup();
  }
}

async function main(): Promise<void> {
  const server = await startFakeModelServer({
    defaultScenario: [toolTurn('ask_user', { question: 'Shall I go on?' })],
    scenarios: { idle: [toolTurn('ask_user', { question: 'Shall I go on?' }), textTurn('Done.')] },
  });
  // The host reads it at start (createHost): paused agents' processes end after this long.
  process.env.OFFLOAD_PAUSED_PROCESS_EXIT_MS = String(PARK_AFTER_MS);
  // One code cache for every host of this run, empty at first (see the top).
  const codeCache = mkdtempSync(join(tmpdir(), 'offload-bench-code-'));
  process.env.OFFLOAD_CODE_CACHE_DIR = codeCache;
  // A warm spare as a long-lived host keeps (launch/warmSpare.ts): the first
  // agent starts cold, each later one claims the spare made after the last claim.
  const spares = withWarmSpare(createForkLauncher());
  const sandbox = await openSandbox(server.url, { concurrency: AGENTS }, ENTRY, spares);
  const cleanup = async () => {
    spares.dispose();
    await sandbox.cleanup();
    await server.close();
    rmSync(codeCache, { recursive: true, force: true });
  };
  cleanupOnSignal(cleanup);
  try {
    const { api, launcher } = sandbox;
    const ids: string[] = [];
    let firstPausedAt = 0;
    // One at a time: each start gets the machine to itself, as a person starting one agent does.
    for (let i = 0; i < AGENTS; i++) {
      const [agent] = await api.startAgents({ prompts: [promptFor('idle', `Idle agent ${i}.`)] });
      const paused = await waitFor(api, agent!.id, (r) => r.status === 'paused_input' || r.status === 'failed' || r.status === 'completed');
      if (paused.status !== 'paused_input') throw new Error(`agent ${i} ended ${paused.status}: ${paused.error ?? ''}`);
      ids.push(agent!.id);
      if (i === 0) firstPausedAt = Date.now();
      // A person does not send the next prompt within the second: the spare has booted by then.
      await new Promise((r) => setTimeout(r, SPARE_BOOT_WAIT_MS));
    }

    const launchToReady: number[] = [];
    const launchToFirstRequest: number[] = [];
    const firstToReady: number[] = [];
    const firstToFirstRequest: number[] = [];
    for (const [i, launch] of launcher.launches.entries()) {
      const ready = i === 0 ? firstToReady : launchToReady;
      const request = i === 0 ? firstToFirstRequest : launchToFirstRequest;
      if (launch.startAnsweredAt !== null) ready.push(launch.startAnsweredAt - launch.launchedAt);
      const first = server.requests.find((r) => r.body?.messages?.[0] && JSON.stringify(r.body.messages[0]).includes(`Idle agent ${i}.`));
      if (first) request.push(first.time - launch.launchedAtEpoch);
    }
    const spareRssMb = spares.sparePid ? rssMb(spares.sparePid) : null;

    // Let start-up garbage settle before reading memory.
    await new Promise((r) => setTimeout(r, 1_000));
    const rss: number[] = [];
    const priv: number[] = [];
    for (const id of ids) {
      const pid = (await api.getAgent(id)).pid;
      const mb = pid ? rssMb(pid) : null;
      if (mb !== null) rss.push(mb);
      const own = pid ? privateMb(pid) : null;
      if (own !== null) priv.push(own);
    }
    const sparePrivateMb = spares.sparePid ? privateMb(spares.sparePid) : null;
    const bare = await bareFork();

    /** reply() to the agent's next model request reaching the server. */
    const answerToRequest = async (index: number): Promise<number> => {
      const mine = () => server.requests.filter((r) => JSON.stringify(r.body?.messages?.[0] ?? '').includes(`Idle agent ${index}.`));
      const before = mine().length;
      const t0 = Date.now();
      await api.reply(ids[index]!, 'Yes, go on.');
      const done = await waitFor(api, ids[index]!, (r) => r.status === 'completed' || r.status === 'failed');
      if (done.status !== 'completed') throw new Error(`agent ${index} ended ${done.status}: ${done.error ?? ''}`);
      const next = mine()[before];
      if (!next) throw new Error(`agent ${index} made no request after the answer`);
      return next.time - t0;
    };
    // One answered while its process still waits; the others wait until their processes end.
    const answeredWaiting = await answerToRequest(ids.length - 1);
    // The same paused agents once they have waited a while: V8's memory reducer shrinks an idle
    // heap ~10-20 s after a process goes quiet. Read 3 s before the host would park the first of them.
    const settledRss: number[] = [];
    const settledPriv: number[] = [];
    if (PARK_AFTER_MS >= 10_000) {
      await new Promise((r) => setTimeout(r, Math.max(0, firstPausedAt + PARK_AFTER_MS - 3_000 - Date.now())));
      for (const id of ids.slice(0, -1)) {
        const pid = (await api.getAgent(id)).pid;
        const mb = pid ? rssMb(pid) : null;
        if (mb !== null) settledRss.push(mb);
        const own = pid ? privateMb(pid) : null;
        if (own !== null) settledPriv.push(own);
      }
    }
    const pidsBefore = launcher.launches.map((l) => l.pid).filter((p): p is number => typeof p === 'number');
    const parkDeadline = Date.now() + PARK_AFTER_MS + 60_000;
    let withProcess = ids.length - 1;
    while (Date.now() < parkDeadline) {
      withProcess = 0;
      for (const id of ids.slice(0, -1)) if ((await api.getAgent(id)).pid) withProcess++;
      if (withProcess === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const stillRunning = pidsBefore.filter((pid) => rssMb(pid) !== null && pid !== spares.sparePid).length;
    const answeredParked: number[] = [];
    for (let i = 0; i < Math.min(3, ids.length - 1); i++) {
      answeredParked.push(await answerToRequest(i));
      await new Promise((r) => setTimeout(r, SPARE_BOOT_WAIT_MS));
    }

    // Cold starts, each beside a bare fork made just before it.
    const coldToReady: number[] = [];
    const coldToFirstRequest: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const one = await bareFork(1);
      bare.ms.push(...one.ms);
      const cold = await coldStart(server.url, () => server.requests, i);
      if (cold.ready !== null) coldToReady.push(cold.ready);
      if (cold.firstRequest !== null) coldToFirstRequest.push(cold.firstRequest);
    }

    console.log(
      JSON.stringify({
        bench: 'agentStart',
        agents: AGENTS,
        ...(ENTRY ? { entry: ENTRY } : {}),
        launchToReadyMs: summarize(launchToReady),
        launchToFirstRequestMs: summarize(launchToFirstRequest),
        firstLaunchToReadyMs: summarize(firstToReady),
        firstLaunchToFirstRequestMs: summarize(firstToFirstRequest),
        coldLaunchToReadyMs: summarize(coldToReady),
        coldLaunchToFirstRequestMs: summarize(coldToFirstRequest),
        spareRssMb,
        idleAgentRssMb: rss.length ? summarize(rss) : null,
        idleAgentPrivateMb: priv.length ? summarize(priv) : null,
        settledIdleAgentRssMb: settledRss.length ? summarize(settledRss) : null,
        settledIdleAgentPrivateMb: settledPriv.length ? summarize(settledPriv) : null,
        settledAfterMs: PARK_AFTER_MS - 3_000,
        sparePrivateMb,
        bareNodeForkMs: summarize(bare.ms),
        bareNodeRssMb: bare.rssMb.length ? summarize(bare.rssMb) : null,
        bareNodePrivateMb: bare.privateMb.length ? summarize(bare.privateMb) : null,
        parkAfterMs: PARK_AFTER_MS,
        parkedAgentProcesses: withProcess,
        agentProcessesLeftAfterPark: stillRunning,
        answerToRequestMs: { waiting: round(answeredWaiting), parked: summarize(answeredParked) },
        target: { startMs: 150, idleRssMb: 60 },
        met: {
          startMs: summarize(launchToFirstRequest).p50 < 150,
          idleRssMb: rss.length ? summarize(rss).p50 < 60 : null,
          settledIdleRssMb: settledRss.length ? summarize(settledRss).p50 < 60 : null,
        },
        machine: await machineInfo(),
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
