// Quitting the desktop app disposes everything the shell started. Checked
// from outside: a process that runs the whole shell (desktopApp.ts) against
// the fake Electron modules, with an agent paused in a live utility process,
// and quits, ends by itself with no handle left and no agent process behind
// (desktopQuitScript.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../integration/processAlive.js';
import { runToExit } from '../integration/runToExit.js';

const script = fileURLToPath(new URL('./desktopQuitScript.js', import.meta.url));

test('quitting the app disposes everything: the process ends by itself, no handle, no agent process, no host.json left', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-desktop-quit-'));
  const workspace = join(dir, 'ws');
  const home = join(dir, 'home');
  execFileSync('git', ['init', '-q', workspace]);
  try {
    const { code, signal, stdout, stderr, report: readReport } = await runToExit(script, [workspace, home]);
    assert.equal(signal, null, `the process had to be killed (something kept it alive): ${stdout} ${stderr}`);
    assert.equal(code, 0, stderr);
    const report = readReport<{
      handles: string[];
      exitCode: number;
      agentPid: number | null;
      children: number;
      childPids: number[];
      pageAnswered: boolean;
      notificationsShown: string[];
      remoteClosed: boolean;
      lifetimeDisposed: boolean;
    }>();
    assert.equal(report.pageAnswered, true, 'the page was served over IPC');
    assert.ok(report.agentPid, 'the paused agent had a live process');
    assert.ok(report.children >= 1, 'the agent ran as a utility process');
    assert.ok(report.childPids.includes(report.agentPid!), 'the paused agent is one of them');
    assert.ok(report.notificationsShown.some((title) => /Needs input|input/i.test(title)), `the pause notified: ${report.notificationsShown}`);
    assert.equal(report.exitCode, 0, 'the app exited with 0 once everything was disposed');
    assert.equal(report.lifetimeDisposed, true);
    assert.deepEqual(report.handles, [], 'no handle left after quitting');
    for (const pid of report.childPids) assert.equal(isAlive(pid), false, `utility process ${pid} ended with the app`);
    // The server stopped announcing itself to the CLI.
    const hostFiles = existsSync(home) ? readdirSync(home, { recursive: true }).map(String).filter((f) => f.endsWith('host.json')) : [];
    assert.deepEqual(hostFiles, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
