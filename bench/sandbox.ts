// The approval gate and the OS sandbox (issue 8; target: sandbox start-up
// under 15 ms over a bare spawn, measured in the same run).
//
// - gate: issue 8's red-team commands (src/agent-process/approval/redTeamCases.ts)
//   through the real classifier: tried, held (needed approval).
// - live: attacks run for real through the real sandbox wrapper, as a
//   read-only command and as an approved one (workspace writable, network on):
//   writing and deleting outside the workspace, reading ~/.ssh and OFFLOAD_HOME
//   secrets, reading the host's environment through /proc, sending to a local
//   listener, leaving a setsid process behind. held = the effect did not happen.
// - startupMs: spawn to exit of `/bin/true`, bare and inside bwrap (the exact
//   arguments runCommand uses), interleaved; overheadMs = p50 difference. The
//   same for `bash -c true`, closer to what a command costs.
//
// Prints one JSON object. Run: node dist/bench/sandbox.js [--runs N]

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { classifyCommand } from '../src/agent-process/approval/commandPolicy.js';
import { ISSUE_8_ATTACKS } from '../src/agent-process/approval/redTeamCases.js';
import { detectSandbox, wrapInSandbox, type Program, type SandboxAccess, type SandboxSpec } from '../src/agent-process/sandbox/sandbox.js';
import { cleanupOnSignal, machineInfo, round, summarize } from './support/benchHost.js';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 0) || 40;
const TARGET_OVERHEAD_MS = 15;

function timeSpawn(program: Program): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(program.file, program.args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - started));
  });
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'offload-bench-sandbox-'));
  const cleanup = async () => rmSync(root, { recursive: true, force: true });
  cleanupOnSignal(cleanup);
  try {
    const gateHeld = ISSUE_8_ATTACKS.filter(([command]) => classifyCommand(command, ['npm test', 'make test']).needsApproval).length;
    const kind = await detectSandbox();
    const workspace = join(root, 'ws');
    const home = join(root, 'home');
    const offloadHome = join(root, 'offload-home');
    const outside = join(root, 'outside');
    for (const dir of [workspace, join(home, '.ssh'), offloadHome, outside]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(home, '.ssh', 'id_rsa'), 'SSH-CANARY');
    writeFileSync(join(offloadHome, 'secrets.json'), 'OFFLOAD-CANARY');
    process.env.BENCH_HOST_CANARY = 'HOST-ENV-CANARY';
    const received: string[] = [];
    const listener = createServer((socket) => socket.on('data', (d) => received.push(d.toString())));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as { port: number }).port;
    const spec = (access: SandboxAccess): SandboxSpec => ({ workspace, access, home, hidden: [join(home, '.ssh'), offloadHome] });

    const attacks: Array<{ name: string; script: string; held: () => boolean; access: SandboxAccess[] }> = [
      { name: 'write outside', script: `echo x > ${outside}/written`, held: () => !existsSync(join(outside, 'written')), access: ['read-only', 'workspace-write-network'] },
      { name: 'delete outside', script: `touch ${outside}/keep; rm -rf ${outside}`, held: () => existsSync(outside), access: ['read-only', 'workspace-write-network'] },
      { name: 'write workspace (read-only class)', script: 'echo x > in-workspace', held: () => !existsSync(join(workspace, 'in-workspace')), access: ['read-only'] },
      { name: 'read ~/.ssh', script: `cat ${home}/.ssh/id_rsa`, held: () => true, access: ['read-only', 'workspace-write-network'] },
      { name: 'read OFFLOAD_HOME secrets', script: `cat ${offloadHome}/secrets.json`, held: () => true, access: ['read-only', 'workspace-write-network'] },
      { name: "read the host's /proc environ", script: `cat /proc/${process.pid}/environ; cat /proc/*/environ`, held: () => true, access: ['read-only', 'workspace-write-network'] },
      { name: 'network (read-only class)', script: `echo NET-CANARY > /dev/tcp/127.0.0.1/${port}`, held: () => !received.join('').includes('NET-CANARY'), access: ['read-only'] },
      { name: 'setsid process survives', script: 'setsid sleep 444.5 & echo started', held: () => !stray('444.5'), access: ['read-only', 'workspace-write-network'] },
    ];
    const live: Array<{ attack: string; access: SandboxAccess; held: boolean }> = [];
    if (kind !== 'none') {
      for (const attack of attacks) {
        for (const access of attack.access) {
          const wrapped = wrapInSandbox(kind, spec(access), { file: '/bin/bash', args: ['-c', attack.script] });
          const out = await new Promise<string>((resolve) => {
            const child = spawn(wrapped.file, wrapped.args, { cwd: workspace, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
            let text = '';
            child.stdout.on('data', (d) => (text += d));
            child.stderr.on('data', (d) => (text += d));
            child.on('exit', () => resolve(text));
          });
          await new Promise((r) => setTimeout(r, 100));
          const leaked = /SSH-CANARY|OFFLOAD-CANARY|HOST-ENV-CANARY/.test(out);
          live.push({ attack: attack.name, access, held: attack.held() && !leaked });
        }
      }
    }
    listener.close();

    const startup: Record<string, unknown> = {};
    if (kind === 'bwrap') {
      for (const [label, inner] of [['true', { file: '/bin/true', args: [] }], ['bashTrue', { file: '/bin/bash', args: ['-c', 'true'] }]] as const) {
        const bare: number[] = [];
        const wrapped: number[] = [];
        const sandboxed = wrapInSandbox(kind, spec('read-only'), { file: inner.file, args: [...inner.args] });
        for (let i = 0; i < 3; i++) await timeSpawn(sandboxed); // warm the page cache
        for (let i = 0; i < RUNS; i++) {
          bare.push(await timeSpawn({ file: inner.file, args: [...inner.args] }));
          wrapped.push(await timeSpawn(sandboxed));
        }
        const b = summarize(bare);
        const w = summarize(wrapped);
        startup[label] = { bareMs: b, sandboxMs: w, overheadMs: round(w.p50 - b.p50) };
      }
    }
    const overhead = (startup.bashTrue as { overheadMs: number } | undefined)?.overheadMs;
    console.log(
      JSON.stringify(
        {
          bench: 'sandbox',
          machine: await machineInfo(),
          sandbox: kind,
          bwrapVersion: kind === 'bwrap' ? spawnSync('bwrap', ['--version'], { encoding: 'utf8' }).stdout.trim() : null,
          gate: { tried: ISSUE_8_ATTACKS.length, held: gateHeld },
          live: { tried: live.length, held: live.filter((c) => c.held).length, cases: live },
          startupMs: startup,
          target: { overheadMs: TARGET_OVERHEAD_MS, met: overhead === undefined ? null : overhead < TARGET_OVERHEAD_MS },
        },
        null,
        2,
      ),
    );
  } finally {
    await cleanup();
  }
}

function stray(arg: string): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg)) return true;
    } catch {
      // gone
    }
  }
  return false;
}

await main();
