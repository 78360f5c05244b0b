// The integrated terminal's host side: real shells in real pseudo-terminals,
// driven as the page drives them (open, type, resize, close), and what the
// host does with them when it stops.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '../../src/main/app/createHost.js';
import { TerminalSessions, terminalEnvironment } from '../../src/main/app/terminals.js';
import { isAlive } from './processAlive.js';

interface Recorded {
  output: Map<string, string>;
  exits: Map<string, number | null>;
  dataEvents: number;
}

function makeSessions(options: { maxTerminals?: number; flushMs?: number } = {}) {
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'offload-terminal-')));
  const recorded: Recorded = { output: new Map(), exits: new Map(), dataEvents: 0 };
  const waiters: (() => void)[] = [];
  const sessions = new TerminalSessions({
    cwd: workspace,
    // A plain bash without the person's rc files, so prompts and output are predictable.
    shell: { file: '/bin/bash', args: ['--norc', '--noprofile', '-i'] },
    env: { ...process.env, PS1: '$ ', OFFLOAD_PROBE: 'from-host', ELECTRON_RUN_AS_NODE: '1' },
    maxTerminals: options.maxTerminals,
    flushMs: options.flushMs,
    onData: (id, data) => {
      recorded.dataEvents++;
      recorded.output.set(id, (recorded.output.get(id) ?? '') + data);
      for (const wake of waiters.splice(0)) wake();
    },
    onExit: (id, exitCode) => {
      recorded.exits.set(id, exitCode);
      for (const wake of waiters.splice(0)) wake();
    },
  });
  /** Resolves once `check()` holds after some event, or fails after timeoutMs. */
  const until = async (what: string, check: () => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}. Output so far: ${JSON.stringify([...recorded.output.values()])}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const cleanup = async () => {
    await sessions.dispose();
    rmSync(workspace, { recursive: true, force: true });
  };
  return { sessions, recorded, until, workspace, cleanup };
}

test('a terminal runs what the person types in the workspace and streams the output', async () => {
  const { sessions, recorded, until, workspace, cleanup } = makeSessions();
  try {
    const { id, shell } = sessions.open({ cols: 100, rows: 30 });
    assert.equal(shell, '/bin/bash');
    sessions.write(id, 'echo hi-$((20+1))\r');
    await until('the echo output', () => (recorded.output.get(id) ?? '').includes('hi-21'));

    sessions.write(id, 'pwd; echo "probe=$OFFLOAD_PROBE electron=${ELECTRON_RUN_AS_NODE:-unset} term=$TERM"\r');
    await until('pwd and the environment', () => (recorded.output.get(id) ?? '').includes('term=xterm-256color'));
    const output = recorded.output.get(id)!;
    assert.ok(output.includes(workspace), `the shell starts in the workspace: ${output}`);
    assert.ok(output.includes('probe=from-host'), 'the person\'s own variables are kept');
    assert.ok(output.includes('electron=unset'), 'Offload\'s internal variables are not');

    sessions.resize(id, 132, 43);
    sessions.write(id, 'stty size\r');
    await until('the new size', () => (recorded.output.get(id) ?? '').includes('43 132'));
  } finally {
    await cleanup();
  }
});

test('output is batched: a stream of small writes becomes a few events, not one per write', async () => {
  // A wider window than the default 16 ms, so the count holds on a busy machine too.
  const { sessions, recorded, until, cleanup } = makeSessions({ flushMs: 100 });
  try {
    const { id } = sessions.open();
    await until('the prompt', () => (recorded.output.get(id) ?? '').includes('$ '));
    const before = recorded.dataEvents;
    // 300 lines a few milliseconds apart: node-pty alone reads each one separately (about 300 reads).
    sessions.write(id, 'for i in $(seq 1 300); do echo tick-$i; sleep 0.002; done; echo burst-$((1+1))-done\r');
    await until('the end of the ticks', () => /burst-2-done/.test(recorded.output.get(id) ?? ''), 30_000);
    const events = recorded.dataEvents - before;
    assert.ok(recorded.output.get(id)!.includes('tick-300'));
    assert.ok(events < 100, `300 separate writes arrived in ${events} events`);
  } finally {
    await cleanup();
  }
});

test('closing a terminal kills its shell and what runs in it; the exit is reported', async () => {
  const { sessions, recorded, until, cleanup } = makeSessions();
  try {
    const { id } = sessions.open();
    const pid = sessions.pidOf(id)!;
    // A foreground program that ignores nothing: it must die with the terminal.
    sessions.write(id, 'sleep 300 & echo "child=$!"; wait\r');
    await until('the child pid', () => /child=\d+/.test(recorded.output.get(id) ?? ''));
    const child = Number(/child=(\d+)/.exec(recorded.output.get(id)!)![1]);
    assert.ok(isAlive(pid) && isAlive(child));

    const closing = Date.now();
    await sessions.close(id);
    assert.ok(Date.now() - closing < 900, 'the hang-up ended it (no SIGKILL needed)');
    assert.ok(recorded.exits.has(id), 'an exit event was sent');
    assert.equal(isAlive(pid), false, 'the shell is gone');
    await until('the sleep to end', () => !isAlive(child), 3000);
    assert.equal(sessions.size, 0);
    assert.throws(() => sessions.write(id, 'echo late\r'), /No open terminal/);
  } finally {
    await cleanup();
  }
});

test('a shell that exits on its own reports its exit code', async () => {
  const { sessions, recorded, until, cleanup } = makeSessions();
  try {
    const { id } = sessions.open();
    sessions.write(id, 'exit 7\r');
    await until('the exit', () => recorded.exits.has(id));
    assert.equal(recorded.exits.get(id), 7);
    assert.equal(sessions.size, 0);
  } finally {
    await cleanup();
  }
});

test('terminals are capped per host, and disposing the host kills them all', async () => {
  const { sessions, recorded, cleanup } = makeSessions({ maxTerminals: 3 });
  try {
    const opened = [sessions.open(), sessions.open(), sessions.open()];
    assert.throws(() => sessions.open(), /At most 3 terminals/);
    const pids = opened.map((t) => sessions.pidOf(t.id)!);
    assert.ok(pids.every(isAlive));

    await sessions.dispose();
    assert.deepEqual(pids.map(isAlive), [false, false, false]);
    assert.equal(recorded.exits.size, 3);
    assert.throws(() => sessions.open(), /shutting down/);
  } finally {
    await cleanup();
  }
});

test('the terminal keeps the person\'s environment, minus Offload\'s plumbing', () => {
  const env = terminalEnvironment({ HOME: '/home/me', ANTHROPIC_API_KEY: 'sk-mine', ELECTRON_RUN_AS_NODE: '1', NODE_CHANNEL_FD: '3', EMPTY: undefined });
  assert.equal(env.HOME, '/home/me');
  assert.equal(env.ANTHROPIC_API_KEY, 'sk-mine');
  assert.equal(env.ELECTRON_RUN_AS_NODE, undefined);
  assert.equal(env.NODE_CHANNEL_FD, undefined);
  assert.equal('EMPTY' in env, false);
  assert.equal(env.TERM, 'xterm-256color');
});

test('what reaches the host from a page is checked: sizes 1..1000, ids, data size', async () => {
  const { validateOffloadParams, INPUT_LIMITS } = await import('../../src/shared/contract/offloadSchemas.js');
  assert.deepEqual(validateOffloadParams('openTerminal', []), [undefined]);
  assert.deepEqual(validateOffloadParams('openTerminal', [{ cols: 120, rows: 40 }]), [{ cols: 120, rows: 40 }]);
  assert.deepEqual(validateOffloadParams('resizeTerminal', ['term-1', 1000, 1]), ['term-1', 1000, 1]);
  for (const [method, params] of [
    ['openTerminal', [{ cols: 0 }]],
    ['openTerminal', [{ rows: 1001 }]],
    ['openTerminal', [{ cols: 80, shell: '/bin/evil' }]],
    ['resizeTerminal', ['term-1', 80.5, 24]],
    ['resizeTerminal', ['term-1', 80]],
    ['writeTerminal', ['../x', 'ls\r']],
    ['writeTerminal', ['term-1', 'x'.repeat(INPUT_LIMITS.terminalDataChars + 1)]],
    ['closeTerminal', ['']],
  ] as const) {
    assert.throws(() => validateOffloadParams(method, [...params]), /Invalid input/, `${method} ${JSON.stringify(params).slice(0, 80)}`);
  }
});

test('through the real host: the service opens a shell, its output comes as events, disposing the host kills it', async () => {
  const home = mkdtempSync(join(tmpdir(), 'offload-home-'));
  const workspace = realpathSync(mkdtempSync(join(tmpdir(), 'offload-ws-')));
  const env = { OFFLOAD_HOME: home, OFFLOAD_TEST: '1', PATH: process.env.PATH, SHELL: '/bin/sh', HOME: home };
  const host = await createHost({ workspace, home, runtime: 'node', env });
  try {
    let output = '';
    const exits: { id: string; exitCode: number | null }[] = [];
    host.onEvent((name, data) => {
      if (name === 'onDidTerminalData') output += (data as { data: string }).data;
      if (name === 'onDidTerminalExit') exits.push(data as { id: string; exitCode: number | null });
    });
    const { id, shell } = await host.service.openTerminal({ cols: 90, rows: 20 });
    assert.equal(shell, '/bin/sh');
    await host.service.writeTerminal(id, 'echo "host-$((2+3)) pid=$$"\r');
    const deadline = Date.now() + 10_000;
    while (!/host-5 pid=\d+/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const pid = Number(/host-5 pid=(\d+)/.exec(output)?.[1]);
    assert.ok(isAlive(pid), `the shell runs: ${output}`);
    await host.service.resizeTerminal(id, 100, 30);
    await assert.rejects(host.service.writeTerminal('term-nope', 'ls\r'), /No open terminal/);

    await host.dispose();
    assert.equal(isAlive(pid), false, 'the host took its shell down with it');
    assert.deepEqual(exits.map((e) => e.id), [id]);
  } finally {
    await host.dispose();
    for (const dir of [home, workspace]) rmSync(dir, { recursive: true, force: true });
  }
});
