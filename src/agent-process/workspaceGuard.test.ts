// The workspace guard on real folders (no mounts needed): a deleted folder,
// one put in its place, and a watch that reports the fault once. Full and
// read-only disks need a real mount: test/integration/faults.workspace.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceGuard } from './workspaceGuard.js';

function tempWorkspace(): { root: string; workspace: string } {
  const root = mkdtempSync(join(tmpdir(), 'offload-guard-'));
  const workspace = join(root, 'ws');
  mkdirSync(workspace);
  return { root, workspace };
}

test('a usable workspace has no fault', async () => {
  const { root, workspace } = tempWorkspace();
  try {
    const guard = await WorkspaceGuard.start(workspace);
    assert.equal(await guard.check(), null);
    await guard.assertUsable();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a deleted workspace is gone, and stays so once seen', async () => {
  const { root, workspace } = tempWorkspace();
  try {
    const guard = await WorkspaceGuard.start(workspace);
    rmSync(workspace, { recursive: true });
    const fault = await guard.check();
    assert.equal(fault?.kind, 'gone');
    assert.match(fault!.message, /is gone \(deleted, or its disk was unmounted\)/);
    mkdirSync(workspace);
    assert.equal((await guard.check())?.kind, 'gone', 'the agent is already on its way out');
    await assert.rejects(guard.assertUsable(), /is gone/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('another folder in the workspace\'s place (an unmounted disk shows the one under it) is not the workspace', async () => {
  const { root, workspace } = tempWorkspace();
  try {
    const guard = await WorkspaceGuard.start(workspace);
    renameSync(workspace, join(root, 'moved'));
    mkdirSync(workspace);
    assert.equal((await guard.check())?.kind, 'replaced');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('watch reports the first fault once, and stops when asked', async () => {
  const { root, workspace } = tempWorkspace();
  try {
    const guard = await WorkspaceGuard.start(workspace);
    const seen: string[] = [];
    let resolveSeen: () => void;
    const reported = new Promise<void>((resolve) => (resolveSeen = resolve));
    // The guard's timer is unref'd (it must not keep an agent alive): this one keeps the test's loop up.
    const keepAlive = setInterval(() => {}, 1_000);
    const stop = guard.watch((fault) => {
      seen.push(fault.kind);
      resolveSeen();
    }, 20);
    rmSync(workspace, { recursive: true });
    await reported;
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    clearInterval(keepAlive);
    assert.deepEqual(seen, ['gone']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
