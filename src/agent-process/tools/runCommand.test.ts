import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { detectSandbox, overrideSandboxForTests } from '../sandbox/sandbox.js';
import path from 'node:path';
import type { PendingItem } from '../../shared/agent.js';
import type { PauseAnswer } from '../../shared/contract/agentHost.js';
import { absolutePath, commandEnvironment } from '../commandEnvironment.js';
import { DEFAULT_TEST_OPTIONS, recordingHost, tempDir, toolContext } from '../testHelpers.js';
import { runTool } from './index.js';

/** Running, not gone and not a zombie (containers' init may never reap orphans). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return true;
  }
}

/** Pids (host namespace) of living processes with `arg` among their arguments. */
function livingWithArgument(arg: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes(arg) && alive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

for (const kind of ['bwrap', 'none'] as const) {
  test(`commands started with setsid or a double fork die with their command (${kind === 'bwrap' ? 'sandbox' : 'no sandbox'})`, async (t) => {
    if (kind === 'bwrap' && (await detectSandbox()) !== 'bwrap') return t.skip('bubblewrap is not usable here');
    overrideSandboxForTests(kind);
    const { dir, cleanup } = await tempDir();
    try {
      const ctx = toolContext(dir, recordingHost().host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'auto' } });
      const tag = kind === 'bwrap' ? '301.25' : '301.75';
      const result = await runTool('run_command', { command: `setsid sleep ${tag} & ( ( sleep ${tag} & ) & ) ; nohup sleep ${tag} >/dev/null 2>&1 & disown; echo started` }, ctx);
      assert.match(result.content, /started/);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(livingWithArgument(tag), [], 'a process outlived its command');
      // And while a command runs, killing the agent's commands takes the strays too.
      const running = runTool('run_command', { command: `setsid sleep ${tag} & sleep 30` }, ctx);
      for (let i = 0; i < 100 && livingWithArgument(tag).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.notDeepEqual(livingWithArgument(tag), []);
      ctx.processGroups.killAllNow();
      await running;
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(livingWithArgument(tag), [], 'a process outlived the agent');
    } finally {
      overrideSandboxForTests(null);
      await cleanup();
    }
  });
}

test('a read-only command runs at once in a pty: output streamed raw, ANSI stripped for the model, not tracked for changes', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host, log } = recordingHost();
    const chunks: string[] = [];
    const ctx = toolContext(dir, host, { step: 3, emitOutput: (c) => chunks.push(c) });
    const result = await runTool('run_command', { command: "echo hello && printf '\\033[31mred\\033[0m\\n' && pwd" }, ctx);
    assert.equal(result.ok, true);
    assert.equal(result.content, `hello\nred\n${dir}\n[exit code 0]`);
    assert.equal(result.commandRan, "echo hello && printf '\\033[31mred\\033[0m\\n' && pwd");
    assert.match(chunks.join(''), /\x1b\[31mred/);
    assert.equal(log.pauses.length, 0);
    // The host still learns of the process group (to kill it with the agent), but a
    // read-only command costs no before/after walk of the tree.
    assert.deepEqual(log.commands.map((c) => c.phase), ['started', 'ended']);
  } finally {
    await cleanup();
  }
});

test('a failing command reports its exit code and is not ok', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const ctx = toolContext(dir, recordingHost().host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'auto' } });
    const result = await runTool('run_command', { command: 'echo oops; exit 3' }, ctx);
    assert.equal(result.ok, false);
    assert.equal(result.exitCode, 3);
    assert.equal(result.content, 'oops\n[exit code 3]');
  } finally {
    await cleanup();
  }
});

test('under "ask" a write-y command pauses; an edited approval runs the edited command', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host, log } = recordingHost({
      answer: (): PauseAnswer => ({ kind: 'approval', decision: 'approve', command: 'touch edited.txt' }),
    });
    const ctx = toolContext(dir, host, { toolUseId: 'toolu_42' });
    const result = await runTool('run_command', { command: 'touch proposed.txt' }, ctx);
    assert.deepEqual(log.pauses, [
      { kind: 'approval', reason: 'command', command: 'touch proposed.txt', toolUseId: 'toolu_42', detail: 'writes files (touch)' },
    ] satisfies PendingItem[]);
    assert.equal(result.ok, true);
    assert.equal(result.commandRan, 'touch edited.txt');
    assert.match(result.content, /^The user edited the command before approving it; it ran as: touch edited.txt\n/);
    assert.equal(existsSync(path.join(dir, 'edited.txt')), true);
    assert.equal(existsSync(path.join(dir, 'proposed.txt')), false);
    // A write-y command is tracked, so its changes reach the review.
    assert.deepEqual(log.commands.map((c) => c.phase), ['before', 'started', 'ended', 'after']);
    assert.deepEqual(log.commands[0]!.info, { step: 1, command: 'touch edited.txt' });
  } finally {
    await cleanup();
  }
});

test('a refused command does not run and the model is told, with the feedback', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host } = recordingHost({ answer: () => ({ kind: 'approval', decision: 'reject', feedback: 'use write_file instead' }) });
    const result = await runTool('run_command', { command: 'touch nope.txt' }, toolContext(dir, host));
    assert.equal(result.ok, false);
    assert.equal(result.commandRan, null);
    assert.equal(result.content, 'The user refused to run this command. Their feedback: use write_file instead');
    assert.equal(existsSync(path.join(dir, 'nope.txt')), false);
  } finally {
    await cleanup();
  }
});

test('under "deny" a write-y command is refused without a pause; allowed patterns run without one', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const { host, log } = recordingHost();
    const deny = toolContext(dir, host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'deny' } });
    const refused = await runTool('run_command', { command: 'rm -rf src' }, deny);
    assert.equal(refused.ok, false);
    assert.match(refused.content, /^The command was not run: it deletes files \(rm\), and this agent's approval policy refuses such commands\./);
    const allowed = toolContext(dir, host, { options: { ...DEFAULT_TEST_OPTIONS, allowedCommands: ['touch *'] } });
    assert.equal((await runTool('run_command', { command: 'touch allowed.txt' }, allowed)).ok, true);
    assert.equal(existsSync(path.join(dir, 'allowed.txt')), true);
    assert.equal(log.pauses.length, 0);
  } finally {
    await cleanup();
  }
});

test('a timeout kills the whole process group, background children included', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const ctx = toolContext(dir, recordingHost().host, { options: { ...DEFAULT_TEST_OPTIONS, approval: 'auto' } });
    const started = Date.now();
    const result = await runTool('run_command', { command: 'sleep 300.5 & echo $! > bg.pid; sleep 300', timeout_ms: 1000 }, ctx);
    assert.ok(Date.now() - started < 8000);
    assert.equal(result.ok, false);
    assert.match(result.content, /\[timed out after 1000 ms; the command and its child processes were killed\]$/);
    assert.ok(existsSync(path.join(dir, 'bg.pid')));
    await new Promise((r) => setTimeout(r, 200));
    // Inside the sandbox $! is a pid of its own namespace: look the sleep up by its argument.
    assert.deepEqual(livingWithArgument('300.5'), [], 'the background sleep outlived the command');
    assert.deepEqual(ctx.processGroups.running, []);
  } finally {
    await cleanup();
  }
});

test('cancel stops a running command after the grace period', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const cancel = new AbortController();
    const ctx = toolContext(dir, recordingHost().host, { cancelSignal: cancel.signal });
    setTimeout(() => cancel.abort(), 200);
    const started = Date.now();
    const result = await runTool('run_command', { command: 'sleep 60' }, ctx);
    const took = Date.now() - started;
    assert.ok(took >= 2000 && took < 6000, `took ${took} ms`);
    assert.equal(result.ok, false);
    assert.match(result.content, /\[stopped: the agent was cancelled\]$/);
  } finally {
    await cleanup();
  }
});

test('long output keeps its head and tail for the model', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const result = await runTool('run_command', { command: 'seq 1 100000' }, toolContext(dir, recordingHost().host));
    assert.equal(result.ok, true);
    assert.ok(result.content.length < 32_000, `${result.content.length} characters`);
    assert.match(result.content, /^1\n2\n3\n/);
    assert.match(result.content, /\n\n\[\.\.\. \d+ characters of output omitted \.\.\.\]\n\n/);
    assert.match(result.content, /99999\n100000\n\[exit code 0\]$/);
  } finally {
    await cleanup();
  }
});

test('the command environment has no secrets, and pagers are off', async () => {
  const saved = { ...process.env };
  process.env.ANTHROPIC_API_KEY = 'sk-ant-should-not-leak';
  process.env.ANTHROPIC_AUTH_TOKEN = 'auth-should-not-leak';
  process.env.OFFLOAD_API_KEY = 'offload-should-not-leak';
  process.env.GITHUB_TOKEN = 'gh-should-not-leak';
  process.env.MY_DB_PASSWORD = 'pw-should-not-leak';
  process.env.AWS_SECRET_ACCESS_KEY = 'aws-should-not-leak';
  process.env.SOME_CREDENTIALS_FILE = '/tmp/creds-should-not-leak';
  process.env.OFFLOAD_HOME = '/tmp/offload-home-visible';
  process.env.DATABASE_URL = 'postgres://me:pw-should-not-leak@db/app';
  process.env.NPM_CONFIG__AUTH = 'npm-should-not-leak';
  process.env.GIT_AUTHOR_NAME = 'Visible Author';
  const { dir, cleanup } = await tempDir();
  try {
    const env = commandEnvironment(process.env);
    assert.equal(env.ANTHROPIC_API_KEY, undefined);
    assert.equal(env.OFFLOAD_HOME, '/tmp/offload-home-visible');
    assert.equal(env.PAGER, 'cat');
    assert.equal(env.GIT_PAGER, 'cat');
    assert.equal(env.TERM, 'xterm-256color');
    assert.equal(env.PATH, absolutePath(process.env.PATH ?? ''));
    assert.equal(env.GIT_AUTHOR_NAME, 'Visible Author');
    assert.equal(absolutePath('/usr/bin::.:node_modules/.bin:/bin'), '/usr/bin:/bin');

    const result = await runTool('run_command', { command: 'env' }, toolContext(dir, recordingHost().host));
    assert.equal(result.ok, true);
    assert.doesNotMatch(result.content, /should-not-leak/);
    assert.match(result.content, /^OFFLOAD_HOME=\/tmp\/offload-home-visible$/m);
    assert.match(result.content, /^TERM=xterm-256color$/m);
    assert.match(result.content, /^GIT_PAGER=cat$/m);
  } finally {
    process.env = saved;
    await cleanup();
  }
});

test('a folder the agent dressed up as a bare repository is not used by a read-only git command', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    // What write_file could make: HEAD, config with a hook, objects/, refs/ (no `.git` in the path).
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'evil', 'objects'), { recursive: true });
    await mkdir(path.join(dir, 'evil', 'refs'), { recursive: true });
    await writeFile(path.join(dir, 'evil', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(path.join(dir, 'evil', 'config'), `[core]\n\tbare = true\n\tfsmonitor = "touch ${path.join(dir, 'PWNED')}"\n`);
    const ctx = toolContext(dir, recordingHost().host);
    const result = await runTool('run_command', { command: 'cd evil && git status' }, ctx);
    assert.match(result.content, /cannot use bare repository/);
    assert.equal(existsSync(path.join(dir, 'PWNED')), false);
  } finally {
    await cleanup();
  }
});
