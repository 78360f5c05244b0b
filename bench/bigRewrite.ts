// Big rewrites and a responsive host (issue 13, item 1). Prints JSON.
//
// 1. diffs: the review diff of a file rewritten line for line (every line
//    changed) at 1k, 8k, 16k and 64k lines: wall time, whether it was bounded
//    ("too large to diff line by line"), and the longest stall of this
//    process's event loop while it ran (what every other agent and the UI wait
//    through). `git diff --no-index --numstat` of the same two files, for comparison.
// 2. host: a real host with two real agents against the fake model server:
//    agent A rewrites a 16,000-line file and finishes (its summary diffs it),
//    then the review is asked for A's diff as the UI does; all the while agent
//    B makes quick tool calls and a client pings the host with listAgents every
//    10 ms. Latency p50/p99/max of those pings and of B's RPCs as the host handled them.
//
// Run: node dist/bench/bigRewrite.js [--sizes 1000,8000,16000,64000] [--skip-host]

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { promptFor, textTurn, toolTurn } from '../e2e/fixtures/scenarioHelpers.js';
import type { ScriptedTurn } from '../e2e/fixtures/fakeModel/types.js';
import { WorkspaceReview } from '../src/main/workspace/workspaceReview.js';
import { atRest, cleanupOnSignal, machineInfo, openSandbox, round, summarize, waitFor } from './support/benchHost.js';
import { startRemoteFakeServer } from './support/fakeServerProcess.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const SIZES = (flag('--sizes') ?? '1000,8000,16000,64000').split(',').map(Number);
const SKIP_HOST = args.includes('--skip-host');
const HOST_LINES = 16_000;
const TARGET_RPC_MS = 50;
const TARGET_DIFF_MS = 1000;

const numbered = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `export const value${i} = '${tag}-${i}'; // line ${i}`).join('\n') + '\n';

/** Runs fn while sampling the event loop; returns its result, wall ms and the longest stall seen. */
async function withStallWatch<T>(fn: () => Promise<T>): Promise<{ out: T; ms: number; maxStallMs: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  h.disable();
  return { out, ms: round(ms, 1), maxStallMs: round(h.max / 1e6, 1) };
}

async function diffBench(root: string, lines: number) {
  const workspace = path.join(root, `ws-${lines}`);
  const stateDir = path.join(root, `state-${lines}`);
  fs.mkdirSync(workspace, { recursive: true });
  const file = path.join(workspace, 'big.ts');
  const oldText = numbered(lines, 'old');
  const newText = numbered(lines, 'new');
  fs.writeFileSync(file, oldText);
  const review = new WorkspaceReview({ workspace, stateDir, nameOf: (id) => id });
  await review.init();
  await review.beforeWrite('bench', ['big.ts'], 1);
  fs.writeFileSync(file, newText);
  await review.afterWrite('bench', ['big.ts'], 1);
  const { out: files, ms, maxStallMs } = await withStallWatch(() => review.getDiff('bench'));
  const diff = files[0]!;
  await review.dispose();
  fs.writeFileSync(path.join(root, 'old.ts'), oldText);
  const g0 = performance.now();
  try {
    execFileSync('git', ['diff', '--no-index', '--numstat', path.join(root, 'old.ts'), file], { stdio: 'ignore' });
  } catch {
    // exit 1: the files differ
  }
  const gitMs = round(performance.now() - g0, 1);
  return {
    lines,
    diffMs: ms,
    maxEventLoopStallMs: maxStallMs,
    tooLarge: diff.tooLarge === true,
    hunks: diff.hunks.length,
    additions: diff.additions,
    deletions: diff.deletions,
    gitDiffNumstatMs: gitMs,
    met: ms < TARGET_DIFF_MS || diff.tooLarge === true,
  };
}

async function hostBench() {
  const quick: ScriptedTurn[] = Array.from({ length: 400 }, () => toolTurn('list_dir', { path: '.' }));
  const server = await startRemoteFakeServer({
    scenarios: {
      rewrite: [toolTurn('write_file', { path: 'big.ts', content: numbered(HOST_LINES, 'new') }), textTurn('Rewrote big.ts.')],
      quick: [...quick, textTurn('Listed.')],
    },
  });
  const box = await openSandbox(server.url, { concurrency: 4 });
  const cleanup = async () => {
    await box.cleanup();
    await server.close();
  };
  cleanupOnSignal(cleanup);
  try {
    fs.writeFileSync(path.join(box.workspace, 'big.ts'), numbered(HOST_LINES, 'old'));
    const [b] = await box.api.startAgents({ prompts: [promptFor('quick', 'List a lot.')] });
    await waitFor(box.api, b!.id, (r) => r.steps >= 5);
    const pings: number[] = [];
    let pinging = true;
    const pinger = (async () => {
      while (pinging) {
        const t0 = performance.now();
        await box.api.listAgents();
        pings.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const callsBefore = box.launcher.calls.length;
    const t0 = performance.now();
    const [a] = await box.api.startAgents({ prompts: [promptFor('rewrite', 'Rewrite big.ts.')] });
    const finished = await waitFor(box.api, a!.id, atRest, 600_000);
    const agentMs = performance.now() - t0;
    // What the UI does next: fetch the review.
    const d0 = performance.now();
    const files = await box.api.getDiff(a!.id);
    const uiDiffMs = performance.now() - d0;
    pinging = false;
    await pinger;
    const bPid = (await box.api.getAgent(b!.id)).pid;
    const bCalls = box.launcher.calls
      .slice(callsBefore)
      .filter((c) => c.pid === bPid)
      .map((c) => c.end - c.start);
    await box.api.cancel(b!.id).catch(() => undefined);
    const pingSummary = summarize(pings);
    const sorted = [...pings].sort((x, y) => x - y);
    const p99 = round(sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)] ?? 0, 1);
    const callsSorted = [...bCalls].sort((x, y) => x - y);
    const callsP99 = round(callsSorted[Math.min(callsSorted.length - 1, Math.ceil(0.99 * callsSorted.length) - 1)] ?? 0, 1);
    return {
      lines: HOST_LINES,
      rewritingAgent: { status: finished.status, ms: round(agentMs, 0), reviewDiffMs: round(uiDiffMs, 1), tooLarge: files[0]?.tooLarge === true },
      hostPingMs: { ...pingSummary, p99, over50ms: pings.filter((p) => p > TARGET_RPC_MS).length },
      agentRpcHandledMs: { n: bCalls.length, p99: callsP99, max: round(callsSorted.at(-1) ?? 0, 1) },
      target: `host answers within ${TARGET_RPC_MS} ms throughout`,
      met: p99 <= TARGET_RPC_MS,
    };
  } finally {
    await cleanup();
  }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-bigrewrite-'));
try {
  const diffs = [];
  for (const lines of SIZES) diffs.push(await diffBench(root, lines));
  const host = SKIP_HOST ? null : await hostBench();
  console.log(JSON.stringify({ bench: 'bigRewrite', machine: await machineInfo(), targetDiffMs: TARGET_DIFF_MS, diffs, host }, null, 2));
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
