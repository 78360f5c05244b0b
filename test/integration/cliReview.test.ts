// The review commands end to end: an agent's real run, then diff, checkpoints,
// undo, accept and reject with feedback (which continues the agent) through bin/offload.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { FileDiff, Checkpoint } from '../../src/shared/review.js';
import { createSandbox, jsonLines, requestText } from './cliHelpers.js';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      review: [
        toolTurn('write_file', { path: 'a.txt', content: 'one\n' }),
        toolTurn('edit_file', { path: 'README.md', old_string: 'old text', new_string: 'new text' }),
        toolTurn('write_file', { path: 'c.txt', content: 'three\n' }),
        textTurn('Three changes made.'),
      ],
    },
  });
});
after(async () => {
  await server?.close();
});

test('diff, checkpoints, undo, accept, and reject with feedback that the agent hears', async () => {
  const s = createSandbox(server.url);
  try {
    const run = await s.offload(['run', '--json', promptFor('review', 'Make three changes.')]);
    assert.equal(run.code, 0, run.stderr);
    const id = jsonLines(run.stdout)[0]!.agentId;

    const diff = await s.offload(['diff', id, '--json']);
    assert.equal(diff.code, 0, diff.stderr);
    const files = JSON.parse(diff.stdout) as FileDiff[];
    assert.deepEqual(files.map((f) => [f.path, f.status]).sort(), [['README.md', 'modified'], ['a.txt', 'added'], ['c.txt', 'added']]);
    const readme = files.find((f) => f.path === 'README.md')!;
    assert.equal(readme.additions, 1);
    assert.equal(readme.deletions, 1);
    assert.ok(readme.hunks.length >= 1);

    const text = await s.offload(['diff', id, 'README.md']);
    assert.match(text.stdout, /^-old text$/m);
    assert.match(text.stdout, /^\+new text$/m);

    const checkpoints = JSON.parse((await s.offload(['checkpoints', id, '--json'])).stdout) as Checkpoint[];
    assert.deepEqual(checkpoints.map((c) => [c.step, c.files]), [[1, ['a.txt']], [2, ['README.md']], [3, ['c.txt']]]);

    const undo = await s.offload(['undo', id, '--to-step', '2']);
    assert.equal(undo.code, 0, undo.stderr);
    assert.ok(!existsSync(join(s.workspace, 'c.txt')), 'step 3 is undone');
    assert.ok(existsSync(join(s.workspace, 'a.txt')));

    const accept = await s.offload(['accept', id, 'README.md']);
    assert.equal(accept.code, 0, accept.stderr);
    const left = JSON.parse((await s.offload(['diff', id, '--json'])).stdout) as FileDiff[];
    assert.deepEqual(left.map((f) => f.path), ['a.txt']);
    assert.match(readFileSync(join(s.workspace, 'README.md'), 'utf8'), /new text/, 'accepted changes stay');

    const reject = await s.offload(['reject', id, 'a.txt', '--feedback', 'Call it b.txt instead']);
    assert.equal(reject.code, 0, reject.stdout + reject.stderr);
    assert.ok(!existsSync(join(s.workspace, 'a.txt')), 'the rejected file is back to its baseline (absent)');
    const last = server.requests.filter((r) => r.scenario === 'review').at(-1)!;
    assert.ok(requestText(last.body).includes('Call it b.txt instead'), 'the agent was told why');
    assert.ok(requestText(last.body).includes('a.txt'), 'and which change');

    const bad = await s.offload(['undo', id]);
    assert.equal(bad.code, 2, 'undo without --to-step is bad usage');
  } finally {
    await s.cleanup();
  }
});
