// The summary beside each agent's log (agentSummaries.ts) must always give the
// record the full log folds to: after appends, after a crash between the log
// write and the summary, after a torn line, a rewritten log, or a summary of
// another release. The log is the truth; the summary only saves reading it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRecord } from '../../shared/agent.js';
import type { AgentEventBody } from '../../shared/events.js';
import { applyEvent, reduceAgent } from '../../shared/reduceAgent.js';
import { summaryPath } from './agentSummaries.js';
import { AgentEventLog } from './eventLog.js';
import { agentLogPath } from './homePaths.js';

const RELEASE = '9.9.9-test';
const ID = '0mict3k2a01x7f3';

async function tempStateDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-summaries-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function history(steps: number): AgentEventBody[] {
  const bodies: AgentEventBody[] = [
    { type: 'started', name: 'brisk-otter', prompt: 'Tidy the README', options: { approval: 'ask', scope: [], allowedCommands: [], webSearch: false, mode: 'background' }, workspace: '/ws' },
    { type: 'status', status: 'running' },
  ];
  for (let i = 0; i < steps; i++) {
    bodies.push({ type: 'tool_call', tool: 'read_file', toolUseId: `t${i}`, input: { path: `f${i}.txt` } });
    bodies.push({ type: 'tool_result', tool: 'read_file', toolUseId: `t${i}`, ok: true, content: `contents ${i} `.repeat(40) });
    bodies.push({ type: 'usage', model: 'claude-sonnet-4-6', inputTokens: 100, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0.01 });
  }
  return bodies;
}

/** The record the whole log folds to, read by a log without summaries. */
async function fullFold(dir: string): Promise<AgentRecord> {
  return reduceAgent(ID, await new AgentEventLog(dir).read(ID));
}

/** Records compared without elapsedMs (it depends on the clock of the read). */
function same(actual: AgentRecord, expected: AgentRecord, message?: string): void {
  assert.deepEqual({ ...actual, elapsedMs: 0 }, { ...expected, elapsedMs: 0 }, message);
}

async function tamperSummaryName(dir: string, name: string): Promise<void> {
  const path = summaryPath(dir, ID);
  const summary = JSON.parse(await readFile(path, 'utf8'));
  summary.record.name = name;
  await writeFile(path, JSON.stringify(summary));
}

test('readRecord folds the log once, keeps the result beside it, and reads that summary while the log is unchanged', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir, { summaries: { release: RELEASE } });
  await log.appendMany(ID, history(20));
  same(await log.readRecord(ID), await fullFold(dir));
  const summary = JSON.parse(await readFile(summaryPath(dir, ID), 'utf8'));
  assert.equal(summary.logBytes, (await readFile(agentLogPath(dir, ID))).length);
  assert.equal(summary.record.steps, (await fullFold(dir)).steps);
  // The summary is what the next host reads (a marked one shows through), not the log.
  await tamperSummaryName(dir, 'from-the-summary');
  assert.equal((await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID)).name, 'from-the-summary');
  await log.close();
});

test('events appended after the summary (a crash before it was rewritten) are folded onto it from the log', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir, { summaries: { release: RELEASE } });
  await log.appendMany(ID, history(5));
  await log.readRecord(ID); // summary of the first part
  await log.appendMany(ID, [{ type: 'status', status: 'paused_input' }, { type: 'paused', kind: 'input', question: 'Which file?', toolUseId: 'q1' }]);
  const afterCrash = new AgentEventLog(dir, { summaries: { release: RELEASE } }); // a new host
  const record = await afterCrash.readRecord(ID);
  same(record, await fullFold(dir));
  assert.equal(record.status, 'paused_input');
  assert.equal(record.pending?.kind, 'input');
  // Only the tail was read: the summary's (marked) part stays, the new events are on it.
  await tamperSummaryName(dir, 'summary-part');
  await afterCrash.appendMany(ID, [{ type: 'answered', toolUseId: 'q1', kind: 'input', answer: 'a.txt' }]);
  const grown = await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  assert.equal(grown.name, 'summary-part');
  assert.equal(grown.lastSeq, (await fullFold(dir)).lastSeq);
  await log.close();
  await afterCrash.close();
});

test('a torn last line (a crash mid-write) is left out, as a full read leaves it out', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir, { summaries: { release: RELEASE } });
  await log.appendMany(ID, history(3));
  await log.readRecord(ID);
  await log.close();
  await appendFile(agentLogPath(dir, ID), JSON.stringify({ v: 1, type: 'status', status: 'completed', agentId: ID, seq: 999 }).slice(0, 30));
  const record = await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  assert.equal(record.status, 'running');
  same(record, await fullFold(dir));
});

test('a rewritten log (shorter, or the same size with other content) is folded whole, whatever the summary says', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir, { summaries: { release: RELEASE } });
  await log.appendMany(ID, history(6));
  await log.readRecord(ID);
  await log.close();
  await tamperSummaryName(dir, 'stale');
  const path = agentLogPath(dir, ID);
  const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  // Shorter: the last steps gone.
  await writeFile(path, lines.slice(0, 5).join('\n') + '\n');
  let record = await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  same(record, await fullFold(dir));
  assert.equal(record.name, 'brisk-otter');
  // Longer, but not continuing the summary (its first new line is not lastSeq + 1): folded whole too.
  await tamperSummaryName(dir, 'stale');
  await writeFile(path, lines.slice(0, 3).join('\n') + '\n' + lines.slice(0, 7).join('\n') + '\n');
  record = await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  assert.equal(record.name, 'brisk-otter');
  same(record, await fullFold(dir));
  // Same size, other content (a status flipped in place): the mtime differs, so folded whole.
  await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  await tamperSummaryName(dir, 'stale');
  const text = await readFile(path, 'utf8');
  await new Promise((resolve) => setTimeout(resolve, 20));
  await writeFile(path, text.replaceAll('"status":"running"', '"status":"failed" '));
  record = await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  assert.equal(record.status, 'failed');
  assert.equal(record.name, 'brisk-otter');
});

test('a summary of another release, or an unreadable one, is ignored and replaced', async (t) => {
  const dir = await tempStateDir(t);
  const writer = new AgentEventLog(dir, { summaries: { release: '0.0.1-old' } });
  await writer.appendMany(ID, history(2));
  await writer.readRecord(ID);
  await writer.close();
  await tamperSummaryName(dir, 'old-release');
  const log = new AgentEventLog(dir, { summaries: { release: RELEASE } });
  assert.equal((await log.readRecord(ID)).name, 'brisk-otter');
  assert.equal(JSON.parse(await readFile(summaryPath(dir, ID), 'utf8')).release, RELEASE);
  await writeFile(summaryPath(dir, ID), '{"format":1,"rel');
  same(await log.readRecord(ID), await fullFold(dir));
});

test('saveRecord keeps the driving process`s record as the summary, only while it holds the lock', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir, { summaries: { release: RELEASE } });
  const release = await log.lock(ID);
  const events = await log.appendMany(ID, history(4));
  const record = events.reduce(applyEvent, reduceAgent(ID, []));
  await log.saveRecord(ID, record);
  same((await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID)), await fullFold(dir));
  // A record that is not the fold of the log (lastSeq behind) is not stored.
  await tamperSummaryName(dir, 'kept');
  await log.append(ID, { type: 'status', status: 'completed' });
  await log.saveRecord(ID, record);
  assert.equal(JSON.parse(await readFile(summaryPath(dir, ID), 'utf8')).record.name, 'kept');
  await release();
  // Not ours any more: nothing is written.
  await log.saveRecord(ID, { ...record, name: 'not-ours' });
  assert.equal(JSON.parse(await readFile(summaryPath(dir, ID), 'utf8')).record.name, 'kept');
  // The event appended after it is folded onto it from the log.
  const after = await new AgentEventLog(dir, { summaries: { release: RELEASE } }).readRecord(ID);
  same({ ...after, name: 'brisk-otter' }, await fullFold(dir));
  assert.equal(after.status, 'completed');
  await log.close();
});
