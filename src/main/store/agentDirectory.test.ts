import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listAgentLocations, locateAgent } from './agentDirectory.js';
import { agentDir, workspaceStateDir } from './homePaths.js';

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'offload-dir-'));
  const add = (workspace: string, id: string, name: string) => {
    const folder = agentDir(workspaceStateDir(dir, workspace), id);
    mkdirSync(folder, { recursive: true });
    const started = { type: 'started', name, prompt: 'p', options: {}, workspace, agentId: id, time: '2026-01-01T00:00:00Z', seq: 1 };
    writeFileSync(join(folder, 'events.jsonl'), JSON.stringify(started) + '\n' + JSON.stringify({ type: 'status', status: 'queued', seq: 2 }) + '\n');
  };
  return { dir, add, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('an id, a prefix or a name finds the agent in any workspace; several matches are refused by name', async () => {
  const h = home();
  try {
    h.add('/ws/one', 'a1b2c3', 'brave-otter');
    h.add('/ws/two', 'a1ffff', 'calm-heron');
    h.add('/ws/two', 'zz0001', 'brave-otter-2');
    h.add('/ws/three', 'zz0002', 'calm-heron');
    assert.equal((await listAgentLocations(h.dir)).length, 4);
    assert.equal((await locateAgent(h.dir, 'a1b2c3')).workspace, '/ws/one');
    assert.equal((await locateAgent(h.dir, 'a1b')).id, 'a1b2c3');
    assert.equal((await locateAgent(h.dir, 'brave-otter')).id, 'a1b2c3');
    await assert.rejects(locateAgent(h.dir, 'a1'), /"a1" matches several agents: brave-otter \(a1b2c3\) in \/ws\/one; calm-heron \(a1ffff\) in \/ws\/two/);
    await assert.rejects(locateAgent(h.dir, 'calm-heron'), (e: Error & { code?: string }) => e.code === 'BAD_INPUT');
    // --workspace narrows: the name is no longer ambiguous there, and agents elsewhere are not found.
    assert.equal((await locateAgent(h.dir, 'calm-heron', { workspace: '/ws/three' })).id, 'zz0002');
    await assert.rejects(locateAgent(h.dir, 'a1b2c3', { workspace: '/ws/two' }), (e: Error & { code?: string }) => e.code === 'NOT_FOUND' && /in \/ws\/two/.test(e.message));
    await assert.rejects(locateAgent(h.dir, 'nobody'), /No agent "nobody" in any workspace\. `offload list --all`/);
  } finally {
    h.cleanup();
  }
});

test('a log without a readable started line is not an agent (and does not stop the search)', async () => {
  const h = home();
  try {
    h.add('/ws/one', 'ok0001', 'fine');
    const broken = agentDir(workspaceStateDir(h.dir, '/ws/one'), 'bad0001');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'events.jsonl'), '{"type":"sta');
    assert.deepEqual((await listAgentLocations(h.dir)).map((l) => l.id), ['ok0001']);
  } finally {
    h.cleanup();
  }
});
