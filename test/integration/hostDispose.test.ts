// Disposing the host releases everything it registered: listeners, timers,
// sockets, the warm spare and agent processes. Checked from outside: a
// process that builds a whole host and disposes it ends by itself, with no
// handle left and no agent process behind (hostDisposeScript.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from './processAlive.js';

const script = fileURLToPath(new URL('./hostDisposeScript.js', import.meta.url));
const fakeAgent = fileURLToPath(new URL('./supervisorFakeAgent.js', import.meta.url));

test('a disposed host leaves no handle, timer or process behind: its process ends by itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-dispose-'));
  const workspace = join(dir, 'ws');
  execFileSync('git', ['init', '-q', workspace]);
  const child = spawn(process.execPath, [script, workspace, join(dir, 'home'), fakeAgent], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Generous: this bounds a hang (a handle kept alive), not a speed.
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    assert.equal(signal, null, `the process had to be killed (something kept it alive): ${stdout} ${stderr}`);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as { handles: string[]; events: number; agentPid: number | null };
    assert.deepEqual(report.handles, [], 'no handle left after dispose');
    assert.ok(report.events > 0, 'both clients got events while the host ran');
    assert.ok(report.agentPid, 'the paused agent had a live process');
    assert.equal(isAlive(report.agentPid!), false, 'the paused agent process was ended with the host');
  } finally {
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  }
});
