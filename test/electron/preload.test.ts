// The compiled preload (CommonJS, as sandboxed preloads must be) exposes
// exactly window.offloadIpc = { send, onMessage } on the channel the main side
// listens to, and never hands the page the IPC event object.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { OFFLOAD_IPC_CHANNEL } from '../../src/main/electron/ipcTransport.js';

// dist/test/electron/preload.test.js -> dist/src/main/electron/preload.cjs
const preloadFile = fileURLToPath(new URL('../../src/main/electron/preload.cjs', import.meta.url));

function loadPreload() {
  const exposed: Record<string, any> = {};
  const sent: Array<[string, unknown]> = [];
  const ipcRenderer = Object.assign(new EventEmitter(), {
    send: (channel: string, message: unknown) => sent.push([channel, message]),
  });
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
    ipcRenderer,
  };
  const module = { exports: {} };
  const requireInSandbox = (name: string) => {
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  runInNewContext(readFileSync(preloadFile, 'utf8'), { require: requireInSandbox, module, exports: module.exports });
  return { exposed, sent, ipcRenderer };
}

test('the preload is built as CommonJS beside main.js', () => {
  assert.ok(existsSync(preloadFile), `missing ${preloadFile}: tsconfig.electron.json must include src/main/electron/**/*.cts`);
  assert.doesNotMatch(readFileSync(preloadFile, 'utf8'), /^\s*(import|export)\s/m);
});

test('it exposes exactly offloadIpc = { send, onMessage } and nothing else', () => {
  const { exposed } = loadPreload();
  assert.deepEqual(Object.keys(exposed), ['offloadIpc']);
  assert.deepEqual(Object.keys(exposed.offloadIpc).sort(), ['onMessage', 'send']);
});

test('send and onMessage use the main side channel; the page gets only the message; unsubscribe works', () => {
  const { exposed, sent, ipcRenderer } = loadPreload();
  exposed.offloadIpc.send({ t: 'req', id: 1, method: 'getInfo', params: [] });
  assert.deepEqual(sent, [[OFFLOAD_IPC_CHANNEL, { t: 'req', id: 1, method: 'getInfo', params: [] }]]);

  const received: unknown[][] = [];
  const unsubscribe = exposed.offloadIpc.onMessage((...args: unknown[]) => received.push(args));
  ipcRenderer.emit(OFFLOAD_IPC_CHANNEL, { sender: ipcRenderer }, { t: 'evt', event: 'x', data: 1 });
  ipcRenderer.emit('some-other-channel', { sender: ipcRenderer }, 'nope');
  assert.deepEqual(received, [[{ t: 'evt', event: 'x', data: 1 }]]);
  unsubscribe();
  ipcRenderer.emit(OFFLOAD_IPC_CHANNEL, { sender: ipcRenderer }, { t: 'evt', event: 'y', data: 2 });
  assert.equal(received.length, 1);
  assert.equal(ipcRenderer.listenerCount(OFFLOAD_IPC_CHANNEL), 0);
});
