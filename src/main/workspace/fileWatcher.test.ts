// The editor's file watcher when the workspace folder is deleted under it
// (issue 13: nothing spins on a vanished workspace): natively and when it
// polls (after the OS's watch limit), it goes quiet instead of retrying.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileWatcher } from './fileWatcher.js';

for (const polling of [false, true]) {
  test(`a deleted workspace leaves the watcher idle (${polling ? 'polling' : 'native'})`, async () => {
    const root = mkdtempSync(join(tmpdir(), 'offload-watch-'));
    const workspace = join(root, 'ws');
    mkdirSync(join(workspace, 'src'), { recursive: true });
    writeFileSync(join(workspace, 'src', 'a.txt'), 'x');
    const watcher = new FileWatcher({ workspace, onChanges: () => {}, onStatus: () => {}, pollIntervalMs: 100 });
    try {
      watcher.noteOpenFolder('src');
      await watcher.start();
      // The OS's watch limit reached: the watcher polls the same folders.
      if (polling) watcher.handleError(Object.assign(new Error('System limit for number of file watchers reached'), { code: 'ENOSPC' }));
      rmSync(workspace, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = process.cpuUsage();
      const started = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const used = process.cpuUsage(before);
      const share = (used.user + used.system) / 1000 / (Date.now() - started);
      assert.ok(share < 0.2, `the watcher's process used ${Math.round(share * 100)}% of a core with the workspace gone`);
      assert.equal(watcher.status().mode, polling ? 'polling' : 'native');
    } finally {
      await watcher.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
}
