// CLI and host start-up (issue 11, targets: `offload --help` under 80 ms,
// spawn of `offload run` to its first model request under 300 ms).
//
// Measured from outside, as a person or a script sees it: the real `bin/offload`
// is spawned with a fresh OFFLOAD_HOME and workspace each time, against the
// fake model server running in a child process (fakeServerProcess.ts), which
// stamps each POST /v1/messages with its arrival time.
// - helpMs: spawn of `offload --help` to its exit; beside it `node -e ''`
//   (bare Node's start and exit) in the same run, interleaved.
// - spawnToFirstRequestMs: spawn of `offload run PROMPT` (model from the API's
//   list) to its first request reaching the server; `withModelFlagMs` the same
//   with `--model` (no model list needed). Beside them `bareNodeFetchMs`: spawn
//   of a bare `node -e "fetch(...)"` posting to the same server, the floor.
//   The runs share one folder of compiled agent code (OFFLOAD_CODE_CACHE_DIR),
//   as a user's runs share their home's; the run that fills it is timed apart
//   (`firstRunSpawnToFirstRequestMs`: the first agent after an install).
//
// Prints one JSON object. Run: node dist/bench/startup.js [--runs N] [--bin PATH]

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DONE_TURN } from '../e2e/fixtures/fakeModelServer.js';
import { promptFor } from '../e2e/fixtures/scenarioHelpers.js';
import { startRemoteFakeServer } from './support/fakeServerProcess.js';
import { cleanupOnSignal, machineInfo, round, summarize } from './support/benchHost.js';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 0) || 7;
// --bin PATH: another checkout's bin/offload (to compare builds in the same conditions).
const BIN = args.includes('--bin') ? resolve(args[args.indexOf('--bin') + 1]!) : fileURLToPath(new URL('../../bin/offload', import.meta.url));
const MODEL = 'claude-sonnet-4-6';

/** Spawns a command and resolves with ms from spawn to exit (and its exit code). */
function timedRun(command: string, argv: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<{ ms: number; code: number | null; t0: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const start = performance.now();
    const child = spawn(command, argv, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - start, code, t0, stderr }));
  });
}

async function main(): Promise<void> {
  const scenarios: Record<string, typeof DONE_TURN[]> = {};
  for (let i = 0; i < RUNS; i++) {
    scenarios[`run-${i}`] = [DONE_TURN];
    scenarios[`model-${i}`] = [DONE_TURN];
    scenarios[`bare-${i}`] = [DONE_TURN];
  }
  const server = await startRemoteFakeServer({ scenarios });
  const dir = mkdtempSync(join(tmpdir(), 'offload-bench-startup-'));
  const codeCache = join(dir, 'code-cache');
  const cleanup = async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
  cleanupOnSignal(cleanup);
  try {
    const help: number[] = [];
    const bareNode: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bareNode.push((await timedRun(process.execPath, ['-e', ''], process.env)).ms);
      const r = await timedRun(process.execPath, [BIN, '--help'], process.env);
      if (r.code !== 0) throw new Error(`offload --help exited ${r.code}: ${r.stderr}`);
      help.push(r.ms);
    }

    const spawnedAt = new Map<string, number>();
    const runOnce = async (scenario: string, extra: string[]) => {
      const home = join(dir, scenario, 'home');
      const workspace = join(dir, scenario, 'ws');
      mkdirSync(workspace, { recursive: true });
      writeFileSync(join(workspace, 'README.md'), '# Bench\n');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        OFFLOAD_HOME: home,
        // Agents' compiled code is kept across homes here, as in a user's one home after its first agent.
        OFFLOAD_CODE_CACHE_DIR: codeCache,
        ANTHROPIC_API_KEY: 'sk-ant-bench-key-0000',
        ANTHROPIC_BASE_URL: server.url,
      };
      delete env.OFFLOAD_MODEL;
      const r = await timedRun(process.execPath, [BIN, 'run', '--json', '--workspace', workspace, ...extra, promptFor(scenario, 'Say done.')], env);
      if (r.code !== 0) throw new Error(`offload run exited ${r.code}: ${r.stderr}`);
      spawnedAt.set(scenario, r.t0);
      return r.ms;
    };
    const bareFetch = (scenario: string) => {
      const body = JSON.stringify({ model: MODEL, max_tokens: 16, messages: [{ role: 'user', content: promptFor(scenario, 'hi') }] });
      const code = `fetch(${JSON.stringify(server.url + '/v1/messages')}, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k', 'anthropic-version': '2023-06-01' }, body: ${JSON.stringify(body)} }).then((r) => r.text())`;
      return timedRun(process.execPath, ['-e', code], process.env).then((r) => spawnedAt.set(scenario, r.t0));
    };
    const runTotal: number[] = [];
    // The first agent ever compiles the agent's code and caches it: timed apart, as `firstRunSpawnToFirstRequestMs`.
    await runOnce('first-0', []);
    for (let i = 0; i < RUNS; i++) {
      await bareFetch(`bare-${i}`);
      runTotal.push(await runOnce(`run-${i}`, []));
      await runOnce(`model-${i}`, ['--model', MODEL]);
    }

    const { requests } = await server.requests();
    const firstRequest = (prefix: string) => {
      const out: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const name = `${prefix}-${i}`;
        const first = requests.find((r) => r.scenario === name);
        const t0 = spawnedAt.get(name);
        if (first && t0 !== undefined) out.push(first.time - t0);
      }
      return summarize(out);
    };
    const spawnToFirst = firstRequest('run');
    const firstRun = requests.find((r) => r.scenario === 'first-0');
    const firstRunMs = firstRun && spawnedAt.has('first-0') ? Math.round(firstRun.time - spawnedAt.get('first-0')!) : null;
    const helpSummary = summarize(help);
    console.log(
      JSON.stringify(
        {
          bench: 'startup',
          machine: await machineInfo(),
          runs: RUNS,
          bin: BIN,
          helpMs: helpSummary,
          bareNodeMs: summarize(bareNode),
          spawnToFirstRequestMs: spawnToFirst,
          firstRunSpawnToFirstRequestMs: firstRunMs,
          withModelFlagMs: firstRequest('model'),
          bareNodeFetchMs: firstRequest('bare'),
          runToExitMs: summarize(runTotal),
          targets: { helpMs: 80, spawnToFirstRequestMs: 300 },
          met: { helpMs: helpSummary.p50 < 80, spawnToFirstRequestMs: spawnToFirst.p50 < 300 },
          note: 'ms, p50/p95 over runs; Date.now() stamps (1 ms resolution) for the request arrival',
        },
        (_k, v) => (typeof v === 'number' ? round(v, 1) : v),
        2,
      ),
    );
  } finally {
    await cleanup();
  }
}

await main();
