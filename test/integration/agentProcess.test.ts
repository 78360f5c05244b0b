// The real agent process (dist/src/agent-process/main.js), forked with
// child_process.fork, against the fake Messages API server with the real SDK.
// The test plays the supervisor: a small host served over process.send that
// grants rate limits at once, records events and answers pauses.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { eventsOf, startAgentWith, tempWorkspace } from './agentHarness.js';
import { TOOL_DEFINITIONS, TOOL_INPUT_SCHEMAS, TOOL_NAMES, toolInputJsonSchema } from '../../src/shared/tools.js';
import {
  midStreamErrorTurn,
  overloadedTurn,
  promptFor,
  rateLimitedTurn,
  spendLimitTurn,
  textTurn,
  toolTurn,
} from '../../e2e/fixtures/scenarioHelpers.js';

let server: FakeModelServer;
const serverReady = startFakeModelServer({
  scenarios: {
    'read-edit-run': [
      toolTurn('read_file', { path: 'greeting.txt' }),
      toolTurn('edit_file', { path: 'greeting.txt', old_string: 'Helo', new_string: 'Hello' }),
      toolTurn('run_command', { command: 'cat greeting.txt && wc -l greeting.txt' }),
      textTurn('Fixed the typo in greeting.txt.'),
    ],
    'approve-edit': [toolTurn('run_command', { command: 'touch proposed.txt' }), textTurn('Created the file.')],
    escape: [
      toolTurn('read_file', { path: '../outside/secret.txt' }),
      toolTurn('write_file', { path: 'link/evil.txt', content: 'pwned' }),
      toolTurn('read_file', { path: 'link/secret.txt' }),
      textTurn('I cannot reach those files.'),
    ],
    flaky: [
      overloadedTurn(toolTurn('list_dir', {}), 1),
      midStreamErrorTurn(rateLimitedTurn(1, textTurn('Finished after the hiccups.')), 1),
    ],
    'spend-limit': [spendLimitTurn()],
    'long-command': [toolTurn('run_command', { command: 'sleep 300', timeout_ms: 600000 }), textTurn('never')],
    budget: [toolTurn('list_dir', {}), toolTurn('list_dir', { path: '.' }), textTurn('Within budget.')],
    stuck: [
      toolTurn('read_file', { path: 'missing.txt' }),
      toolTurn('read_file', { path: 'missing.txt' }),
      toolTurn('read_file', { path: 'missing.txt' }),
      textTurn('Understood.'),
    ],
    // Issue 11: reading 30 different files is an audit, not a loop; reading the same two files again and again is.
    audit: [...Array.from({ length: 30 }, (_, i) => toolTurn('read_file', { path: `src/f${i}.txt` })), textTurn('Audit done.')],
    loop: [
      ...Array.from({ length: 16 }, (_, i) => toolTurn('read_file', { path: i % 2 ? 'a.txt' : 'b.txt' })),
      textTurn('Stopped looping.'),
    ],
    resume: [textTurn('never used: the resumed agent starts at turn 1'), textTurn('Resumed and done.')],
    secrets: [
      toolTurn('run_command', { command: 'env' }),
      toolTurn('run_command', { command: 'cat .env' }),
      textTurn('Done looking.'),
    ],
    garbled: [
      { toolUses: [{ name: 'read_file', input: {}, rawInputJson: '{"path": "a.txt", oops' }] },
      { cutOff: { afterEvents: 3 }, ...toolTurn('list_dir', {}) },
      toolTurn('write_file', { path: 'huge.txt', content: 'x'.repeat(3_000_000) }),
      // An empty end_turn reply: the model has nothing more to say, so the run completes.
      {},
      textTurn('never reached'),
    ],
    malformed: [
      { toolUses: [{ name: 'frobnicate', input: { x: 1 } }] },
      toolTurn('read_file', { nope: true } as never),
      toolTurn('run_command', { command: 'echo hi', timeout_ms: '10s' } as never),
      toolTurn('read_file', { path: 'a.txt', offset: 2.5 }),
      textTurn('Recovered.'),
    ],
  },
}).then((s) => (server = s));

after(async () => {
  await server?.close();
});

const startAgent = (...args: Parameters<typeof startAgentWith> extends [unknown, ...infer Rest] ? Rest : never) =>
  startAgentWith(async () => (await serverReady).url, ...args);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

test('an agent reads, edits, runs a read-only command and completes', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    await writeFile(path.join(ws, 'greeting.txt'), 'Helo world\n');
    const h = await startAgent(ws, promptFor('read-edit-run', 'Fix the typo in greeting.txt'));
    const finished = await h.finished;
    assert.equal(await h.exited, 0);

    assert.equal(await readFile(path.join(ws, 'greeting.txt'), 'utf8'), 'Hello world\n');
    assert.deepEqual(eventsOf(h, 'tool_call').map((e) => e.tool), ['read_file', 'edit_file', 'run_command']);
    const results = eventsOf(h, 'tool_result');
    assert.deepEqual(results.map((r) => r.ok), [true, true, true]);
    assert.equal(results[0]!.content, '     1\tHelo world');
    assert.deepEqual(results[1]!.changedPaths, ['greeting.txt']);
    assert.equal(results[2]!.content, 'Hello world\n1 greeting.txt\n[exit code 0]');
    assert.deepEqual(h.writes, [{ paths: ['greeting.txt'], step: 2 }]);
    assert.equal(h.pauses.length, 0, 'read-only commands run without a pause');
    assert.match(eventsOf(h, 'text').map((e) => e.text).join(''), /Fixed the typo in greeting\.txt\./);

    const usage = eventsOf(h, 'usage');
    assert.equal(usage.length, 4);
    assert.ok(usage.every((u) => u.premiumRequests === 1 && u.costUsd > 0 && u.model === 'claude-sonnet-4-6'));
    assert.equal(h.acquires.length, 4);
    assert.ok(h.acquires.every((a) => a.outputTokens === 8192 && a.inputTokens > 0));
    // Each call reports twice: its headers as the response begins, its usage at the end.
    assert.deepEqual(h.reports.map((r) => r.phase ?? 'done'), ['headers', 'done', 'headers', 'done', 'headers', 'done', 'headers', 'done']);
    assert.ok(h.reports.every((r) => r.status === 200 && r.headers['anthropic-ratelimit-requests-limit'] !== undefined));
    assert.ok(h.reports.filter((r) => r.phase !== 'headers').every((r) => r.inputTokens! > 0 && r.outputTokens! > 0));

    // The conversation is logged: prompt, 4 assistant messages, 3 tool-result messages.
    const messages = eventsOf(h, 'message').map((e) => e.message);
    assert.deepEqual(messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    assert.equal(finished.status, 'completed');
    // The command that ran and its exit code travel on its tool_result (the host builds the summary from them).
    const ran = eventsOf(h, 'tool_result').filter((e) => e.tool === 'run_command');
    assert.deepEqual(ran.map((e) => [e.command, e.exitCode]), [['cat greeting.txt && wc -l greeting.txt', 0]]);
    assert.equal('summary' in finished, false, 'the agent does not compute the summary');

    // What the model was sent: system prompt with the rules, cache breakpoints, every tool.
    const requests = server.requests.filter((r) => r.scenario === 'read-edit-run');
    const last = requests[requests.length - 1]!.body;
    assert.match(last.system[0].text, /Always be brief\./);
    assert.deepEqual(last.system[0].cache_control, { type: 'ephemeral' });
    assert.deepEqual(last.tools.map((t: { name: string }) => t.name), ['read_file', 'write_file', 'edit_file', 'list_dir', 'grep', 'codebase_search', 'run_command', 'ask_user']);
    assert.ok(last.tools.every((t: { cache_control?: unknown }) => t.cache_control === undefined), 'the system breakpoint covers the tools');
    assert.doesNotMatch(last.system[0].text, /agent-name|Your name is/, 'nothing per-agent in the shared block');
    assert.match(last.system[1].text, /Your name is /);
    const lastUser = last.messages[last.messages.length - 1];
    assert.deepEqual(lastUser.content[lastUser.content.length - 1].cache_control, { type: 'ephemeral' });
    const previousUser = last.messages[last.messages.length - 3];
    assert.deepEqual(previousUser.content[previousUser.content.length - 1].cache_control, { type: 'ephemeral' });
    assert.ok(usage[0]!.cacheWriteTokens >= 1024, 'the first call writes the shared prefix (over the 1,024-token minimum)');
    assert.ok(usage[3]!.cacheReadTokens > 0, 'later calls read the cached prefix');
  } finally {
    await cleanup();
  }
});

test('a write-y command pauses for approval and the edited command runs', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('approve-edit'), {}, () => ({ kind: 'approval', decision: 'approve', command: 'touch approved.txt' }));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    assert.equal(h.pauses.length, 1);
    assert.deepEqual({ ...h.pauses[0], toolUseId: undefined }, {
      kind: 'approval',
      reason: 'command',
      command: 'touch proposed.txt',
      detail: 'writes files (touch)',
      toolUseId: undefined,
    });
    assert.equal(h.pauses[0]!.toolUseId, eventsOf(h, 'tool_call')[0]!.toolUseId);
    assert.equal(existsSync(path.join(ws, 'approved.txt')), true);
    assert.equal(existsSync(path.join(ws, 'proposed.txt')), false);
    assert.match(eventsOf(h, 'tool_result')[0]!.content, /it ran as: touch approved\.txt/);
    assert.equal(eventsOf(h, 'tool_result')[0]!.command, 'touch approved.txt', 'the edited command is the one that ran');
    assert.equal(await h.exited, 0);
  } finally {
    await cleanup();
  }
});

test('paths that escape the workspace (.. and symlinks) are refused with errors the model sees', async () => {
  const { root, ws, cleanup } = await tempWorkspace();
  try {
    await mkdir(path.join(root, 'outside'));
    await writeFile(path.join(root, 'outside', 'secret.txt'), 'top secret');
    await symlink(path.join(root, 'outside'), path.join(ws, 'link'));
    const h = await startAgent(ws, promptFor('escape'));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    const results = eventsOf(h, 'tool_result');
    assert.deepEqual(results.map((r) => r.ok), [false, false, false]);
    assert.match(results[0]!.content, /Path "\.\.\/outside\/secret\.txt" is outside the workspace/);
    assert.match(results[1]!.content, /leads outside the workspace through a symbolic link/);
    assert.match(results[2]!.content, /leads outside the workspace through a symbolic link/);
    assert.ok(results.every((r) => !r.content.includes('top secret')));
    assert.equal(existsSync(path.join(root, 'outside', 'evil.txt')), false);
    assert.deepEqual(h.writes, []);
    // The model saw the refusals as tool errors.
    const lastBody = server.requests.filter((r) => r.scenario === 'escape').at(-1)!.body;
    const toolResults = lastBody.messages.flatMap((m: { content: unknown }) => (Array.isArray(m.content) ? m.content : [])).filter((b: { type: string }) => b.type === 'tool_result');
    assert.ok(toolResults.every((b: { is_error?: boolean }) => b.is_error === true));
  } finally {
    await cleanup();
  }
});

test('529, a broken stream and a 429 are retried; the agent completes', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('flaky'));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed', finished.error);
    const retries = eventsOf(h, 'retry');
    assert.equal(retries.length, 2);
    assert.match(retries[0]!.reason, /overloaded \(529\)/);
    assert.match(retries[1]!.reason, /stream broke off/);
    assert.ok(h.reports.some((r) => r.status === 429 && r.headers['retry-after'] === '1'), 'the 429 reached the host');
    assert.ok(h.reports.some((r) => r.status === 529));
    assert.equal(eventsOf(h, 'usage').length, 2);
  } finally {
    await cleanup();
  }
});

test('a spend-limit 429 fails the agent with a clear message', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('spend-limit'));
    const finished = await h.finished;
    assert.equal(finished.status, 'failed');
    assert.match(finished.error ?? '', /spend limit/);
    assert.equal(eventsOf(h, 'retry').length, 0);
    assert.notEqual(await h.exited, null);
  } finally {
    await cleanup();
  }
});

test('secrets stay out of commands and of everything the agent reports', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const envKey = 'sk-ant-env-SECRET-1111111111';
    const fooToken = 'foo-token-SECRET-2222222222';
    const ipcKey = 'sk-ant-ipc-SECRET-3333333333';
    // A project file that happens to hold the key the agent was given.
    await writeFile(path.join(ws, '.env'), `ANTHROPIC_API_KEY=${ipcKey}\n`);
    const h = await startAgent(ws, promptFor('secrets'), {}, undefined, { apiKey: ipcKey }, {
      ANTHROPIC_API_KEY: envKey,
      FOO_TOKEN: fooToken,
      OFFLOAD_CANARY: 'visible-canary',
    });
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    assert.equal(h.pauses.length, 0, 'env and cat are read-only');
    const everything = JSON.stringify(h.events);
    // The command really ran and its output was recorded...
    assert.match(everything, /OFFLOAD_CANARY=visible-canary/);
    // ...but neither environment secret reached the command,
    assert.ok(!everything.includes(envKey), 'ANTHROPIC_API_KEY leaked');
    assert.ok(!everything.includes(fooToken), 'FOO_TOKEN leaked');
    assert.doesNotMatch(everything, /FOO_TOKEN=|ANTHROPIC_API_KEY=sk/);
    // and the key the agent holds is blanked wherever it shows up.
    assert.ok(!everything.includes(ipcKey), 'the API key from AgentInit leaked into events');
    assert.match(everything, /ANTHROPIC_API_KEY=\[redacted\]/);
  } finally {
    await cleanup();
  }
});

test('garbled tool JSON, a stream cut off before message_stop, a huge input and an empty reply: the agent goes on', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    await writeFile(path.join(ws, 'a.txt'), 'hello\n');
    const h = await startAgent(ws, promptFor('garbled'), { approval: 'auto' });
    const finished = await h.finished;
    assert.equal(finished.status, 'completed', finished.error);
    const results = eventsOf(h, 'tool_result');
    // The garbled call gets an error the model can read, and nothing ran with half an input.
    assert.equal(results[0]!.ok, false);
    assert.match(results[0]!.content, /input|JSON/i);
    // The cut-off stream is retried and its tool call then runs once.
    assert.ok(eventsOf(h, 'retry').length >= 1, 'the cut-off stream was retried');
    assert.equal(eventsOf(h, 'tool_call').filter((c) => c.tool === 'list_dir').length, 1);
    // A 3 MB tool input is written whole.
    assert.equal((await readFile(path.join(ws, 'huge.txt'), 'utf8')).length, 3_000_000);
    assert.ok(!JSON.stringify(h.events).includes('never reached'));
  } finally {
    await cleanup();
  }
});

test('unknown tools and bad tool input become tool errors, not crashes', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('malformed'));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    const results = eventsOf(h, 'tool_result');
    assert.match(results[0]!.content, /There is no tool named "frobnicate"/);
    assert.match(results[1]!.content, /Invalid input for read_file: "path"/);
    assert.match(results[2]!.content, /^Invalid input for run_command: "timeout_ms": .*expected number/);
    assert.match(results[3]!.content, /^Invalid input for read_file: "offset": .*expected int/);
    assert.ok(results.slice(0, 4).every((r) => !r.ok));
    // What was refused never ran.
    assert.ok(!eventsOf(h, 'tool_output').length);

    // The tools offered to the model are the JSON Schemas derived from the zod
    // schemas the agent validates with (shared/tools.ts), and nothing else.
    const offered = (server.requests.find((r) => r.scenario === 'malformed')!.body.tools as Record<string, unknown>[])
      .filter((t) => !('type' in t))
      .map(({ cache_control: _c, ...tool }) => tool);
    assert.deepEqual(
      offered,
      TOOL_NAMES.map((name) => ({ name, description: TOOL_DEFINITIONS.find((d) => d.name === name)!.description, input_schema: toolInputJsonSchema(name) })),
    );
    const readFile = offered.find((t) => t.name === 'read_file')!.input_schema as { properties: object; required: string[] };
    assert.deepEqual(Object.keys(readFile.properties), Object.keys(TOOL_INPUT_SCHEMAS.read_file.shape));
    assert.deepEqual(readFile.required, ['path']);
    assert.deepEqual((readFile.properties as Record<string, unknown>).offset, { type: 'integer', minimum: 1, description: 'First line, 1-based' });
  } finally {
    await cleanup();
  }
});

test('at the request budget the agent pauses; a yes goes on, a no completes it with the reason', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const refused = await startAgent(ws, promptFor('budget'), { maxRequests: 1 }, () => ({ kind: 'approval', decision: 'reject' }));
    const stopped = await refused.finished;
    assert.equal(stopped.status, 'completed');
    assert.equal(stopped.error, 'Stopped at the budget of 1 premium requests: the person chose not to go on.');
    assert.deepEqual(refused.pauses, [
      { kind: 'approval', reason: 'budget', command: 'continue past the budget of 1 premium requests', toolUseId: 'budget-requests-1' },
    ]);
    assert.equal(eventsOf(refused, 'usage').length, 1);

    const approved = await startAgent(ws, promptFor('budget'), { maxRequests: 1 }, () => ({ kind: 'approval', decision: 'approve' }));
    const done = await approved.finished;
    assert.equal(done.status, 'completed');
    assert.equal(done.error, undefined);
    // Each yes buys one more budget's worth: asked before the 2nd and the 3rd call.
    assert.deepEqual(approved.pauses.map((p) => (p as { command: string }).command), [
      'continue past the budget of 1 premium requests',
      'continue past the budget of 2 premium requests',
    ]);
    assert.equal(eventsOf(approved, 'usage').length, 3);
  } finally {
    await cleanup();
  }
});

test('the same failing call three times pauses for guidance, which the model then reads', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('stuck'), {}, () => ({ kind: 'input', answer: 'The file is called notes.txt.' }));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    assert.equal(h.pauses.length, 1);
    const pause = h.pauses[0] as { kind: string; question: string; toolUseId: string };
    assert.equal(pause.kind, 'input');
    assert.match(pause.question, /^I made the same read_file call 3 times in a row and it failed each time, so I seem to be stuck\. It failed with: File not found: "missing\.txt"/);
    const lastBody = server.requests.filter((r) => r.scenario === 'stuck').at(-1)!.body;
    const lastUser = lastBody.messages.at(-1);
    assert.match(JSON.stringify(lastUser.content), /The person's guidance: The file is called notes\.txt\./);
  } finally {
    await cleanup();
  }
});

test('a 30-file read audit runs to the end without a stuck pause', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    await mkdir(path.join(ws, 'src'), { recursive: true });
    for (let i = 0; i < 30; i++) await writeFile(path.join(ws, 'src', `f${i}.txt`), `file ${i}\n`);
    const h = await startAgent(ws, promptFor('audit'));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    assert.equal(h.pauses.length, 0);
    assert.equal(eventsOf(h, 'tool_call').length, 30);
  } finally {
    await cleanup();
  }
});

test('reading the same unchanged files over and over pauses, and the question says what repeated', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    await writeFile(path.join(ws, 'a.txt'), 'alpha\n');
    await writeFile(path.join(ws, 'b.txt'), 'beta\n');
    const h = await startAgent(ws, promptFor('loop'), {}, () => ({ kind: 'input', answer: 'Stop re-reading; write the summary.' }));
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    assert.equal(h.pauses.length, 1);
    const pause = h.pauses[0] as { kind: string; question: string };
    assert.equal(pause.kind, 'input');
    // The first read of each file is progress, and so is the first "unchanged since step N" answer for each
    // (issue 15's short re-read); the next 12 reads only repeat those.
    assert.match(pause.question, /^I have taken 12 steps in a row that only repeated earlier ones with the same result: read_file "(a|b)\.txt" \(6 times\), read_file "(a|b)\.txt" \(6 times\)\./);
  } finally {
    await cleanup();
  }
});

test('resume runs only the unfinished tool calls, reuses stored results and adds the follow-up', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    await writeFile(path.join(ws, 'a.txt'), 'alpha\n');
    const prompt = promptFor('resume', 'Look around');
    const h = await startAgent(ws, prompt, { webSearch: true }, undefined, {
      messages: [
        { role: 'user', content: [{ type: 'text', text: prompt }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Looking.' },
            { type: 'tool_use', id: 'toolu_done', name: 'list_dir', input: {} },
            { type: 'tool_use', id: 'toolu_todo', name: 'read_file', input: { path: 'a.txt' } },
          ],
        },
      ],
      completedToolResults: { toolu_done: { content: 'stored listing', ok: true } },
      stepsSoFar: 1,
      followUp: 'Also mention the file size.',
    });
    const finished = await h.finished;
    assert.equal(finished.status, 'completed');
    assert.deepEqual(eventsOf(h, 'tool_call').map((e) => e.toolUseId), ['toolu_todo']);
    const body = server.requests.filter((r) => r.scenario === 'resume').at(-1)!.body;
    assert.equal(body.tools[0].name, 'web_search');
    const results = body.messages[2].content;
    assert.deepEqual(results.map((b: { type: string }) => b.type), ['tool_result', 'tool_result', 'text']);
    assert.equal(results[0].content, 'stored listing');
    assert.equal(results[1].content, '     1\talpha');
    assert.equal(results[2].text, 'Also mention the file size.');
    assert.match(eventsOf(h, 'text').map((e) => e.text).join(''), /Resumed and done\./);
  } finally {
    await cleanup();
  }
});

test('cancel stops a running command and the agent ends cancelled', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('long-command'), { approval: 'auto' });
    while (h.commandPids.length === 0) await new Promise((r) => setTimeout(r, 20));
    const pid = h.commandPids[0]!;
    assert.equal(alive(pid), true);
    await h.agent.cancel();
    const finished = await h.finished;
    assert.equal(finished.status, 'cancelled');
    assert.match(eventsOf(h, 'tool_result')[0]!.content, /\[stopped: the agent was cancelled\]$/);
    assert.equal(await h.exited, 0);
    assert.equal(alive(pid), false);
    assert.equal(server.requests.filter((r) => r.scenario === 'long-command').length, 1, 'no model call after the cancel');
  } finally {
    await cleanup();
  }
});

test('when the supervisor goes away, the agent kills its commands and exits', async () => {
  const { ws, cleanup } = await tempWorkspace();
  try {
    const h = await startAgent(ws, promptFor('long-command'), { approval: 'auto' });
    while (h.commandPids.length === 0) await new Promise((r) => setTimeout(r, 20));
    const pid = h.commandPids[0]!;
    h.child.disconnect();
    const code = await h.exited;
    assert.notEqual(code, 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(pid), false, 'the command outlived its agent');
  } finally {
    await cleanup();
  }
});
