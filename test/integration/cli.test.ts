// The `offload` command end to end: bin/offload spawned for real, real agent
// processes, the real SDK against the fake model server, temp git workspaces
// and a temp OFFLOAD_HOME.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import type { ScriptedTurn, TurnScript } from '../../e2e/fixtures/fakeModel/types.js';
import { promptFor, rateLimitedTurn, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { createSandbox, eventually, jsonLines, listJson, requestText, showJson, type Sandbox } from './cliHelpers.js';

/** Turn 0 hangs the first time it is asked (so a test can kill something meanwhile), then the script runs normally. */
function slowOnce(then: ScriptedTurn[]): TurnScript {
  let asked = 0;
  return (_request, turnIndex) => {
    if (turnIndex === 0 && asked++ === 0) return { ...then[0]!, delayMs: 20_000 };
    return then[turnIndex] ?? textTurn('Done.');
  };
}

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    rateLimits: { rpm: 200 },
    scenarios: {
      full: [
        toolTurn('write_file', { path: 'hello.txt', content: 'hello world\n' }, { text: 'Creating the file.' }),
        toolTurn('edit_file', { path: 'README.md', old_string: 'old text', new_string: 'new text' }),
        toolTurn('run_command', { command: 'cat hello.txt' }),
        textTurn('All done.'),
      ],
      ask: [toolTurn('ask_user', { question: 'Which colour should it be?' }), textTurn('Blue it is.')],
      'approve-edit': [toolTurn('run_command', { command: 'touch by-agent.txt' }), textTurn('Ran it.')],
      deny: [toolTurn('run_command', { command: 'touch denied.txt' }), textTurn('Understood.')],
      'deny-policy': [toolTurn('run_command', { command: 'touch policy.txt' }), textTurn('Understood.')],
      escape: [toolTurn('write_file', { path: '../escaped.txt', content: 'out\n' }), textTurn('Could not.')],
      'slow-agent': slowOnce([textTurn('Finally.')]),
      'slow-host': slowOnce([toolTurn('write_file', { path: 'resumed.txt', content: 'after resume\n' }), textTurn('Resumed and done.')]),
      'slow-busy': slowOnce([textTurn('Late.')]),
      quick: [toolTurn('list_dir', {}), textTurn('Looked.')],
      sleeper: [toolTurn('run_command', { command: 'sleep 37' }), textTurn('Slept.')],
      shared: [rateLimitedTurn(1, toolTurn('list_dir', {})), textTurn('Shared fine.')],
    },
  });
});
after(async () => {
  await server?.close();
});

function requestsOf(scenario: string) {
  return server.requests.filter((r) => r.scenario === scenario);
}

async function withSandbox(body: (s: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = createSandbox(server.url);
  try {
    await body(sandbox);
  } finally {
    await sandbox.cleanup();
  }
}

test('a full run edits files and runs a command, then show --json tells it all', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', '--json', promptFor('full', 'Make hello.txt and fix the README.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    for (const e of events) {
      assert.ok(e.type && e.agentId && e.time, 'every event has type, agentId, time');
    }
    const started = events.find((e) => e.type === 'started');
    assert.ok(started && started.type === 'started' && started.name && started.prompt.includes('hello.txt'));
    assert.ok(events.some((e) => e.type === 'tool_call' && e.tool === 'write_file'));
    assert.ok(events.some((e) => e.type === 'tool_result' && e.tool === 'run_command' && e.ok));
    assert.ok(events.some((e) => e.type === 'usage'));
    const finished = events.find((e) => e.type === 'finished');
    assert.ok(finished && finished.type === 'finished' && finished.status === 'completed');

    assert.equal(readFileSync(join(s.workspace, 'hello.txt'), 'utf8'), 'hello world\n');
    assert.match(readFileSync(join(s.workspace, 'README.md'), 'utf8'), /new text/);

    const shown = await showJson(s, started.agentId);
    assert.equal(shown.id, started.agentId);
    assert.equal(shown.status, 'completed');
    assert.equal(shown.steps, 3);
    assert.equal(shown.premiumRequests, 4);
    assert.ok(shown.costUsd > 0);
    assert.ok(shown.elapsedMs > 0);
    assert.equal(shown.pid, null);
    assert.equal(shown.pending, null);
    assert.deepEqual(
      shown.summary.filesChanged.map((f) => [f.path, f.status]).sort(),
      [['README.md', 'modified'], ['hello.txt', 'added']],
    );
    assert.deepEqual(shown.summary.commandsRun, ['cat hello.txt']);

    const human = await s.offload(['logs', started.agentId]);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /write_file hello\.txt/);
    assert.match(human.stdout, /All done\./);
  });
});

test('ask_user pauses (exit 3) and `reply` continues the agent to completion', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', promptFor('ask', 'Paint it.')]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /Paused - needs input: Which colour should it be\?/);
    const id = /offload reply (\S+) --workspace/.exec(run.stdout)?.[1];
    assert.ok(id, 'the output tells how to answer');
    const agent = await showJson(s, id);
    assert.equal(agent.status, 'paused_input');
    assert.equal(agent.pending?.kind, 'input');
    assert.equal(agent.pid, null, 'a paused agent of a foreground run keeps no process');

    const reply = await s.offload(['reply', agent.id, 'Blue, please']);
    assert.equal(reply.code, 0, reply.stderr);
    assert.match(reply.stdout, /Blue it is\./);
    const last = requestsOf('ask').filter((r) => r.body.messages[0].content.some?.((b: any) => b.text?.includes('Paint it'))).at(-1);
    assert.ok(last && requestText(last.body).includes('Blue, please'), 'the model got the answer');
    assert.equal((await showJson(s, agent.id)).status, 'completed');
  });
});

test('an approval pause, then `approve --edit` runs the edited command', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', promptFor('approve-edit', 'Touch a file.')]);
    assert.equal(run.code, 3, run.stderr);
    const [agent] = await listJson(s);
    assert.equal(agent!.status, 'paused_approval');
    assert.deepEqual([agent!.pending?.kind, (agent!.pending as { command?: string }).command], ['approval', 'touch by-agent.txt']);
    assert.match(run.stdout, new RegExp(`offload approve ${agent!.id}`));

    const approve = await s.offload(['approve', agent!.id, '--edit', 'touch edited.txt', '--json']);
    assert.equal(approve.code, 0, approve.stderr);
    assert.ok(existsSync(join(s.workspace, 'edited.txt')), 'the edited command ran');
    assert.ok(!existsSync(join(s.workspace, 'by-agent.txt')), 'the proposed one did not');
    const events = jsonLines(approve.stdout);
    assert.ok(events.every((e) => e.agentId === agent!.id));
    assert.equal(events.filter((e) => e.type === 'finished').length, 1);
  });
});

test('`deny --feedback` refuses the command and the model is told why', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', promptFor('deny', 'Touch another file.')]);
    assert.equal(run.code, 3, run.stderr);
    const [agent] = await listJson(s);
    const deny = await s.offload(['deny', agent!.id, '--feedback', 'Not in this repo, use a temp dir']);
    assert.equal(deny.code, 0, deny.stderr);
    assert.ok(!existsSync(join(s.workspace, 'denied.txt')));
    const next = requestsOf('deny').filter((r) => r.turnIndex === 1).at(-1);
    assert.ok(next && requestText(next.body).includes('Not in this repo, use a temp dir'), 'the next request carries the feedback');
  });
});

test('--approval deny refuses write-y commands without pausing', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', '--approval', 'deny', promptFor('deny-policy', 'Touch it.')]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(join(s.workspace, 'policy.txt')));
    const next = requestsOf('deny-policy').filter((r) => r.turnIndex === 1).at(-1);
    assert.ok(next);
    const result = next.body.messages.at(-1).content.find((b: any) => b.type === 'tool_result');
    assert.equal(result.is_error, true, 'the model is told the command was refused');
  });
});

test('a path outside the workspace is refused and the model sees the error', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', '--json', promptFor('escape', 'Write outside.')]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!existsSync(join(s.dir, 'escaped.txt')));
    const result = jsonLines(run.stdout).find((e) => e.type === 'tool_result');
    assert.ok(result && result.type === 'tool_result' && result.ok === false);
    const next = requestsOf('escape').filter((r) => r.turnIndex === 1).at(-1);
    assert.equal(next?.body.messages.at(-1).content[0].is_error, true);
  });
});

test('a killed agent process fails with the reason while another agent completes', async () => {
  await withSandbox(async (s) => {
    const { result } = s.spawnOffload(['run', promptFor('slow-agent', 'Take long.'), promptFor('quick', 'Be quick.')]);
    const slow = await eventually(async () => {
      const agents = await listJson(s);
      return agents.find((a) => a.prompt.includes('slow-agent') && a.status === 'running' && a.pid) ?? null;
    }, 15_000, 'the slow agent to run');
    await eventually(async () => requestsOf('slow-agent').length > 0, 15_000, 'its model call');
    const shown = await showJson(s, slow.id);
    assert.ok(shown.pid);
    process.kill(shown.pid!, 'SIGKILL');
    const run = await result;
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const agents = await listJson(s);
    const failed = agents.find((a) => a.id === slow.id)!;
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /SIGKILL/);
    assert.equal(agents.find((a) => a.id !== slow.id)!.status, 'completed');
  });
});

const hasPgrep = (() => {
  try {
    execFileSync('pgrep', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test("no process an agent started outlives it: a killed agent's command dies too", { skip: !hasPgrep && 'needs pgrep' }, async () => {
  await withSandbox(async (s) => {
    const { result } = s.spawnOffload(['run', '--approval', 'auto', promptFor('sleeper', 'Sleep.')]);
    const sleeping = () => {
      try {
        return execFileSync('pgrep', ['-f', '^sleep 37$'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    };
    const sleepers = await eventually(async () => (sleeping().length ? sleeping() : null), 20_000, 'the command to start');
    for (const pid of sleepers) s.track(pid);
    const [agent] = await listJson(s);
    assert.ok(agent?.pid);
    process.kill(agent.pid, 'SIGKILL');
    const run = await result;
    assert.equal(run.code, 1);
    await eventually(async () => sleeping().length === 0, 5_000, 'the command to be killed');
  });
});

test('a killed host leaves its agent failed (interrupted); `resume` completes it', async () => {
  await withSandbox(async (s) => {
    const { child, result } = s.spawnOffload(['run', promptFor('slow-host', 'Survive a crash.')]);
    const running = await eventually(async () => (await listJson(s)).find((a) => a.status === 'running' && a.pid) ?? null, 15_000, 'the agent to run');
    s.track(running.pid!);
    await eventually(async () => requestsOf('slow-host').length > 0, 15_000, 'its model call');
    child.kill('SIGKILL');
    await result;
    const list = await s.offload(['list']);
    assert.match(list.stdout, /Failed \(interrupted\)/);
    const [interrupted] = await listJson(s);
    assert.equal(interrupted!.status, 'failed');
    assert.match(interrupted!.error ?? '', /^interrupted/);

    const resume = await s.offload(['resume', running.id]);
    assert.equal(resume.code, 0, resume.stdout + resume.stderr);
    assert.equal(readFileSync(join(s.workspace, 'resumed.txt'), 'utf8'), 'after resume\n');
    assert.equal((await showJson(s, running.id)).status, 'completed');
  });
});

test('two processes cannot drive one agent; `cancel` from another terminal reaches the driving process and stops it (exit 4)', async () => {
  await withSandbox(async (s) => {
    const { result } = s.spawnOffload(['run', promptFor('slow-busy', 'Hold on.')]);
    const running = await eventually(async () => (await listJson(s)).find((a) => a.status === 'running' && a.pid) ?? null, 15_000, 'the agent to run');
    await eventually(async () => requestsOf('slow-busy').length > 0, 15_000, 'its model call');
    // The first command announced its host: the second goes through it (one control channel), which
    // refuses to resume an agent it is running.
    const second = await s.offload(['resume', running.id]);
    assert.equal(second.code, 2);
    assert.match(second.stderr, /cannot be resumed: it is running/);

    const cancel = await s.offload(['cancel', running.id]);
    assert.equal(cancel.code, 0, cancel.stderr);
    const run = await result;
    assert.equal(run.code, 4, run.stdout + run.stderr);
    assert.equal((await showJson(s, running.id)).status, 'cancelled');
  });
});

test('three agents share a tight rate limit and all complete', async () => {
  await withSandbox(async (s) => {
    const prompts = [1, 2, 3].map((n) => promptFor('shared', `Agent number ${n}.`));
    const run = await s.offload(['run', '--json', '--rpm', '20', ...prompts]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    const finished = events.filter((e) => e.type === 'finished');
    assert.equal(finished.length, 3);
    assert.ok(finished.every((e) => e.type === 'finished' && e.status === 'completed'));
    assert.ok(events.some((e) => e.type === 'rate_limited'), 'a 429 held the agents back, as rate_limited events');
  });
});

test('no API key: exit 2 with a clear message, and no agent starts', async () => {
  await withSandbox(async (s) => {
    const run = await s.offload(['run', 'Do something.'], { env: { ANTHROPIC_API_KEY: undefined } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No Anthropic API key is set/);
    assert.deepEqual(await listJson(s), []);
  });
});

test('bad usage exits 2 with a message', async () => {
  await withSandbox(async (s) => {
    const badFlag = await s.offload(['run', '--approval', 'sometimes', 'x']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /sometimes/);
    const noPrompt = await s.offload(['run']);
    assert.equal(noPrompt.code, 2);
    assert.match(noPrompt.stderr, /at least one prompt/);
    const unknown = await s.offload(['show', 'nosuchagent']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No agent "nosuchagent"/);
  });
});
