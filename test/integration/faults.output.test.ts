// Fault suite, issue 13 item 2: piped output is complete, and a reader that
// goes away ends the command quietly. Runs bin/offload under a real shell
// pipeline, as a script would (`offload diff --json | cat`, `| head`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { AgentEvent } from '../../src/shared/events.js';
import type { FileDiff } from '../../src/shared/review.js';
import { createSandbox, jsonLines, OFFLOAD_BIN, type Sandbox } from './cliHelpers.js';
import { assertNothingLost, readLogStrictly } from './faultHelpers.js';

// Every 40th of 16,000 long lines changes: 400 hunks, a diff JSON far above a pipe's 64 KiB
// (and few enough edits to stay well inside the review's diff bound).
const LINES = 16_000;
const EVERY = 40;
const OLD = Array.from({ length: LINES }, (_, i) => `line ${i}: the quick brown fox jumps over the lazy dog, then it does so again and again`).join('\n') + '\n';
const NEW = OLD.split('\n')
  .map((l, i) => (i % EVERY === 5 ? `${l} (edited)` : l))
  .join('\n');

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: { many: [toolTurn('write_file', { path: 'many.txt', content: NEW }), textTurn('Edited every 40th line.')] },
  });
});
after(async () => {
  await server?.close();
});

/** Runs `node bin/offload ARGS | TAIL` in bash; returns the offload side's exit code and stderr, and the pipe's output file. */
function pipeline(s: Sandbox, args: string[], tail: string): Promise<{ code: number; stderr: string; outBytes: number; out: string }> {
  const quoted = [process.execPath, OFFLOAD_BIN, ...args, '--workspace', s.workspace].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const outFile = join(s.dir, `pipe-${Date.now()}.out`);
  const errFile = join(s.dir, `pipe-${Date.now()}.err`);
  const script = `${quoted} 2>'${errFile}' | ${tail} > '${outFile}'; exit \${PIPESTATUS[0]}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { env: s.env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => {
      const out = readFileSync(outFile, 'utf8');
      resolve({ code: code ?? -1, stderr: readFileSync(errFile, 'utf8'), outBytes: statSync(outFile).size, out });
    });
  });
}

test('`offload diff --json | cat` and `logs --json | cat` write everything; `| head` ends quietly', async () => {
  const s = createSandbox(server.url, { 'many.txt': OLD });
  try {
    const run = await s.offload(['run', '--json', promptFor('many', 'Edit every tenth line.')], { timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const id = jsonLines(run.stdout)[0]!.agentId;

    // What a reader that keeps up gets (the test's own pipe drains as fast as it can).
    const direct = await s.offload(['diff', id, '--json'], { timeoutMs: 60_000 });
    assert.ok(direct.stdout.length > 200_000, `the diff is big (${direct.stdout.length} bytes)`);

    const diff = await pipeline(s, ['diff', id, '--json'], 'cat');
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(diff.outBytes, Buffer.byteLength(direct.stdout), 'every byte of the diff went through the pipe');
    const files = JSON.parse(diff.out) as FileDiff[];
    assert.equal(files[0]!.hunks.length, LINES / EVERY);

    const slow = await pipeline(s, ['logs', id, '--json'], `(sleep 1; cat)`);
    assert.equal(slow.code, 0, slow.stderr);
    const events = slow.out.trim().split('\n').map((l) => JSON.parse(l) as AgentEvent);
    const logged = readLogStrictly(s.home, s.workspace, id);
    assert.deepEqual(events.map((e) => e.seq), logged.map((e) => e.seq), 'every event made it through a slow reader');
    assert.ok(slow.outBytes > 150_000, `logs are big (${slow.outBytes} bytes)`);

    const head = await pipeline(s, ['diff', id, '--json'], 'head -c 100');
    assert.equal(head.outBytes, 100);
    assert.equal(head.stderr, '', 'a broken pipe ends the command without a word');
    assert.equal(head.code, 141, 'the exit code a shell gives a command ended by SIGPIPE');

    const headLogs = await pipeline(s, ['logs', id], 'head -n 1');
    assert.equal(headLogs.stderr, '');

    await assertNothingLost(s, id, ['many.txt']);
  } finally {
    await s.cleanup();
  }
});
