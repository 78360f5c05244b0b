// Agent processes through utilityProcess.fork: the envelope crosses both ways,
// the environment and name reach the child, exits are reported once with the
// right reason, and kill() escalates to SIGKILL after the grace period.
// The fake utilityProcess forks a real Node child (see fakeElectron.ts).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessExit } from '../../src/main/launch/launcher.js';
import { createRpcClient, serveRpc } from '../../src/shared/rpc/index.js';
import { createUtilityProcessLauncher } from '../../src/main/electron/utilityProcessLauncher.js';
import { FakeUtilityProcess } from './fakeElectron.js';

const dir = mkdtempSync(join(tmpdir(), 'offload-utility-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A child that answers "whoami" requests, calls the parent once, and exits or hangs on request. */
const childScript = join(dir, 'child.cjs');
writeFileSync(
  childScript,
  `
process.on('message', (m) => {
  if (m && m.t === 'req' && m.method === 'whoami') {
    process.send({ t: 'res', id: m.id, ok: true, result: { env: process.env.OFFLOAD_AGENT_TEST, cwd: process.cwd(), args: m.params } });
  } else if (m && m.t === 'req' && m.method === 'exitWith') {
    process.exit(m.params[0]);
  } else if (m && m.t === 'req' && m.method === 'ignoreTerm') {
    process.on('SIGTERM', () => {});
    process.send({ t: 'res', id: m.id, ok: true, result: null });
  }
});
process.send('not an envelope');
process.send({ t: 'req', id: 1, method: 'hello', params: ['from the agent'] });
`,
);

function launch() {
  const utilityProcess = new FakeUtilityProcess();
  const launcher = createUtilityProcessLauncher(utilityProcess);
  const handle = launcher.launch({ entry: childScript, cwd: dir, env: { ...process.env, OFFLOAD_AGENT_TEST: 'yes' } as Record<string, string>, displayName: 'Offload agent brave-otter' });
  const exits: ProcessExit[] = [];
  const exited = new Promise<ProcessExit>((resolve) => handle.onExit((exit) => (exits.push(exit), resolve(exit))));
  return { utilityProcess, handle, exits, exited };
}

test('the envelope crosses both ways, with the environment, folder and name the supervisor chose', async () => {
  const { utilityProcess, handle, exited } = launch();
  const hellos: unknown[] = [];
  serveRpc(handle.transport, { async hello(text: string) { hellos.push(text); } });
  const client = createRpcClient<{ whoami(x: number): Promise<{ env: string; cwd: string; args: unknown[] }> }, {}>(handle.transport);
  const answer = await client.call.whoami(42);
  assert.equal(answer.env, 'yes');
  assert.equal(answer.cwd, (await import('node:fs')).realpathSync(dir));
  assert.deepEqual(answer.args, [42]);
  assert.deepEqual(hellos, ['from the agent']);
  assert.equal(utilityProcess.forked[0]!.options.serviceName, 'Offload agent brave-otter');
  assert.ok(typeof handle.pid === 'number' && handle.pid > 0);

  handle.kill(2000);
  const exit = await exited;
  assert.equal(exit.reason, 'killed by the supervisor');
  assert.equal(handle.pid, null);
  assert.throws(() => handle.transport.send({ t: 'evt', event: 'x', data: null }), /has exited/);
});

test('an exit of its own is reported once with its code and no reason; late listeners still hear it', async () => {
  const { handle, exits, exited } = launch();
  const client = createRpcClient<{ exitWith(code: number): Promise<void> }, {}>(handle.transport);
  void client.call.exitWith(3).catch(() => {});
  const exit = await exited;
  assert.deepEqual(exit, { code: 3, signal: null });
  const late = await new Promise<ProcessExit>((resolve) => handle.onExit(resolve));
  assert.deepEqual(late, exit);
  handle.kill(); // no effect after exit
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(exits.length, 1);
});

test('a child that ignores SIGTERM is killed after the grace period', async () => {
  const { handle, exited } = launch();
  const client = createRpcClient<{ ignoreTerm(): Promise<void> }, {}>(handle.transport);
  await client.call.ignoreTerm();
  const started = Date.now();
  handle.kill(300);
  const exit = await exited;
  const waited = Date.now() - started;
  assert.ok(waited >= 250, `waited ${waited} ms for the grace period`);
  assert.equal(exit.code, 128 + 9, 'ended by SIGKILL');
  assert.equal(exit.reason, 'killed by the supervisor');
});
