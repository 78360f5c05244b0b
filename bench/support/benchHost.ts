// Shared pieces of the engine benchmarks: a temp workspace and OFFLOAD_HOME, a
// real host (createHost) whose agent processes are real forks of the compiled
// agent entry, a launcher wrapper that times launches and the host's handling
// of each agent RPC, and small statistics helpers.
//
// Lives in bench/support/ so scripts/runBench.mjs (which runs dist/bench/*.js)
// does not run it as a bench of its own.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isPaused, isSettled, type AgentRecord } from '../../src/shared/agent.js';
import type { OffloadEvents, OffloadService } from '../../src/shared/contract/offloadService.js';
import type { RpcMessage, RpcTransport } from '../../src/shared/rpc/envelope.js';
import type { RpcClient } from '../../src/shared/rpc/client.js';
import { DEFAULT_MODEL } from '../../src/shared/cost.js';
import type { Settings } from '../../src/shared/settings.js';
import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createHost } from '../../src/main/app/createHost.js';
import type { OffloadHost } from '../../src/main/app/host.js';
import { createForkLauncher } from '../../src/main/launch/forkLauncher.js';
import type { AgentLauncher, AgentProcessHandle, LaunchOptions } from '../../src/main/launch/launcher.js';

/** One agent RPC as the host handled it: request in from the pipe to answer out. */
export interface HostCall {
  pid: number | null;
  method: string;
  /** The first argument (e.g. the event body of `emit`). */
  arg: unknown;
  /** performance.now() when the request reached the host, and when the host answered. */
  start: number;
  end: number;
}

export interface LaunchRecord {
  pid: number | null;
  /** performance.now() at launch(), and when the process answered the supervisor's `start` call. */
  launchedAt: number;
  startAnsweredAt: number | null;
  /** Date.now() at launch(), to compare with the fake server's request times. */
  launchedAtEpoch: number;
}

/**
 * The real fork launcher, wrapped to record each launch and every RPC the
 * agent makes to the host, timed on the host side of the pipe (the message
 * event to the matching answer being sent), so the figure is the host's own
 * handling (validation, log append, fold, fan-out), not IPC or agent time.
 */
export class TimingLauncher implements AgentLauncher {
  readonly calls: HostCall[] = [];
  readonly launches: LaunchRecord[] = [];
  /** This process's CPU time (user + system, ms) as each `tool_call` event reached it: CPU per step. */
  readonly cpuMsAtToolCall: number[] = [];
  /**
   * `entry`: another compiled agent entry to run (e.g. an older build, to
   * compare); `inner`: what actually starts processes (default a plain fork;
   * agentStart passes a warm-spare launcher, so a launch is timed from its claim).
   */
  constructor(
    private readonly entry?: string,
    private readonly inner: AgentLauncher = createForkLauncher(),
  ) {}

  launch(options: LaunchOptions): AgentProcessHandle {
    const launchedAt = performance.now();
    const launchedAtEpoch = Date.now();
    const handle = this.inner.launch(this.entry ? { ...options, entry: this.entry } : options);
    const record: LaunchRecord = { pid: handle.pid, launchedAt, launchedAtEpoch, startAnsweredAt: null };
    this.launches.push(record);
    const transport = this.instrument(handle.transport, record);
    return {
      get pid() {
        return handle.pid;
      },
      transport,
      onExit: (listener) => handle.onExit(listener),
      kill: (graceMs) => handle.kill(graceMs),
    };
  }

  private instrument(inner: RpcTransport, record: LaunchRecord): RpcTransport {
    const pending = new Map<number, { method: string; arg: unknown; start: number }>();
    /** Ids of the host's own requests to the agent (`start`, `cancel`), by method. */
    const outgoing = new Map<number, string>();
    const calls = this.calls;
    const cpuMarks = this.cpuMsAtToolCall;
    return {
      send(message: RpcMessage) {
        if (message.t === 'res') {
          const call = pending.get(message.id);
          if (call) {
            pending.delete(message.id);
            calls.push({ pid: record.pid, method: call.method, arg: call.arg, start: call.start, end: performance.now() });
          }
        } else if (message.t === 'req') {
          outgoing.set(message.id, message.method);
        }
        inner.send(message);
      },
      onMessage(listener) {
        return inner.onMessage((message) => {
          const now = performance.now();
          if (message.t === 'req' && !pending.has(message.id)) {
            pending.set(message.id, { method: message.method, arg: message.params[0], start: now });
            const first = message.params[0] as { type?: string } | Array<{ type?: string }> | null;
            const carriesToolCall = Array.isArray(first) ? first.some((e) => e?.type === 'tool_call') : first?.type === 'tool_call';
            if ((message.method === 'emit' || message.method === 'emitBatch') && carriesToolCall) {
              const cpu = process.cpuUsage();
              cpuMarks.push((cpu.user + cpu.system) / 1000);
            }
          } else if (message.t === 'res' && outgoing.get(message.id) === 'start') {
            outgoing.delete(message.id);
            record.startAnsweredAt ??= now;
          }
          listener(message);
        });
      },
      onClose: inner.onClose ? (listener) => inner.onClose!(listener) : undefined,
    };
  }
}

export interface BenchSandbox {
  dir: string;
  home: string;
  workspace: string;
  host: OffloadHost;
  api: OffloadService;
  client: RpcClient<OffloadService, OffloadEvents>;
  launcher: TimingLauncher;
  /** Events fanned out to the in-process client (as a UI or CLI would get them). */
  eventsSeen(): number;
  /** Agent records fanned out to it (onDidChangeAgent). */
  recordsSeen(): number;
  cleanup(): Promise<void>;
}

/**
 * A temp git workspace with a few tiny files, a temp OFFLOAD_HOME and a host
 * on it whose agents talk to the fake model server at `baseUrl`.
 */
export async function openSandbox(
  baseUrl: string,
  settingsOverrides: Partial<Settings> = {},
  agentEntry?: string,
  innerLauncher?: AgentLauncher,
): Promise<BenchSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'offload-bench-'));
  const home = join(dir, 'home');
  const workspace = join(dir, 'ws');
  execFileSync('git', ['init', '-q', workspace]);
  writeFileSync(join(workspace, 'README.md'), '# Bench\n\nA tiny workspace.\n');
  writeFileSync(join(workspace, 'tiny.txt'), 'one\ntwo\nthree\n');
  const launcher = new TimingLauncher(agentEntry, innerLauncher);
  let host: OffloadHost | null = null;
  let client: RpcClient<OffloadService, OffloadEvents> | null = null;
  const cleanup = async () => {
    client?.dispose('bench over');
    await host?.dispose();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    host = await createHost({
      workspace,
      home,
      runtime: 'node',
      env: {
        ...process.env,
        ANTHROPIC_API_KEY: 'sk-ant-bench-key-0000',
        ANTHROPIC_BASE_URL: baseUrl,
        OFFLOAD_MODEL: DEFAULT_MODEL,
        OFFLOAD_HOME: home,
      },
      launcher,
      settingsOverrides: { webSearch: false, ...settingsOverrides },
      endProcessOnPause: false,
    });
    client = connectInProcess(host);
    let seen = 0;
    let records = 0;
    client.on('onDidAppendEvent', () => {
      seen++;
    });
    client.on('onDidChangeAgent', () => {
      records++;
    });
    return { dir, home, workspace, host, api: client.call, client, launcher, eventsSeen: () => seen, recordsSeen: () => records, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export const atRest = (r: AgentRecord): boolean => isSettled(r.status) || isPaused(r.status);

export async function waitFor(api: OffloadService, id: string, done: (r: AgentRecord) => boolean, ms = 120_000): Promise<AgentRecord> {
  const deadline = Date.now() + ms;
  for (;;) {
    const record = await api.getAgent(id);
    if (done(record)) return record;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${id}; it is ${record.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  mean: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  const mean = sorted.reduce((s, v) => s + v, 0) / (sorted.length || 1);
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), mean: round(mean), max: round(sorted.at(-1) ?? 0) };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The 1-minute load average, so a reader can tell a loaded machine's figures. */
export async function machineInfo(): Promise<{ node: string; cpus: number; loadAvg1m: number }> {
  const os = await import('node:os');
  return { node: process.version, cpus: os.cpus().length, loadAvg1m: round(os.loadavg()[0] ?? 0, 2) };
}

/** Ends the process on Ctrl-C after cleaning up (no temp dirs or agent processes left). */
export function cleanupOnSignal(cleanup: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void cleanup().finally(() => process.exit(130));
    });
  }
}
