// Fault suite, issue 13 item 7: everything under OFFLOAD_HOME is the user's
// alone (folders 700, files 600), the review store (shadow.git, snapshot.json)
// included, whatever the umask; and a home that is not (made by an older
// version, or opened up by hand) is reported and fixed at the next start.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { workspaceStateDir } from '../../src/main/store/homePaths.js';
import { createSandbox, jsonLines } from './cliHelpers.js';
import { assertNothingLost } from './faultHelpers.js';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      touch: [
        toolTurn('write_file', { path: 'notes.txt', content: 'a private note\n' }),
        toolTurn('run_command', { command: 'echo listed > listing.txt' }),
        textTurn('Done.'),
      ],
    },
  });
});
after(async () => {
  await server?.close();
});

/** Every entry under the home whose mode lets group or others in: "path mode". */
function openEntries(home: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) return;
    if ((st.mode & 0o077) !== 0) out.push(`${relative(home, abs) || '.'} ${(st.mode & 0o777).toString(8)}`);
    if (st.isDirectory()) for (const name of readdirSync(abs)) walk(join(abs, name));
  };
  walk(home);
  return out;
}

test('the review store, logs and settings are 700/600 under a 022 umask; a home opened up is reported and fixed at start', async () => {
  const previousUmask = process.umask(0o022);
  const s = createSandbox(server.url);
  try {
    const run = await s.offload(['run', '--json', '--approval', 'auto', promptFor('touch', 'Write a note, then list.')], { timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const id = jsonLines(run.stdout)[0]!.agentId;
    const review = join(workspaceStateDir(s.home, s.workspace), 'review');
    assert.ok(existsSync(join(review, 'shadow.git', 'HEAD')), 'the review store exists');
    assert.ok(existsSync(join(review, 'snapshot.json')), 'the snapshot index exists');
    assert.deepEqual(openEntries(s.home), [], 'nothing under OFFLOAD_HOME is open to other users');

    // An older version's home: everything readable by others.
    execFileSync('chmod', ['-R', 'go+rX', s.home]);
    assert.ok(openEntries(s.home).length > 5);
    const list = await s.offload(['list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stderr, /other local users could read/);
    assert.match(list.stderr, /now yours alone \(folders 700, files 600\)/);
    assert.deepEqual(openEntries(s.home), [], 'the start-up check made it private again');
    const again = await s.offload(['list']);
    assert.doesNotMatch(again.stderr, /other local users/, 'said once, when it was so');

    // Nothing lost on the way: the log, the review and the workspace.
    await assertNothingLost(s, id, ['listing.txt', 'notes.txt']);
    assert.equal(readFileSync(join(s.workspace, 'notes.txt'), 'utf8'), 'a private note\n');
    assert.equal(lstatSync(join(s.workspace, 'notes.txt')).mode & 0o777, 0o644, "the user's own files keep their usual mode");
  } finally {
    process.umask(previousUmask);
    await s.cleanup();
  }
});
