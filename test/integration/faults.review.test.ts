// Fault suite, issue 13 item 1: a 16,000-line rewrite must not freeze the
// host. Its review diff is bounded ("too large to diff line by line", whole
// file accept/reject) and computed off the host's main thread, so another
// request to the same host is answered while it runs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { connectToRunningHost } from '../../src/main/server/hostDiscovery.js';
import { workspaceStateDir } from '../../src/main/store/homePaths.js';
import { TOO_LARGE_NOTICE, type FileDiff } from '../../src/shared/review.js';
import { createSandbox, eventually, jsonLines } from './cliHelpers.js';
import { assertNothingLost } from './faultHelpers.js';

const LINES = 16_000;
const numbered = (tag: string) => Array.from({ length: LINES }, (_, i) => `export const value${i} = '${tag}-${i}';`).join('\n') + '\n';
const OLD = numbered('old');
const NEW = numbered('new');

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      rewrite: [toolTurn('write_file', { path: 'big.ts', content: NEW }), textTurn('Rewrote big.ts.')],
    },
  });
});
after(async () => {
  await server?.close();
});

test('a 16,000-line rewrite: the host answers other requests during its diff; the diff is bounded with a whole-file notice', async () => {
  const s = createSandbox(server.url, { 'big.ts': OLD, 'README.md': '# r\n' });
  try {
    const run = await s.offload(['run', '--json', promptFor('rewrite', 'Rewrite big.ts.')], { timeoutMs: 240_000 });
    assert.equal(run.code, 0, run.stderr);
    const id = jsonLines(run.stdout)[0]!.agentId;

    const serve = s.spawnOffload(['serve']);
    await eventually(async () => existsSync(join(workspaceStateDir(s.home, s.workspace), 'host.json')), 30_000, 'the host');
    const host = await connectToRunningHost(s.home, s.workspace, { timeoutMs: 240_000 });
    assert.ok(host, 'connected to the served host');
    try {
      const order: string[] = [];
      const diffing = host.client.call.getDiff(id).then((files) => {
        order.push('diff');
        return files;
      });
      // Sent after the diff request: with a diff that holds the host's thread, this waits for it.
      await host.client.call.listAgents().then(() => order.push('listAgents'));
      const files = await diffing;
      assert.deepEqual(order, ['listAgents', 'diff'], 'the host answered another request while the big diff ran');

      const big = files.find((f) => f.path === 'big.ts')!;
      assert.equal(big.tooLarge, true, 'the rewrite is too large to diff line by line');
      assert.deepEqual(big.hunks, []);
      assert.equal(big.additions, LINES);
      assert.equal(big.deletions, LINES);
      assert.equal(big.original ?? null, null, 'no side-by-side text for the page to diff either');
    } finally {
      host.close();
      serve.child.kill('SIGTERM');
      await serve.result;
    }

    // The CLI says so; the JSON carries the field; per-hunk review is refused with the reason.
    const text = await s.offload(['diff', id, 'big.ts'], { timeoutMs: 60_000 });
    assert.equal(text.code, 0, text.stderr);
    assert.ok(text.stdout.includes(TOO_LARGE_NOTICE), text.stdout);
    const json = JSON.parse((await s.offload(['diff', id, '--json'], { timeoutMs: 60_000 })).stdout) as FileDiff[];
    assert.equal(json.find((f) => f.path === 'big.ts')?.tooLarge, true);
    const byHunk = await s.offload(['accept', id, 'big.ts', '--hunk', '0'], { timeoutMs: 60_000 });
    assert.notEqual(byHunk.code, 0);
    assert.match(byHunk.stderr, /too large to diff line by line/);

    // Nothing lost: the log is whole, the change is still under review, the file is the agent's.
    const events = await assertNothingLost(s, id, ['big.ts']);
    assert.equal(events.filter((e) => e.type === 'finished').length, 1);
    assert.equal(readFileSync(join(s.workspace, 'big.ts'), 'utf8'), NEW);

    // Whole-file reject restores the baseline exactly.
    const reject = await s.offload(['reject', id, 'big.ts'], { timeoutMs: 60_000 });
    assert.equal(reject.code, 0, reject.stderr);
    assert.equal(readFileSync(join(s.workspace, 'big.ts'), 'utf8'), OLD);
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: s.workspace, encoding: 'utf8' }), '');
  } finally {
    await s.cleanup();
  }
});

test('SIGTERM ends `offload diff` of a big rewrite at once, even mid-diff', async () => {
  const s = createSandbox(server.url, { 'big.ts': OLD });
  try {
    const run = await s.offload(['run', '--json', promptFor('rewrite', 'Rewrite big.ts.')], { timeoutMs: 240_000 });
    assert.equal(run.code, 0, run.stderr);
    const id = jsonLines(run.stdout)[0]!.agentId;
    // A second, slightly different rewrite so the diff is not cached anywhere.
    writeFileSync(join(s.workspace, 'big.ts'), NEW.replace('new-0', 'newer-0'));
    const diff = s.spawnOffload(['diff', id]);
    // Wait until the command has started its work (its host took the workspace's state).
    await new Promise((r) => setTimeout(r, 400));
    const sentAt = Date.now();
    diff.child.kill('SIGTERM');
    const ended = await diff.result;
    const tookMs = Date.now() - sentAt;
    assert.notEqual(ended.code, null);
    assert.equal(ended.stderr.includes('    at '), false, 'no stack trace');
    // Not a timing margin: the unbounded diff held the thread for close to a minute.
    assert.ok(tookMs < 20_000, `ended ${tookMs} ms after SIGTERM`);
  } finally {
    await s.cleanup();
  }
});
