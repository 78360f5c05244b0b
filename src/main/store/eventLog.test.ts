import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentBusyError, AgentEventLog, newAgentId } from './eventLog.js';
import { agentLockPath, agentLogPath } from './homePaths.js';

async function tempStateDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-eventlog-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function linesOf(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n');
}

test('append assigns seq and time, writes one JSON object per line, and read gives the events back', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir);
  const first = await log.append('agent1', { type: 'status', status: 'running' });
  const second = await log.append('agent1', { type: 'text', text: 'hello\nworld' }, '2026-01-01T00:00:00.000Z');
  assert.equal(first.seq, 1);
  assert.equal(first.agentId, 'agent1');
  assert.ok(!Number.isNaN(Date.parse(first.time)));
  assert.deepEqual(second, { v: 1, type: 'text', text: 'hello\nworld', agentId: 'agent1', time: '2026-01-01T00:00:00.000Z', seq: 2 });
  const lines = await linesOf(agentLogPath(dir, 'agent1'));
  assert.equal(lines.length, 3, 'two lines and a final newline');
  assert.equal(lines[2], '');
  assert.deepEqual(JSON.parse(lines[1]!), second);
  assert.deepEqual(await log.read('agent1'), [first, second]);
  await log.close();
});

test('concurrent appends get consecutive seqs, written in seq order', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir);
  const events = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append('a', { type: 'text', text: `chunk ${i}` })));
  assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 200 }, (_, i) => i + 1));
  const read = await log.read('a');
  assert.deepEqual(read.map((e) => e.seq), events.map((e) => e.seq));
  assert.deepEqual(read.map((e) => (e as { text: string }).text), events.map((_, i) => `chunk ${i}`));
  await log.close();
});

test('a new log instance (a new process) continues the seq where the file left off', async (t) => {
  const dir = await tempStateDir(t);
  const first = new AgentEventLog(dir);
  await first.append('a', { type: 'status', status: 'running' });
  await first.append('a', { type: 'status', status: 'completed' });
  await first.close();
  const second = new AgentEventLog(dir);
  assert.equal((await second.append('a', { type: 'status', status: 'running' })).seq, 3);
  await second.close();
});

test('a torn last line is cut from the file, never fatal, and appends continue cleanly', async (t) => {
  const dir = await tempStateDir(t);
  const writer = new AgentEventLog(dir);
  await writer.append('a', { type: 'status', status: 'running' });
  await writer.append('a', { type: 'text', text: 'ok' });
  await writer.close();
  const path = agentLogPath(dir, 'a');
  const intact = await readFile(path, 'utf8');
  await appendFile(path, '{"type":"text","text":"half a li');

  const reader = new AgentEventLog(dir);
  const events = await reader.read('a');
  assert.deepEqual(events.map((e) => e.seq), [1, 2]);
  assert.equal(await readFile(path, 'utf8'), intact, 'the torn tail is gone from disk');

  await appendFile(path, '{"type":"text","text":"torn ag');
  const next = await reader.append('a', { type: 'status', status: 'completed' });
  assert.equal(next.seq, 3);
  const lines = (await linesOf(path)).filter(Boolean);
  assert.equal(lines.length, 3);
  for (const line of lines) JSON.parse(line);
  await reader.close();
});

test('a whole last event missing only its newline is kept, and the next append starts a new line', async (t) => {
  const dir = await tempStateDir(t);
  const path = agentLogPath(dir, 'a');
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, JSON.stringify({ type: 'status', status: 'running', agentId: 'a', time: '2026-01-01T00:00:00Z', seq: 1 }));
  const log = new AgentEventLog(dir);
  assert.equal((await log.read('a')).length, 1);
  assert.equal((await log.append('a', { type: 'text', text: 'x' })).seq, 2);
  assert.deepEqual((await log.read('a')).map((e) => e.seq), [1, 2]);
  await log.close();
});

test('a corrupt middle line is skipped with a warning and the rest still reads', async (t) => {
  const dir = await tempStateDir(t);
  const warnings: string[] = [];
  const log = new AgentEventLog(dir, { onWarning: (m) => warnings.push(m) });
  await log.append('a', { type: 'status', status: 'running' });
  await log.close();
  await appendFile(agentLogPath(dir, 'a'), 'garbage{{{\n');
  await log.append('a', { type: 'status', status: 'completed' });
  const events = await log.read('a');
  assert.deepEqual(events.map((e) => e.type === 'status' && e.status), ['running', 'completed']);
  assert.equal(warnings.length >= 1, true);
  assert.match(warnings[0]!, /corrupt line \(line 2\)/);
  await log.close();
});

test('reading an agent with no log gives no events; listAgentIds lists agents with logs, oldest first', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir);
  assert.deepEqual(await log.listAgentIds(), []);
  assert.deepEqual(await log.read('nobody'), []);
  const ids = [newAgentId(), newAgentId(), newAgentId()];
  for (const id of [...ids].reverse()) await log.append(id, { type: 'status', status: 'queued' });
  await mkdir(join(dir, 'agents', 'no-log-here'), { recursive: true });
  assert.deepEqual(await log.listAgentIds(), ids);
  await assert.rejects(log.read('../escape'), /Not an agent id/);
  await log.close();
});

test('newAgentId: short, folder-safe, unique, and sorted by creation time', () => {
  const ids = [newAgentId(1_000), newAgentId(1_000), newAgentId(2_000), ...Array.from({ length: 500 }, () => newAgentId())];
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
  for (const id of ids) assert.match(id, /^[0-9a-z]{15}$/);
});

test('lock: a second lock of the same agent in this process is refused; release frees it', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir);
  const release = await log.lock('a');
  await assert.rejects(new AgentEventLog(dir).lock('a'), (error: unknown) => {
    assert.ok(error instanceof AgentBusyError);
    assert.equal(error.code, 'AGENT_BUSY');
    assert.match(error.message, new RegExp(`pid ${process.pid}`));
    return true;
  });
  await release();
  await assert.rejects(access(agentLockPath(dir, 'a')));
  const again = await log.lock('a');
  await again();
});

/** Starts a process that locks the agent and holds it until killed. */
async function lockInChild(dir: string, agentId: string): Promise<ChildProcess> {
  const eventLogUrl = new URL('./eventLog.js', import.meta.url).href;
  const script = `
    const { AgentEventLog } = await import(${JSON.stringify(eventLogUrl)});
    await new AgentEventLog(${JSON.stringify(dir)}).lock(${JSON.stringify(agentId)});
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => data.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock child exited with ${code}`)));
  });
  return child;
}

test('lock: another live process holding the agent gives AGENT_BUSY naming its pid; once it dies, the stale lock is taken over', async (t) => {
  const dir = await tempStateDir(t);
  const child = await lockInChild(dir, 'a');
  t.after(() => void child.kill('SIGKILL'));
  const log = new AgentEventLog(dir);
  await assert.rejects(log.lock('a'), (error: unknown) => {
    assert.ok(error instanceof AgentBusyError);
    assert.equal(error.code, 'AGENT_BUSY');
    assert.equal(error.pid, child.pid);
    assert.match(error.message, new RegExp(`pid ${child.pid}`));
    return true;
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const release = await log.lock('a');
  const lock = JSON.parse(await readFile(agentLockPath(dir, 'a'), 'utf8')) as { pid: number };
  assert.equal(lock.pid, process.pid);
  await release();
});

test('lock repairs a torn tail left by the process that crashed holding it', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir);
  await log.append('a', { type: 'status', status: 'running' });
  await log.close();
  const path = agentLogPath(dir, 'a');
  const intact = await readFile(path, 'utf8');
  await appendFile(path, '{"type":"te');
  const release = await log.lock('a');
  assert.equal(await readFile(path, 'utf8'), intact);
  await release();
});

test('bench-like check: appending is fast with the kept-open handle', async (t) => {
  const dir = await tempStateDir(t);
  const log = new AgentEventLog(dir);
  await log.append('a', { type: 'status', status: 'running' });
  const count = 500;
  const start = performance.now();
  for (let i = 0; i < count; i++) await log.append('a', { type: 'tool_output', tool: 'run_command', toolUseId: 'toolu_1', chunk: 'x'.repeat(200) });
  const perEvent = (performance.now() - start) / count;
  // Generous bound for a loaded CI machine; the bench reports the real figure.
  assert.ok(perEvent < 2, `append took ${perEvent.toFixed(3)} ms per event`);
  await log.close();
});

test('every line carries the log version; a newer or unknown line is kept and reported, never dropped', async (t) => {
  const dir = await tempStateDir(t);
  const warnings: string[] = [];
  const earlier = new AgentEventLog(dir);
  await earlier.append('agent1', { type: 'status', status: 'running' });
  await earlier.close();
  const path = agentLogPath(dir, 'agent1');
  assert.equal(JSON.parse((await linesOf(path))[0]!).v, 1);
  // A line a newer Offload wrote: a version above ours and a type we do not know.
  await appendFile(path, JSON.stringify({ v: 2, type: 'thought', text: 'hmm', agentId: 'agent1', time: '2026-01-01T00:00:00.000Z', seq: 2 }) + '\n');
  const log = new AgentEventLog(dir, { onWarning: (message) => warnings.push(message) });
  const read = await log.read('agent1');
  assert.deepEqual(read.map((e) => [e.seq, e.type]), [[1, 'status'], [2, 'thought']]);
  assert.ok(warnings.length >= 1);
  assert.match(warnings[0]!, /Kept 1 event in .* written by a newer Offload \(log version 2; this one reads 1\), of type thought: shown as they are/);
  // Appending goes on after it: the newer line keeps its place in the sequence.
  const next = await log.append('agent1', { type: 'status', status: 'completed' });
  assert.equal(next.seq, 3);
  const { reduceAgent } = await import('../../shared/reduceAgent.js');
  assert.equal(reduceAgent('agent1', await log.read('agent1')).status, 'completed', 'the reducer skips what it does not know');
});

test('appendMany writes a batch as consecutive lines with one seq each, readable like single appends', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'offload-log-batch-'));
  try {
    const log = new AgentEventLog(dir);
    const id = newAgentId();
    const release = await log.lock(id);
    await log.append(id, { type: 'status', status: 'running' });
    const batch = await log.appendMany(id, [
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
    ]);
    assert.deepEqual(batch.map((e) => e.seq), [2, 3]);
    await log.append(id, { type: 'text', text: 'c' });
    const events = await log.read(id);
    assert.deepEqual(events.map((e) => [e.seq, e.type === 'text' ? e.text : e.type]), [[1, 'status'], [2, 'a'], [3, 'b'], [4, 'c']]);
    await release();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
