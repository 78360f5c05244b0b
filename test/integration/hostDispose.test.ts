// Disposing the host releases everything it registered: listeners, timers,
// sockets, the warm spare and agent processes. Checked from outside: a
// process that builds a whole host and disposes it ends by itself, with no
// handle left and no agent process behind (hostDisposeScript.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from './processAlive.js';
import { runToExit } from './runToExit.js';

const script = fileURLToPath(new URL('./hostDisposeScript.js', import.meta.url));
const fakeAgent = fileURLToPath(new URL('./supervisorFakeAgent.js', import.meta.url));

test('a disposed host leaves no handle, timer or process behind: its process ends by itself', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-dispose-'));
  const workspace = join(dir, 'ws');
  execFileSync('git', ['init', '-q', workspace]);
  try {
    const { code, signal, stdout, stderr, report: readReport } = await runToExit(script, [workspace, join(dir, 'home'), fakeAgent]);
    assert.equal(signal, null, `the process had to be killed (something kept it alive): ${stdout} ${stderr}`);
    assert.equal(code, 0, stderr);
    const report = readReport<{ handles: string[]; events: number; agentPid: number | null }>();
    assert.deepEqual(report.handles, [], 'no handle left after dispose');
    assert.ok(report.events > 0, 'both clients got events while the host ran');
    assert.ok(report.agentPid, 'the paused agent had a live process');
    assert.equal(isAlive(report.agentPid!), false, 'the paused agent process was ended with the host');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
