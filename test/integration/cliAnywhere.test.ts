// Agent ids and names work from any folder (issue 10): the CLI finds the
// agent's workspace under OFFLOAD_HOME; --workspace only narrows. Also
// `offload list --all` and `offload --version`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { AgentRecord } from '../../src/shared/agent.js';
import { createSandbox, REPO_ROOT, type Sandbox } from './cliHelpers.js';

let server: FakeModelServer;
let s: Sandbox;
let other: string;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      writes: [toolTurn('write_file', { path: 'made.txt', content: 'made\n' }), textTurn('Made it.')],
      looks: [toolTurn('list_dir', {}), textTurn('Looked.')],
    },
  });
  s = createSandbox(server.url);
  // A second workspace beside the first, and a plain folder to run commands from.
  other = join(s.dir, 'other');
  mkdirSync(other);
  execFileSync('git', ['init', '-q', other]);
  mkdirSync(join(s.dir, 'elsewhere'));
});
after(async () => {
  await s?.cleanup();
  await server?.close();
});

test('an agent id, id prefix or name works from another folder without --workspace; --workspace only narrows', async () => {
  const run = await s.offload(['run', '--json', promptFor('writes', 'Make a file.')]);
  assert.equal(run.code, 0, run.stderr);
  const list = await s.offload(['list', '--json']);
  const [agent] = JSON.parse(list.stdout) as AgentRecord[];
  assert.ok(agent);
  const elsewhere = { workspace: null, cwd: join(s.dir, 'elsewhere') };

  for (const query of [agent.id, agent.id.slice(0, agent.id.length - 3), agent.name]) {
    const show = await s.offload(['show', query, '--json'], elsewhere);
    assert.equal(show.code, 0, `show ${query}: ${show.stderr}`);
    assert.equal((JSON.parse(show.stdout) as AgentRecord).id, agent.id);
  }
  const logs = await s.offload(['logs', agent.id, '--json'], elsewhere);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /"type":"finished"/);
  const diff = await s.offload(['diff', agent.name], elsewhere);
  assert.equal(diff.code, 0, diff.stderr);
  assert.match(diff.stdout, /made\.txt/);
  const checkpoints = await s.offload(['checkpoints', agent.id, '--json'], elsewhere);
  assert.equal(checkpoints.code, 0, checkpoints.stderr);
  const accept = await s.offload(['accept', agent.id], elsewhere);
  assert.equal(accept.code, 0, accept.stderr);

  // Narrowed to a workspace the agent is not in: not found there, said plainly (exit 2).
  const narrowed = await s.offload(['show', agent.id], { workspace: other });
  assert.equal(narrowed.code, 2);
  assert.match(narrowed.stderr, /No agent ".*" in .*other.*offload list --all/s);
  // Narrowed to its own workspace: found.
  const own = await s.offload(['show', agent.id], { workspace: s.workspace, cwd: join(s.dir, 'elsewhere') });
  assert.equal(own.code, 0, own.stderr);

  const unknown = await s.offload(['show', 'no-such-agent'], elsewhere);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /No agent "no-such-agent" in any workspace/);
});

test('`offload list --all` lists every workspace\'s agents with their workspace', async () => {
  const second = await s.offload(['run', '--json', promptFor('looks', 'Look around.')], { workspace: other });
  assert.equal(second.code, 0, second.stderr);
  const all = await s.offload(['list', '--all', '--json'], { workspace: null, cwd: join(s.dir, 'elsewhere') });
  assert.equal(all.code, 0, all.stderr);
  const records = JSON.parse(all.stdout) as AgentRecord[];
  const workspaces = new Set(records.map((r) => r.workspace));
  assert.equal(workspaces.size, 2, `two workspaces: ${[...workspaces].join(', ')}`);
  assert.ok(records.every((r) => r.status === 'completed'));
  const human = await s.offload(['list', '--all'], { workspace: null, cwd: join(s.dir, 'elsewhere') });
  assert.equal(human.code, 0, human.stderr);
  for (const record of records) {
    assert.ok(human.stdout.includes(record.workspace), 'each workspace is named');
    assert.ok(human.stdout.includes(record.id));
  }
  // Without --all: only the current workspace's agents.
  const one = JSON.parse((await s.offload(['list', '--json'])).stdout) as AgentRecord[];
  assert.equal(one.length, 1);
});

test('`offload --version` prints the package version', async () => {
  const version = String(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  const out = await s.offload(['--version'], { workspace: null });
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout.trim(), version);
});
