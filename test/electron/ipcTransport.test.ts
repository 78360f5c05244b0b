// The page's IPC pipe in the desktop app: an RPC call round-trips through the
// main side (validated like the WebSocket), events reach the page, and
// messages from anything but our window's main frame are refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OffloadEvents, OffloadService } from '../../src/shared/contract/offloadService.js';
import { createRpcClient, type RpcMessage, type RpcTransport, RpcError } from '../../src/shared/rpc/index.js';
import { OFFLOAD_IPC_CHANNEL, serveHostOverIpc } from '../../src/main/electron/ipcTransport.js';
import { APP_BASE_URL } from '../../src/main/electron/appProtocol.js';
import { createMemoryHost } from '../integration/serverSupport.js';
import { FakeIpcMain, FakeWebContents } from './fakeElectron.js';

/** The page's end, as the preload's send/onMessage would give it. */
function pageTransport(ipcMain: FakeIpcMain, contents: FakeWebContents, frame = contents.mainFrame): RpcTransport {
  return {
    send: (message) => contents.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, message, frame),
    onMessage(listener) {
      const handler = (_event: unknown, message: RpcMessage) => listener(message);
      contents.renderer.on(OFFLOAD_IPC_CHANNEL, handler);
      return () => contents.renderer.off(OFFLOAD_IPC_CHANNEL, handler);
    },
  };
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents(`${APP_BASE_URL}index.html`);
  const host = createMemoryHost('/tmp/ws');
  const refused: string[] = [];
  const bridge = serveHostOverIpc(ipcMain, contents, host, { appBaseUrl: APP_BASE_URL, onRefused: (r) => refused.push(r) });
  const client = createRpcClient<OffloadService, OffloadEvents>(pageTransport(ipcMain, contents));
  return { ipcMain, contents, host, refused, bridge, client };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

test('an RPC call round-trips over IPC and host events reach the page', async () => {
  const { client, bridge } = setup();
  assert.equal((await client.call.getInfo()).workspace, '/tmp/ws');
  const seen: string[] = [];
  client.on('onDidChangeAgent', (record) => seen.push(record.prompt));
  await client.call.startAgents({ prompts: ['from the desktop'] });
  await settle();
  assert.deepEqual(seen, ['from the desktop']);

  const opened: string[] = [];
  client.on('onDidRequestOpenAgent', ({ agentId }) => opened.push(agentId));
  bridge.emit('onDidRequestOpenAgent', { agentId: 'a1' });
  await settle();
  assert.deepEqual(opened, ['a1']);
  bridge.dispose();
});

test('input from the page is validated before the host sees it', async () => {
  const { client, host } = setup();
  const before = host.calls.length;
  await assert.rejects(client.call.startAgents({ prompts: [] }), (e: RpcError) => e.code === 'BAD_INPUT' && /at least one prompt/.test(e.message));
  await assert.rejects(client.call.getAgent('../x'), (e: RpcError) => e.code === 'BAD_INPUT');
  assert.equal(host.calls.length, before);
});

test('messages from another window, a subframe, or a page that is not ours are refused', async () => {
  const { ipcMain, contents, host, refused } = setup();
  const request = { t: 'req', id: 1, method: 'startAgents', params: [{ prompts: ['sneaky'] }] };

  const otherWindow = new FakeWebContents(`${APP_BASE_URL}index.html`);
  otherWindow.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, request);
  contents.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, request, { ...contents.mainFrame, routingId: 7 });
  contents.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, request, { ...contents.mainFrame, url: 'https://evil.example/' });
  contents.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, request, null);
  contents.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, { t: 'req', id: 'x', method: 'getInfo' });
  await settle();

  assert.deepEqual(refused, [
    'another window sent it',
    'a subframe sent it',
    'the page is not ours',
    'the sending frame is gone',
    'not an RPC envelope: a malformed RPC message was dropped ("id" is not a request id)',
  ]);
  assert.equal(host.calls.filter((c) => c.method === 'startAgents').length, 0);
  let answered = false;
  contents.renderer.on(OFFLOAD_IPC_CHANNEL, () => (answered = true));
  otherWindow.renderer.on(OFFLOAD_IPC_CHANNEL, () => (answered = true));
  await settle();
  assert.equal(answered, false, 'nothing is answered to a refused sender');
});

test('after the window is destroyed, events are dropped quietly and its messages are refused', async () => {
  const { ipcMain, contents, bridge, refused } = setup();
  contents.destroy();
  assert.doesNotThrow(() => bridge.emit('onDidRequestComposer', {}));
  contents.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, { t: 'req', id: 1, method: 'getInfo', params: [] });
  await settle();
  assert.deepEqual(refused, ['the window is gone']);
  bridge.dispose();
  assert.equal(ipcMain.listenerCount(OFFLOAD_IPC_CHANNEL), 0, 'dispose removes the IPC listener');
});
