// Run by hostDispose.test.ts in its own process: a full host (supervisor,
// review, editor, terminals, warm spare, the HTTP/WebSocket server with a
// connected WebSocket client, an in-process client) with one agent paused in
// a live process, then everything disposed. It prints the handles Node still
// has and does NOT call process.exit: the test checks that it ends by itself.

import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createHost } from '../../src/main/app/createHost.js';
import { createForkLauncher } from '../../src/main/launch/forkLauncher.js';
import { connectToRunningHost } from '../../src/main/server/hostDiscovery.js';
import { startHostServer } from '../../src/main/server/hostServer.js';

const [workspace, home, fakeAgent] = process.argv.slice(2) as [string, string, string];
const launcher = createForkLauncher();
const host = await createHost({
  workspace,
  home,
  runtime: 'node',
  env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000', OFFLOAD_MODEL: 'claude-sonnet-test', OFFLOAD_TEST: '1' },
  launcher: { launch: (options) => launcher.launch({ ...options, entry: fakeAgent }) },
  warmSpare: true,
});
const server = await startHostServer({ host, home });
const client = connectInProcess(host);
const remote = await connectToRunningHost(home, workspace);
if (!remote) throw new Error('the WebSocket client did not connect');
let events = 0;
client.on('onDidAppendEvent', () => events++);
remote.client.on('onDidAppendEvent', () => events++);

const [agent] = await client.call.startAgents({ prompts: ['ask me'] });
for (;;) {
  const record = await remote.client.call.getAgent(agent!.id);
  if (record.status === 'paused_input') break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const { pid } = await client.call.getAgent(agent!.id);

await remote.close();
client.dispose();
await server.close();
await host.dispose();

const stdio = new Set<unknown>([process.stdin, process.stdout, process.stderr]);
const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles()
  .filter((handle) => !stdio.has(handle))
  .map((handle) => handle.constructor?.name ?? typeof handle);
process.stdout.write(JSON.stringify({ handles, events, agentPid: pid }) + '\n');
