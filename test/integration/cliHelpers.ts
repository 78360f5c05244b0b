// Helpers for the CLI's integration tests: temp git workspaces with a temp
// OFFLOAD_HOME, and `bin/offload` spawned for real against the fake model server.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentRecord } from '../../src/shared/agent.js';
import type { AgentEvent } from '../../src/shared/events.js';

/** The checkout's root (this file runs from dist/test/integration/). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const OFFLOAD_BIN = join(REPO_ROOT, 'bin', 'offload');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  dir: string;
  workspace: string;
  home: string;
  env: Record<string, string>;
  /**
   * Runs `offload ARGS --workspace WS` to its end, from the sandbox's folder
   * (`workspace: null` leaves the flag out; `cwd` runs it from elsewhere).
   */
  offload(args: string[], options?: { env?: Record<string, string | undefined>; timeoutMs?: number; workspace?: string | null; cwd?: string }): Promise<CliResult>;
  /** Starts `offload ARGS --workspace WS` (with `env` added) and returns the live child (for kill tests). */
  spawnOffload(args: string[], env?: Record<string, string | undefined>): { child: ChildProcess; result: Promise<CliResult> };
  /** Tracks a pid to be killed at cleanup (agent processes orphaned on purpose). */
  track(pid: number): void;
  cleanup(): Promise<void>;
}

/** Runs `body` in a fresh sandbox against the fake server at `baseUrl`, cleaned up after. */
export async function withCliSandbox(baseUrl: string, body: (s: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = createSandbox(baseUrl);
  try {
    await body(sandbox);
  } finally {
    await sandbox.cleanup();
  }
}

export interface SandboxLayout {
  /** The workspace's path under the sandbox's folder (default `ws`). */
  workspace?: string;
  /** Runs before the workspace is made, with the sandbox's folder (e.g. to mount a small disk there). */
  prepare?: (dir: string) => void;
}

export function createSandbox(baseUrl: string, files: Record<string, string> = { 'README.md': '# Demo\n\nold text\n' }, layout: SandboxLayout = {}): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'offload-cli-'));
  layout.prepare?.(dir);
  const workspace = join(dir, layout.workspace ?? 'ws');
  const home = join(dir, 'home');
  mkdirSync(workspace, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, rel)), { recursive: true });
    writeFileSync(join(workspace, rel), content);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-q', '-m', 'initial');

  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OFFLOAD_') && !k.startsWith('ANTHROPIC_')) env[k] = v;
  Object.assign(env, {
    OFFLOAD_HOME: home,
    OFFLOAD_TEST: '1',
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-0123456789abcdef',
  });
  const children = new Set<ChildProcess>();
  const pids = new Set<number>();

  const spawnOffload = (args: string[], extraEnv: Record<string, string | undefined> = {}, where: { workspace?: string | null; cwd?: string } = {}) => {
    const childEnv: Record<string, string> = { ...env };
    for (const [k, v] of Object.entries(extraEnv)) {
      if (v === undefined) delete childEnv[k];
      else childEnv[k] = v;
    }
    const flag = where.workspace === null ? [] : ['--workspace', where.workspace ?? workspace];
    const child = spawn(process.execPath, [OFFLOAD_BIN, ...args, ...flag], {
      cwd: where.cwd ?? dir,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const result = new Promise<CliResult>((resolve) => {
      child.on('close', (code, signal) => {
        children.delete(child);
        resolve({ code: code ?? (signal ? 128 : null), stdout, stderr });
      });
    });
    return { child, result, output: () => stdout };
  };

  return {
    dir,
    workspace,
    home,
    env,
    async offload(args, options = {}) {
      const { child, result } = spawnOffload(args, options.env, options);
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
      const out = await result;
      clearTimeout(timer);
      return out;
    },
    spawnOffload: (args, extraEnv) => spawnOffload(args, extraEnv),
    track: (pid) => pids.add(pid),
    async cleanup() {
      for (const child of children) child.kill('SIGKILL');
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function jsonLines(stdout: string): AgentEvent[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AgentEvent);
}

export async function showJson(sandbox: Sandbox, id: string): Promise<AgentRecord> {
  const out = await sandbox.offload(['show', id, '--json']);
  if (out.code !== 0) throw new Error(`show failed (${out.code}): ${out.stderr}`);
  return JSON.parse(out.stdout) as AgentRecord;
}

export async function listJson(sandbox: Sandbox): Promise<AgentRecord[]> {
  const out = await sandbox.offload(['list', '--json']);
  if (out.code !== 0) throw new Error(`list failed (${out.code}): ${out.stderr}`);
  return JSON.parse(out.stdout) as AgentRecord[];
}

/** Polls until the predicate holds (or throws after ms). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, ms = 15_000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Every text in a request (tool results and text blocks alike), for "the model saw X" checks. */
export function requestText(body: any): string {
  return JSON.stringify(body?.messages ?? []);
}

/** Runs `body` in a fresh sandbox against the model server at `baseUrl`, and cleans it up. */
export async function inSandbox(baseUrl: string, body: (s: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = createSandbox(baseUrl);
  try {
    await body(sandbox);
  } finally {
    await sandbox.cleanup();
  }
}

export { isAlive } from './processAlive.js';
