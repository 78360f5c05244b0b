import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { AgentStateFiles, type AgentReviewState } from './reviewState.js';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'offload-review-state-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'agents');
}

function stateWith(agentId: string, step: number): AgentReviewState {
  return {
    version: 1,
    agentId,
    files: { 'a.txt': { baseline: null, original: null, lastWrite: null, open: true, firstStep: step, createdDirs: [] } },
    checkpoints: [{ step, time: '2026-12-02T00:00:00.000Z', files: { 'a.txt': { oid: `oid${step}`, mode: 0o100644 } }, commit: null }],
    baselineCommit: null,
    lineCounts: {},
  };
}

test('a saved state is read back by another reader, and a save does not replace the file (no rename: ext4 would flush it first)', async (t) => {
  const dir = tempDir(t);
  const files = new AgentStateFiles(dir);
  await files.save(stateWith('a1', 1));
  const inode = fs.statSync(files.fileOf('a1')).ino;
  await files.save(stateWith('a1', 2));
  await files.save(stateWith('a1', 3));
  assert.equal(fs.statSync(files.fileOf('a1')).ino, inode);
  assert.deepEqual(new AgentStateFiles(dir).load('a1'), stateWith('a1', 3));
  assert.deepEqual(new AgentStateFiles(dir).agentIds(), ['a1']);
});

test('saves made while one is being written go out together: the last state wins, in memory at once and in the file', async (t) => {
  const dir = tempDir(t);
  const files = new AgentStateFiles(dir);
  const saves = [1, 2, 3, 4, 5].map((step) => files.save(stateWith('a1', step)));
  assert.equal(files.load('a1').checkpoints[0]!.step, 5);
  await Promise.all(saves);
  const lines = fs.readFileSync(files.fileOf('a1'), 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length <= 2, `${lines.length} writes for 5 saves made at once`);
  assert.deepEqual(new AgentStateFiles(dir).load('a1'), stateWith('a1', 5));
});

test('a save torn by a full disk reads as the state before it; the next save is read back whole', async (t) => {
  const dir = tempDir(t);
  const files = new AgentStateFiles(dir);
  await files.save(stateWith('a1', 1));
  const whole = JSON.stringify(stateWith('a1', 2));
  fs.appendFileSync(files.fileOf('a1'), `\n${whole.slice(0, whole.length / 2)}`);
  assert.deepEqual(new AgentStateFiles(dir).load('a1'), stateWith('a1', 1));
  await new AgentStateFiles(dir).save(stateWith('a1', 3));
  assert.deepEqual(new AgentStateFiles(dir).load('a1'), stateWith('a1', 3));
});

test('a state file of the old format (one JSON object, no newline) is read, and saves go on after it', async (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(dir);
  const files = new AgentStateFiles(dir);
  fs.writeFileSync(files.fileOf('a1'), JSON.stringify(stateWith('a1', 7)));
  assert.deepEqual(files.load('a1'), stateWith('a1', 7));
  await files.save(stateWith('a1', 8));
  assert.deepEqual(new AgentStateFiles(dir).load('a1'), stateWith('a1', 8));
});

test('a state changed by another process (the CLI) is re-read', async (t) => {
  const dir = tempDir(t);
  const host = new AgentStateFiles(dir);
  await host.save(stateWith('a1', 1));
  assert.equal(host.load('a1').checkpoints[0]!.step, 1);
  await new AgentStateFiles(dir).save(stateWith('a1', 2));
  assert.equal(host.load('a1').checkpoints[0]!.step, 2);
});

test('the file stays bounded: once large it is rewritten to its last state', async (t) => {
  const dir = tempDir(t);
  const files = new AgentStateFiles(dir);
  const big = stateWith('a1', 0);
  for (let i = 0; i < 2000; i++) big.lineCounts[`${'b'.repeat(40)}${i}:${'c'.repeat(40)}`] = [i, i, 0];
  const size = JSON.stringify(big).length;
  for (let step = 1; step <= Math.ceil((3 * 1024 * 1024) / size); step++) {
    big.checkpoints[0]!.step = step;
    await files.save(big);
  }
  assert.ok(fs.statSync(files.fileOf('a1')).size < 1024 * 1024 + 2 * size);
  assert.equal(new AgentStateFiles(dir).load('a1').checkpoints[0]!.step, big.checkpoints[0]!.step);
});

test('with the review folder gone, a save fails (ENOENT) and makes no folders again', async (t) => {
  const dir = tempDir(t);
  const files = new AgentStateFiles(dir);
  await files.save(stateWith('a1', 1));
  fs.rmSync(path.dirname(dir), { recursive: true });
  await assert.rejects(files.save(stateWith('a1', 2)), (e: NodeJS.ErrnoException) => e.code === 'ENOENT');
  assert.equal(fs.existsSync(path.dirname(dir)), false);
});
