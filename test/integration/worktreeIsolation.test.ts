// `--isolation worktree` end to end: real git repos in temp folders, the real
// `offload` CLI, real agent processes and the real SDK against the fake
// Messages API server. Two agents edit the same line in worktrees of their
// own; accepting both applies the first and reports the second's conflict;
// cleanup leaves the user's repository exactly as it was.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { createSandbox, jsonLines, type Sandbox } from './cliHelpers.js';

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      'wt-a': [
        toolTurn('read_file', { path: 'notes.txt' }),
        toolTurn('edit_file', { path: 'README.md', old_string: 'old text', new_string: 'text from A' }),
        textTurn('A done.'),
      ],
      'wt-b': [toolTurn('edit_file', { path: 'README.md', old_string: 'old text', new_string: 'text from B' }), textTurn('B done.')],
      'wt-c': [toolTurn('write_file', { path: 'c.txt', content: 'from C\n' }), textTurn('C done.')],
      'wt-d': [
        toolTurn('edit_file', { path: 'README.md', old_string: 'old text', new_string: 'text from D' }),
        toolTurn('write_file', { path: 'd.txt', content: 'from D\n' }),
        textTurn('D done.'),
      ],
    },
  });
});
after(async () => server?.close());

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });

/** Every ref with its hash, HEAD, the index's hash and the worktree list: what must not change. */
function repoState(workspace: string): string {
  const refs = git(workspace, 'for-each-ref', '--format=%(refname) %(objectname)');
  const head = git(workspace, 'rev-parse', 'HEAD');
  const index = execFileSync('sha256sum', [join(workspace, '.git', 'index')], { encoding: 'utf8' }).split(' ')[0];
  const worktrees = git(workspace, 'worktree', 'list', '--porcelain');
  const stash = git(workspace, 'stash', 'list');
  return JSON.stringify({ refs, head, index, worktrees, stash });
}

async function runIsolated(sandbox: Sandbox, scenario: string): Promise<string> {
  const out = await sandbox.offload(['run', '--isolation', 'worktree', '--approval', 'auto', '--json', promptFor(scenario)], { timeoutMs: 60_000 });
  assert.equal(out.code, 0, out.stderr);
  const events = jsonLines(out.stdout);
  const isolation = events.find((e) => e.type === 'isolation');
  assert.ok(isolation && isolation.type === 'isolation' && isolation.mode === 'worktree', 'the agent says it works in a worktree');
  return events[0]!.agentId;
}

test('two agents in worktrees edit the same line: both finish, the first is accepted, the second reported as a conflict; cleanup restores the repo', async () => {
  const sandbox = createSandbox(server.url);
  try {
    const ws = sandbox.workspace;
    // Uncommitted work of the user's: a modified tracked file and an untracked one.
    writeFileSync(join(ws, 'notes.txt'), 'my uncommitted notes\n');
    writeFileSync(join(ws, 'README.md'), '# Demo\n\nold text\n\nmy uncommitted line\n');
    const before = repoState(ws);
    const userReadme = readFileSync(join(ws, 'README.md'), 'utf8');

    const a = await runIsolated(sandbox, 'wt-a');
    const b = await runIsolated(sandbox, 'wt-b');
    // The user's tree is untouched while the agents work in theirs.
    assert.equal(readFileSync(join(ws, 'README.md'), 'utf8'), userReadme);
    assert.equal(git(ws, 'worktree', 'list').trim().split('\n').length, 3, 'two agent worktrees exist');
    // The untracked file was carried over: the agent read it.
    const aLogs = jsonLines((await sandbox.offload(['logs', a, '--json'])).stdout);
    const read = aLogs.find((e) => e.type === 'tool_result' && e.tool === 'read_file');
    assert.ok(read && read.type === 'tool_result' && /my uncommitted notes/.test(read.content));

    const diffB = JSON.parse((await sandbox.offload(['diff', b, '--json'])).stdout);
    assert.equal(diffB[0].path, 'README.md');

    const acceptA = await sandbox.offload(['accept', a]);
    assert.equal(acceptA.code, 0, acceptA.stderr);
    assert.equal(readFileSync(join(ws, 'README.md'), 'utf8'), '# Demo\n\ntext from A\n\nmy uncommitted line\n', "A's change carried over the user's uncommitted line");

    const acceptB = await sandbox.offload(['accept', b]);
    assert.equal(acceptB.code, 2, 'the conflicting accept fails as bad input (exit 2)');
    assert.match(acceptB.stderr, /README\.md: you changed the same lines/);
    assert.match(acceptB.stderr, /\+text from B/, 'the conflict shows the hunk');
    assert.equal(readFileSync(join(ws, 'README.md'), 'utf8'), '# Demo\n\ntext from A\n\nmy uncommitted line\n', 'nothing of B was written');
    assert.equal(JSON.parse((await sandbox.offload(['diff', b, '--json'])).stdout).length, 1, "B's change stays under review");

    const rejectB = await sandbox.offload(['reject', b]);
    assert.equal(rejectB.code, 0, rejectB.stderr);
    // Both reviews are finished: the worktrees are gone and the repository is as it was.
    assert.equal(repoState(ws), before);
  } finally {
    await sandbox.cleanup();
  }
});

test('a new file is carried over on accept, and the worktree is gone after', async () => {
  const sandbox = createSandbox(server.url);
  try {
    const ws = sandbox.workspace;
    const before = repoState(ws);
    const c = await runIsolated(sandbox, 'wt-c');
    assert.ok(!existsSync(join(ws, 'c.txt')));
    const acceptC = await sandbox.offload(['accept', c]);
    assert.equal(acceptC.code, 0, acceptC.stderr);
    assert.equal(readFileSync(join(ws, 'c.txt'), 'utf8'), 'from C\n', 'a new file is carried over');
    rmSync(join(ws, 'c.txt'));
    assert.equal(repoState(ws), before);

  } finally {
    await sandbox.cleanup();
  }
});

test('an accept that carries some files and conflicts on others logs the carried ones as accepted', async () => {
  const sandbox = createSandbox(server.url);
  try {
    const ws = sandbox.workspace;
    const d = await runIsolated(sandbox, 'wt-d');
    // Meanwhile the person changes the line D edited.
    writeFileSync(join(ws, 'README.md'), '# Demo\n\nmy own text\n');
    const accept = await sandbox.offload(['accept', d]);
    assert.equal(accept.code, 2, 'the conflict fails the accept as bad input (exit 2)');
    assert.match(accept.stderr, /Accepted d\.txt\./);
    assert.equal(readFileSync(join(ws, 'd.txt'), 'utf8'), 'from D\n', 'the file without a conflict was carried');
    // The log says what was accepted, so `show`, the UI and a resume agree with the tree.
    const reviews = jsonLines((await sandbox.offload(['logs', d, '--json'])).stdout).filter((e) => e.type === 'review');
    assert.deepEqual(
      reviews.map((e) => e.type === 'review' && { action: e.action, paths: e.paths }),
      [{ action: 'accept', paths: ['d.txt'] }],
    );
    const left = JSON.parse((await sandbox.offload(['diff', d, '--json'])).stdout) as { path: string }[];
    assert.deepEqual(left.map((f) => f.path), ['README.md'], 'only the conflicting file stays under review');
  } finally {
    await sandbox.cleanup();
  }
});

test('a workspace that is not a git repository falls back to the working tree with a notice', async () => {
  const sandbox = createSandbox(server.url);
  try {
    rmSync(join(sandbox.workspace, '.git'), { recursive: true, force: true });
    const out = await sandbox.offload(['run', '--isolation', 'worktree', '--approval', 'auto', '--json', promptFor('wt-c', 'Plain.')], { timeoutMs: 60_000 });
    assert.equal(out.code, 0, out.stderr);
    const notice = jsonLines(out.stdout).find((e) => e.type === 'isolation');
    assert.ok(notice && notice.type === 'isolation' && notice.mode === 'working-tree' && /needs a git repository/.test(notice.reason ?? ''));
    assert.equal(readFileSync(join(sandbox.workspace, 'c.txt'), 'utf8'), 'from C\n');
  } finally {
    await sandbox.cleanup();
  }
});
