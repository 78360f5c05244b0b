import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentOptions } from '../../shared/agent.js';
import { reduceAgent } from '../../shared/reduceAgent.js';
import { AgentIndex } from './agentIndex.js';
import { AgentEventLog, newAgentId } from './eventLog.js';
import { agentLogPath } from './homePaths.js';

const options: AgentOptions = { approval: 'ask', scope: [], allowedCommands: [], webSearch: true, mode: 'background' };
const NOW = new Date('2026-01-01T01:00:00Z');

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const dir = await mkdtemp(join(tmpdir(), 'offload-index-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const log = new AgentEventLog(dir);
  t.after(() => log.close());
  return { dir, log, index: new AgentIndex(dir, log) };
}

async function startAgent(log: AgentEventLog, name: string, minute: number) {
  const id = newAgentId();
  await log.append(id, { type: 'started', name, prompt: `task of ${name}`, options, workspace: '/w' }, `2026-01-01T00:0${minute}:00.000Z`);
  await log.append(id, { type: 'status', status: 'running' }, `2026-01-01T00:0${minute}:01.000Z`);
  return id;
}

test('lists every agent newest first, equal to folding the full logs', async (t) => {
  const { log, index } = await setup(t);
  const older = await startAgent(log, 'brave-otter', 1);
  const newer = await startAgent(log, 'amber-falcon', 2);
  await log.append(older, { type: 'tool_call', tool: 'read_file', toolUseId: 't1', input: { path: 'a' } });
  const records = await index.list(NOW);
  assert.deepEqual(records.map((r) => r.name), ['amber-falcon', 'brave-otter']);
  assert.deepEqual(records[1], reduceAgent(older, await log.read(older), NOW));
  assert.deepEqual(records[0], reduceAgent(newer, await log.read(newer), NOW));
});

test('later calls fold only what was appended, and survive a new process (the cache file)', async (t) => {
  const { dir, log, index } = await setup(t);
  const id = await startAgent(log, 'brave-otter', 1);
  assert.equal((await index.list(NOW))[0]!.steps, 0);
  await log.append(id, { type: 'tool_call', tool: 'read_file', toolUseId: 't1', input: {} });
  await log.append(id, { type: 'tool_call', tool: 'read_file', toolUseId: 't2', input: {} });
  assert.equal((await index.list(NOW))[0]!.steps, 2);
  const cache = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { agents: Record<string, { offset: number }> };
  assert.ok(cache.agents[id]!.offset > 0);
  await log.append(id, { type: 'status', status: 'completed' }, '2026-01-01T00:05:00.000Z');
  const fresh = new AgentIndex(dir, log);
  const record = await fresh.get(id, NOW);
  assert.deepEqual(record, reduceAgent(id, await log.read(id), NOW));
  assert.equal(record!.status, 'completed');
  assert.equal(await fresh.get('nobody'), null);
});

test('a half-written last line is left for later; a log that shrank is folded again', async (t) => {
  const { dir, log, index } = await setup(t);
  const id = await startAgent(log, 'brave-otter', 1);
  const path = agentLogPath(dir, id);
  await appendFile(path, '{"type":"tool_call","tool":"x","toolUseId":"t","input":{},"agentId":"' + id + '","time":"2026-01-01T00:02:00Z","se');
  assert.equal((await index.list(NOW))[0]!.steps, 0);
  await appendFile(path, 'q":3}\n');
  assert.equal((await index.list(NOW))[0]!.steps, 1, 'the line, once complete, is folded');
  const { size } = await stat(path);
  await truncate(path, size - 1 - (await readFile(path, 'utf8')).split('\n').at(-2)!.length);
  assert.equal((await index.list(NOW))[0]!.steps, 0, 'refolded from the start after the log shrank');
});
