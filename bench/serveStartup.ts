// `offload serve` start-up against the size of the workspace's history (issue
// 11: serve to an interactive Composer under 1 s, "a host with 500 agents in
// its history starts as fast as one with 5").
//
// Workspaces with 5 and 500 finished agents (each log ~150 events, ~60 KB,
// written by the real AgentEventLog) are served by the real `bin/offload
// serve`, spawned fresh each run, interleaved:
// - serveToUrlMs: spawn to the URL line (the page can be asked for);
// - serveToListMs: spawn to the agents list answered over the host's
//   WebSocket (what the page shows first), through the real client, connected
//   to the printed URL's port with its token as the page is.
// Each history is measured with the summaries beside the logs (`summaries`,
// as every host leaves them) and with them removed before each run (`logsOnly`:
// every log folded, as a host did before summaries, and as the first start
// after an upgrade does). `--bin PATH` serves with another checkout's
// bin/offload (to compare builds).
//
// Run: node dist/bench/serveStartup.js [--runs N] [--bin PATH]

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { AgentEventBody } from '../src/shared/events.js';
import { AgentEventLog, newAgentId } from '../src/main/store/eventLog.js';
import { workspaceStateDir } from '../src/main/store/homePaths.js';
import { connectWsTransport } from '../src/main/server/wsTransport.js';
import { createRpcClient } from '../src/shared/rpc/client.js';
import type { OffloadEvents, OffloadService } from '../src/shared/contract/offloadService.js';
import { cleanupOnSignal, machineInfo, round, summarize } from './support/benchHost.js';

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const RUNS = Number(flag('--runs')) || 5;
const BIN = flag('--bin') ? resolve(flag('--bin')!) : fileURLToPath(new URL('../../bin/offload', import.meta.url));
const HISTORIES = [5, 500];

function history(i: number, steps = 30): AgentEventBody[] {
  const bodies: AgentEventBody[] = [
    { type: 'started', name: `bench-agent-${i}`, prompt: `Task ${i}: tidy module ${i}`, options: { approval: 'ask', scope: [], allowedCommands: [], webSearch: false, mode: 'background' }, workspace: '/bench' },
    { type: 'model', model: 'claude-sonnet-4-6' },
    { type: 'status', status: 'running' },
  ];
  for (let step = 0; step < steps; step++) {
    bodies.push({ type: 'text', text: `Looking at part ${step} of the module.` });
    bodies.push({ type: 'tool_call', tool: 'read_file', toolUseId: `t${step}`, input: { path: `src/file${step}.ts` } });
    bodies.push({ type: 'tool_result', tool: 'read_file', toolUseId: `t${step}`, ok: true, content: `export const value${step} = ${step};\n`.repeat(40) });
    bodies.push({ type: 'usage', model: 'claude-sonnet-4-6', inputTokens: 1200, outputTokens: 80, cacheReadTokens: 900, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0.004 });
  }
  bodies.push({ type: 'finished', status: 'completed', summary: { filesChanged: [], commandsRun: [], testsRun: [] } });
  bodies.push({ type: 'status', status: 'completed' });
  return bodies;
}

async function makeHistory(dir: string, agents: number): Promise<{ workspace: string; home: string; stateDir: string }> {
  const workspace = join(dir, `ws-${agents}`);
  const home = join(dir, `home-${agents}`);
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'README.md'), '# Bench\n');
  const stateDir = workspaceStateDir(home, workspace);
  const log = new AgentEventLog(stateDir);
  for (let i = 0; i < agents; i++) await log.appendMany(newAgentId(Date.now() - (agents - i) * 60_000), history(i));
  await log.close();
  return { workspace, home, stateDir };
}

function removeSummaries(stateDir: string): void {
  const agents = join(stateDir, 'agents');
  for (const id of readdirSync(agents)) rmSync(join(agents, id, 'summary.json'), { force: true });
}

async function serveOnce(where: { workspace: string; home: string }, expectAgents: number): Promise<{ toUrl: number; toList: number }> {
  const t0 = performance.now();
  const env = { ...process.env, OFFLOAD_HOME: where.home, ANTHROPIC_API_KEY: 'sk-ant-bench-key-0000', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' };
  const child = spawn(process.execPath, [BIN, 'serve', '--workspace', where.workspace], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  try {
    const url = new URL(
      await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          if (out.includes('\n')) resolveUrl(out.split('\n')[0]!.trim());
        });
        child.once('exit', (code) => reject(new Error(`offload serve exited ${code}: ${stderr}`)));
      }),
    );
    const toUrl = performance.now() - t0;
    // As the page does: its WebSocket to the printed port with the token (it may wait for the host to be made).
    const token = url.searchParams.get('token') ?? '';
    const transport = await connectWsTransport(`ws://127.0.0.1:${url.port}/rpc`, { token, timeoutMs: 30_000 });
    const client = createRpcClient<OffloadService, OffloadEvents>(transport);
    const agents = await client.call.listAgents();
    const toList = performance.now() - t0;
    client.dispose('bench over');
    transport.close();
    if (agents.length !== expectAgents) throw new Error(`listed ${agents.length} agents, expected ${expectAgents}`);
    return { toUrl, toList };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'offload-bench-serve-'));
  cleanupOnSignal(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    const places = await Promise.all(HISTORIES.map((n) => makeHistory(dir, n)));
    const figures: Record<string, { toUrl: number[]; toList: number[] }> = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [i, n] of HISTORIES.entries()) {
        const place = places[i]!;
        for (const mode of ['logsOnly', 'summaries'] as const) {
          if (mode === 'logsOnly') removeSummaries(place.stateDir);
          // The first run of `summaries` follows a logsOnly run, which left the summaries: as any earlier host does.
          const key = `${mode}.${n}`;
          const { toUrl, toList } = await serveOnce(place, n);
          (figures[key] ??= { toUrl: [], toList: [] }).toUrl.push(toUrl);
          figures[key].toList.push(toList);
        }
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(figures)) {
      const [mode, n] = key.split('.');
      ((out[mode!] ??= {}) as Record<string, unknown>)[`agents${n}`] = { serveToUrlMs: summarize(f.toUrl), serveToListMs: summarize(f.toList) };
    }
    console.log(
      JSON.stringify(
        { bench: 'serveStartup', runs: RUNS, bin: BIN, machine: await machineInfo(), ...out, note: 'ms, p50/p95 over runs; each log ~150 events' },
        (_k, v) => (typeof v === 'number' ? round(v, 1) : v),
        2,
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
