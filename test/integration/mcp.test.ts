// MCP tools end to end: bin/offload runs real agents that start the fixture MCP
// server (test/fixtures/mcpFixtureServer.ts, the official SDK's server) over
// stdio or streamable HTTP, offer its tools to the model as mcp__SERVER__TOOL,
// and call them through the approval gate. The fake model server scripts the
// calls. Every run ends with a check that no server process outlived its agent.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import type { ScriptedTurn } from '../../e2e/fixtures/fakeModel/types.js';
import { promptFor, textTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import type { McpServerReport } from '../../src/shared/mcp.js';
import { inSandbox, eventually, isAlive, jsonLines, requestText, showJson, type Sandbox } from './cliHelpers.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/mcpFixtureServer.js', import.meta.url));

function mcpTurn(name: string, input: unknown): ScriptedTurn {
  return { toolUses: [{ name, input }] };
}

let server: FakeModelServer;
before(async () => {
  server = await startFakeModelServer({
    scenarios: {
      approve: [mcpTurn('mcp__fx__write_note', { path: 'note.txt', text: 'from mcp\n' }), textTurn('Wrote the note.')],
      deny: [mcpTurn('mcp__fx__write_note', { path: 'denied.txt', text: 'no\n' }), textTurn('Understood.')],
      allowed: [mcpTurn('mcp__fx__echo', { text: 'hello' }), textTurn('Echoed.')],
      crash: [mcpTurn('mcp__fx__crash', {}), mcpTurn('mcp__fx__echo', { text: 'again' }), textTurn('Went on without it.')],
      hang: [mcpTurn('mcp__fx__hang', {}), textTurn('Gave up on it.')],
      'bad-start': [{ toolUses: [{ name: 'list_dir', input: {} }] }, textTurn('Worked without the broken server.')],
      http: [mcpTurn('mcp__web__echo', { text: 'over http' }), textTurn('HTTP echoed.')],
      sse: [mcpTurn('mcp__old__echo', { text: 'over sse' }), textTurn('SSE echoed.')],
      late: [textTurn('Did not wait.')],
      'list-once': [textTurn('Listed.')],
      remembered: [mcpTurn('mcp__fx__echo', { text: 'remembered' }), textTurn('Echoed.')],
      'stale-gone': [mcpTurn('mcp__fx__gone', {}), textTurn('It was gone.')],
      'stale-hint': [mcpTurn('mcp__fx__write_note', { path: 'hinted.txt', text: 'no\n' }), textTurn('Asked first.')],
    },
  });
});
after(async () => {
  await server?.close();
});

function writeUserSettings(s: Sandbox, settings: unknown): void {
  mkdirSync(s.home, { recursive: true });
  writeFileSync(join(s.home, 'settings.json'), JSON.stringify(settings, null, 2));
}

function stdioServer(s: Sandbox, name: string, ...flags: string[]) {
  return { command: process.execPath, args: [FIXTURE, '--pid-file', pidFile(s, name), ...flags] };
}

function pidFile(s: Sandbox, name: string): string {
  return join(s.dir, `${name}.pid`);
}

/** The server wrote its pid when it started; after its agent ended it must be gone. */
async function assertServerGone(s: Sandbox, name: string): Promise<void> {
  const file = pidFile(s, name);
  assert.ok(existsSync(file), `the ${name} server was started`);
  const pid = Number(readFileSync(file, 'utf8'));
  s.track(pid);
  await eventually(async () => !isAlive(pid), 10_000, `the ${name} server (pid ${pid}) to end with its agent`);
}

const withSandbox = (body: (s: Sandbox) => Promise<void>) => inSandbox(server.url, body);

function requestsOf(scenario: string) {
  return server.requests.filter((r) => r.scenario === scenario);
}

test('an MCP tool is listed beside the agent\'s own, its call pauses for approval, and approving runs it', async () => {
  await withSandbox(async (s) => {
    // Waiting for the servers before the first request (the default waits 150 ms) makes their tools part of it.
    writeUserSettings(s, { mcpServers: { fx: stdioServer(s, 'fx') }, mcp: { firstRequestWaitMs: 30_000 } });
    const first = await s.offload(['run', '--json', promptFor('approve', 'Write a note with the MCP tool.')]);
    assert.equal(first.code, 3, `paused for approval: ${first.stderr}`);
    const events = jsonLines(first.stdout);
    const paused = events.find((e) => e.type === 'paused');
    assert.ok(paused?.type === 'paused' && paused.kind === 'approval' && paused.reason === 'mcp', first.stdout);
    assert.match(paused.command, /^mcp__fx__write_note \{"path":"note\.txt","text":"from mcp\\n"\}$/);
    assert.match(paused.detail ?? '', /tool "write_note" of the MCP server "fx"/);
    assert.ok(events.some((e) => e.type === 'notice' && /MCP server "fx" connected .* 4 tools: mcp__fx__echo, mcp__fx__write_note, mcp__fx__crash, mcp__fx__hang/.test(e.message)));
    assert.equal(existsSync(join(s.workspace, 'note.txt')), false);

    // The model was offered the MCP tools beside the built-in ones, with their schemas.
    const offered = requestsOf('approve')[0]!.body.tools as { name: string; input_schema?: { properties?: Record<string, unknown> } }[];
    assert.ok(offered.some((t) => t.name === 'read_file'));
    const echo = offered.find((t) => t.name === 'mcp__fx__echo');
    assert.ok(echo && echo.input_schema?.properties?.text, JSON.stringify(offered.map((t) => t.name)));

    // The server's stderr is kept for the person, never sent to the model.
    assert.ok(events.some((e) => e.type === 'mcp_stderr' && e.server === 'fx' && /ready on stdio/.test(e.text)));
    assert.ok(!server.requests.some((r) => requestText(r.body).includes('ready on stdio')));
    // The foreground CLI ended the paused agent's process: its server went with it.
    await assertServerGone(s, 'fx');

    const approved = await s.offload(['approve', paused.agentId, '--json']);
    assert.equal(approved.code, 0, approved.stderr);
    const after = jsonLines(approved.stdout);
    const result = after.find((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__write_note');
    assert.ok(result?.type === 'tool_result' && result.ok && result.content === 'wrote note.txt', approved.stdout);
    assert.deepEqual(result.changedPaths, ['note.txt']);
    assert.equal(readFileSync(join(s.workspace, 'note.txt'), 'utf8'), 'from mcp\n');
    const record = await showJson(s, paused.agentId);
    assert.equal(record.status, 'completed');
    // The review sees what the MCP tool changed, like a command's changes.
    assert.ok(record.summary.filesChanged.some((f) => f.path === 'note.txt'));
    await assertServerGone(s, 'fx');
  });
});

test('a slow server does not hold up the first model request: it goes without its tools, and the stream says so', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { mcpServers: { slow: stdioServer(s, 'slow', '--start-delay-ms', '5000') } });
    const run = await s.offload(['run', '--json', promptFor('late', 'Go.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok(events.some((e) => e.type === 'notice' && /MCP server "slow" still starting: the first request goes without its tools/.test(e.message)), run.stdout);
    assert.ok(!(requestsOf('late')[0]!.body.tools as { name: string }[]).some((t) => t.name.startsWith('mcp__')));
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'));
    await assertServerGone(s, 'slow');
  });
});

const TOOL_CACHE = 'mcp-tool-cache.json';

interface ToolCacheFile {
  servers: Record<string, { tools: { name: string; server: string; tool: string; readOnly?: boolean }[] }>;
}

test('a server listed once: a later agent offers its tools in its first request while it starts, and a call waits for it', async () => {
  await withSandbox(async (s) => {
    const fx = { ...stdioServer(s, 'fx', '--start-delay-ms', '1500'), env: { FX_TOKEN: 'fx-secret-token-8412' } };
    // The first agent waits for the server, which lists its tools: they are kept under Offload's home.
    writeUserSettings(s, { mcpServers: { fx }, mcp: { allow: ['fx'], firstRequestWaitMs: 30_000 } });
    const first = await s.offload(['run', '--json', promptFor('list-once', 'List.')]);
    assert.equal(first.code, 0, first.stderr);
    const cacheText = readFileSync(join(s.home, TOOL_CACHE), 'utf8');
    const cached = JSON.parse(cacheText) as ToolCacheFile;
    assert.deepEqual(Object.values(cached.servers).flatMap((e) => e.tools.map((t) => t.name)).sort(), ['mcp__fx__crash', 'mcp__fx__echo', 'mcp__fx__hang', 'mcp__fx__write_note']);
    assert.ok(!cacheText.includes('fx-secret-token-8412'), 'no env value in the cache file');
    await assertServerGone(s, 'fx');

    // The next agent waits only the default 150 ms: without the cache its first request would go without them.
    writeUserSettings(s, { mcpServers: { fx }, mcp: { allow: ['fx'] } });
    const run = await s.offload(['run', '--json', promptFor('remembered', 'Echo.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok((requestsOf('remembered')[0]!.body.tools as { name: string }[]).some((t) => t.name === 'mcp__fx__echo'), 'the first request offers the remembered tools');
    assert.ok(!events.some((e) => e.type === 'notice' && /still starting/.test(e.message)), run.stdout);
    const call = events.findIndex((e) => e.type === 'tool_call' && e.tool === 'mcp__fx__echo');
    const connected = events.findIndex((e) => e.type === 'notice' && /MCP server "fx" connected/.test(e.message));
    assert.ok(call >= 0 && connected > call, `the model asked for the tool before the server was up: ${run.stdout}`);
    assert.ok(events.some((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__echo' && e.ok && e.content === 'echo: remembered'), run.stdout);
    await assertServerGone(s, 'fx');
  });
});

test('a remembered tool list that is out of date: calls go by what the server lists now, and the list is renewed', async () => {
  await withSandbox(async (s) => {
    const fx = stdioServer(s, 'fx', '--start-delay-ms', '800');
    writeUserSettings(s, { mcpServers: { fx }, mcp: { firstRequestWaitMs: 30_000 } });
    assert.equal((await s.offload(['run', '--json', promptFor('list-once', 'List.')])).code, 0);
    // What the server listed last time, changed: a tool it no longer has, and write_note claimed read-only.
    const file = join(s.home, TOOL_CACHE);
    const cache = JSON.parse(readFileSync(file, 'utf8')) as ToolCacheFile;
    const entry = Object.values(cache.servers)[0]!;
    entry.tools = entry.tools.map((t) => (t.tool === 'hang' ? { ...t, name: 'mcp__fx__gone', tool: 'gone' } : t.tool === 'write_note' ? { ...t, readOnly: true } : t));
    writeFileSync(file, JSON.stringify(cache));

    writeUserSettings(s, { mcpServers: { fx }, mcp: { trustReadOnlyHints: true } });
    const gone = await s.offload(['run', '--json', promptFor('stale-gone', 'Call gone.')]);
    assert.equal(gone.code, 0, gone.stderr);
    const result = jsonLines(gone.stdout).find((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__gone');
    assert.ok(result?.type === 'tool_result' && !result.ok && /There is no MCP tool named "mcp__fx__gone" running now/.test(result.content), gone.stdout);
    // The server's own list replaced the changed one.
    const renewed = JSON.parse(readFileSync(file, 'utf8')) as ToolCacheFile;
    const tools = Object.values(renewed.servers)[0]!.tools;
    assert.ok(tools.some((t) => t.tool === 'hang') && !tools.some((t) => t.tool === 'gone'), JSON.stringify(tools));

    // The approval reads the hint the server gives now (not read-only), not the remembered one.
    writeFileSync(file, JSON.stringify(cache));
    const hinted = await s.offload(['run', '--json', promptFor('stale-hint', 'Write a note.')]);
    assert.equal(hinted.code, 3, `paused for approval: ${hinted.stdout}`);
    assert.ok(jsonLines(hinted.stdout).some((e) => e.type === 'paused' && e.kind === 'approval' && e.reason === 'mcp'));
    assert.equal(existsSync(join(s.workspace, 'hinted.txt')), false);
    await assertServerGone(s, 'fx');
  });
});

test('denying an MCP call: the tool does not run and the model is told why', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { mcpServers: { fx: stdioServer(s, 'fx') } });
    const first = await s.offload(['run', '--json', promptFor('deny', 'Write a note.')]);
    assert.equal(first.code, 3, first.stderr);
    const paused = jsonLines(first.stdout).find((e) => e.type === 'paused');
    assert.ok(paused);
    const denied = await s.offload(['deny', paused.agentId, '--feedback', 'not in this repo', '--json']);
    assert.equal(denied.code, 0, denied.stderr);
    const result = jsonLines(denied.stdout).find((e) => e.type === 'tool_result');
    assert.ok(result?.type === 'tool_result' && !result.ok && /refused this call of mcp__fx__write_note\. Their feedback: not in this repo/.test(result.content));
    assert.equal(existsSync(join(s.workspace, 'denied.txt')), false);
    assert.match(requestText(requestsOf('deny').at(-1)!.body), /not in this repo/);
    await assertServerGone(s, 'fx');
  });
});

test('the user\'s policy allows a server: its calls run without a pause, results stream like any tool call', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { mcpServers: { fx: stdioServer(s, 'fx') }, mcp: { allow: ['fx'] } });
    const run = await s.offload(['run', '--json', promptFor('allowed', 'Echo hello.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok(!events.some((e) => e.type === 'paused'));
    assert.ok(events.some((e) => e.type === 'tool_call' && e.tool === 'mcp__fx__echo'));
    assert.ok(events.some((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__echo' && e.ok && e.content === 'echo: hello'));
    assert.match(requestText(requestsOf('allowed').at(-1)!.body), /echo: hello/);
    await assertServerGone(s, 'fx');
  });
});

test('a server that crashes mid-call: a clear error in the stream, the agent goes on', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { mcpServers: { fx: stdioServer(s, 'fx') }, mcp: { allow: ['fx'] } });
    const run = await s.offload(['run', '--json', promptFor('crash', 'Call crash.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    const crashed = events.find((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__crash');
    assert.ok(crashed?.type === 'tool_result' && !crashed.ok, run.stdout);
    assert.match(crashed.content, /the server "fx" exited during the call \(its stderr: mcp fixture: segfault-ish failure/);
    assert.ok(events.some((e) => e.type === 'error' && /MCP (server "fx" stopped|tool mcp__fx__crash failed)/.test(e.message)));
    // After the crash its tools are gone; a later call is refused with a reason, and the agent completes.
    const again = events.find((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__echo');
    assert.ok(again?.type === 'tool_result' && !again.ok && /no MCP tool named "mcp__fx__echo" running now/.test(again.content), JSON.stringify(again));
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'));
    assert.ok(!(requestsOf('crash').at(-1)!.body.tools as { name: string }[]).some((t) => t.name.startsWith('mcp__fx__')));
    await assertServerGone(s, 'fx');
  });
});

test('a server that never answers a call: a time-out with a clear error, the agent goes on', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { mcpServers: { fx: stdioServer(s, 'fx') }, mcp: { allow: ['fx'], callTimeoutMs: 1500 } });
    const run = await s.offload(['run', '--json', promptFor('hang', 'Call hang.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    const hung = events.find((e) => e.type === 'tool_result' && e.tool === 'mcp__fx__hang');
    assert.ok(hung?.type === 'tool_result' && !hung.ok && /did not answer within 1\.5 s \(time-out\)/.test(hung.content), run.stdout);
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'));
    await assertServerGone(s, 'fx');
  });
});

test('servers that fail or hang at start: errors in the stream, the agent works with its own tools', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, {
      mcpServers: { broken: stdioServer(s, 'broken', '--fail-at-start'), stuck: stdioServer(s, 'stuck', '--hang-at-start', '--ignore-stdin-close') },
      // The first request waits for both (the default would go on after 150 ms and finish first).
      mcp: { startupTimeoutMs: 3000, firstRequestWaitMs: 30_000 },
    });
    const run = await s.offload(['run', '--json', promptFor('bad-start', 'List files.')]);
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    const errors = events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.message : ''));
    assert.ok(errors.some((m) => /MCP server "broken" could not start: .*cannot open its database.*goes on without its tools/.test(m)), errors.join('\n'));
    assert.ok(errors.some((m) => /MCP server "stuck" could not start: it did not answer within 3 s/.test(m)), errors.join('\n'));
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'));
    const tools = requestsOf('bad-start')[0]!.body.tools as { name: string }[];
    assert.ok(!tools.some((t) => t.name.startsWith('mcp__')));
    // Even the server that ignores stdin closing is gone once its agent ended.
    await assertServerGone(s, 'stuck');
  });
});

/** Starts the fixture as an HTTP server (`--transport http|sse`) and gives its URL. */
async function remoteFixture(...flags: string[]): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = spawn(process.execPath, [FIXTURE, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /MCP_FIXTURE_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`the fixture exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGKILL') };
}

test('a streamable HTTP server: its tools are called over HTTP with the configured headers', async () => {
  await withSandbox(async (s) => {
    // The fixture answers 401 to any request without the header.
    const web = await remoteFixture('--transport', 'http', '--require-header', 'X-Fixture=yes');
    try {
      writeUserSettings(s, { mcpServers: { web: { type: 'http', url: web.url, headers: { 'X-Fixture': 'yes' } } }, mcp: { allow: ['mcp__web__echo'] } });
      const run = await s.offload(['run', '--json', promptFor('http', 'Echo over http.')]);
      assert.equal(run.code, 0, run.stderr);
      const events = jsonLines(run.stdout);
      assert.ok(events.some((e) => e.type === 'tool_result' && e.tool === 'mcp__web__echo' && e.ok && e.content === 'echo: over http'), run.stdout);

      // Without the header the server refuses, and the stream says so.
      writeUserSettings(s, { mcpServers: { web: { type: 'http', url: web.url } } });
      const refused = await s.offload(['run', '--json', promptFor('late', 'Go.')]);
      assert.ok(jsonLines(refused.stdout).some((e) => e.type === 'error' && /MCP server "web" could not start: .*missing the X-Fixture header/.test(e.message)), refused.stdout);
    } finally {
      web.stop();
    }
  });
});

test('an HTTP+SSE server (the older transport): as "type": "sse", or found by falling back from a plain url, with the configured headers', async () => {
  await withSandbox(async (s) => {
    const old = await remoteFixture('--transport', 'sse', '--require-header', 'Authorization=Bearer sse-token');
    try {
      const headers = { Authorization: 'Bearer sse-token' };
      for (const config of [{ type: 'sse', url: old.url, headers }, { url: old.url, headers }]) {
        writeUserSettings(s, { mcpServers: { old: config }, mcp: { allow: ['old'] } });
        const run = await s.offload(['run', '--json', promptFor('sse', 'Echo over sse.')]);
        assert.equal(run.code, 0, run.stderr);
        const events = jsonLines(run.stdout);
        assert.ok(events.some((e) => e.type === 'tool_result' && e.tool === 'mcp__old__echo' && e.ok && e.content === 'echo: over sse'), `${JSON.stringify(config)}: ${run.stdout}`);
        const fellBack = events.some((e) => e.type === 'notice' && /MCP server "old" does not speak streamable HTTP; it is reached over the older HTTP\+SSE transport/.test(e.message));
        assert.equal(fellBack, config.type === undefined, `a fallback only for a url without a type: ${run.stdout}`);
      }
      const listed = await s.offload(['mcp', 'list', '--json']);
      const report = (JSON.parse(listed.stdout) as McpServerReport[]).find((r) => r.name === 'old');
      assert.equal(report?.status, 'connected', listed.stdout);
      assert.ok(!listed.stdout.includes('sse-token'), 'headers are never listed');
    } finally {
      old.stop();
    }
  });
});

test('`offload mcp list --json`: status and tools per server; untrusted workspace servers are listed, never started', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { mcpServers: { fx: stdioServer(s, 'fx'), broken: stdioServer(s, 'broken', '--fail-at-start') } });
    mkdirSync(join(s.workspace, '.offload'), { recursive: true });
    writeFileSync(join(s.workspace, '.offload', 'mcp.json'), JSON.stringify({ mcpServers: { repo: stdioServer(s, 'repo') } }));
    const listed = await s.offload(['mcp', 'list', '--json']);
    assert.equal(listed.code, 1, 'a failed server makes the exit code 1');
    const reports = JSON.parse(listed.stdout) as McpServerReport[];
    const byName = Object.fromEntries(reports.map((r) => [r.name, r]));
    assert.equal(byName.fx?.status, 'connected');
    assert.equal(byName.fx?.transport, 'stdio');
    assert.deepEqual(byName.fx?.tools.map((t) => t.name), ['mcp__fx__echo', 'mcp__fx__write_note', 'mcp__fx__crash', 'mcp__fx__hang']);
    assert.equal(byName.fx?.tools.find((t) => t.name === 'mcp__fx__echo')?.readOnly, true);
    assert.match(byName.fx?.stderr ?? '', /ready on stdio/);
    assert.equal(byName.broken?.status, 'failed');
    assert.match(byName.broken?.error ?? '', /cannot open its database/);
    assert.equal(byName.repo?.status, 'untrusted');
    assert.equal(byName.repo?.source, 'workspace');
    assert.equal(existsSync(pidFile(s, 'repo')), false, 'an untrusted workspace server never starts');
    await assertServerGone(s, 'fx');
    // The listing remembers what fx listed (not the failed server): the next agent's first request offers it.
    const cached = JSON.parse(readFileSync(join(s.home, TOOL_CACHE), 'utf8')) as ToolCacheFile;
    assert.deepEqual(Object.values(cached.servers).map((e) => e.tools[0]?.server), ['fx']);

    const human = await s.offload(['mcp', 'list']);
    assert.match(human.stdout, /^fx \(user, stdio: .*\): connected$/m);
    assert.match(human.stdout, /^ {2}mcp__fx__echo \(read-only\) - Echo the text back\.$/m);

    // Trusted by the user's settings, the workspace's server starts too.
    writeUserSettings(s, { mcpServers: {}, mcp: { trustWorkspaceServers: ['repo'] } });
    const trusted = JSON.parse((await s.offload(['mcp', 'list', '--json'])).stdout) as McpServerReport[];
    assert.equal(trusted.find((r) => r.name === 'repo')?.status, 'connected');
    await assertServerGone(s, 'repo');
  });
});
