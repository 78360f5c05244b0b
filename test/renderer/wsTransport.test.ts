// The page's WebSocket transport (src/renderer/transport/wsTransport.ts)
// against a real WebSocket server on 127.0.0.1, with the `ws` package's
// client standing in for the browser's WebSocket (same onopen / onmessage /
// onclose / readyState surface).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { createWsTransport, type WebSocketLike } from '../../src/renderer/transport/wsTransport.js';
import type { ConnectionStatus } from '../../src/renderer/transport/connection.js';
import type { RpcMessage } from '../../src/shared/rpc/envelope.js';

async function startServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const connections: ServerSocket[] = [];
  const waiters: Array<(socket: ServerSocket) => void> = [];
  wss.on('connection', (socket) => {
    connections.push(socket);
    waiters.shift()?.(socket);
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/rpc`,
    connections,
    nextConnection: () => new Promise<ServerSocket>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

const clientSockets: WebSocket[] = [];
const openWs = (url: string) => {
  const socket = new WebSocket(url);
  clientSockets.push(socket);
  return socket as unknown as WebSocketLike;
};
const event = (n: number): RpcMessage => ({ t: 'evt', event: 'onDidChangeAgent', data: { n } });
const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

test('a disposed listener hears nothing more, and a listener that throws does not keep a message from the others', async () => {
  const server = await startServer();
  const unhandled: unknown[] = [];
  try {
    const serverSide = server.nextConnection();
    const connection = createWsTransport(server.url, { openSocket: openWs, onListenerError: (error) => unhandled.push(error) });
    const thrower = connection.onMessage(() => {
      throw new Error('a store update failed');
    });
    const first: RpcMessage[] = [];
    const second: RpcMessage[] = [];
    const stopFirst = connection.onMessage((m) => first.push(m));
    connection.onMessage((m) => second.push(m));
    const socket = await serverSide;

    socket.send(JSON.stringify(event(1)));
    await until(() => second.length === 1);
    assert.deepEqual(first, [event(1)], 'the listener after the one that threw still got the message');
    assert.equal(unhandled.length, 1);
    assert.match(String((unhandled[0] as Error).message), /a store update failed/, 'the error still surfaces');

    stopFirst();
    thrower();
    socket.send(JSON.stringify(event(2)));
    await until(() => second.length === 2);
    assert.deepEqual(first, [event(1)], 'a disposed listener is not called again');
    assert.equal(unhandled.length, 1);
    connection.close();
  } finally {
    await server.close();
  }
});

test('close() tells each listener once, lets every listener go, and leaves no retry timer or socket behind', async () => {
  const server = await startServer();
  try {
    const firstSide = server.nextConnection();
    const connection = createWsTransport(server.url, { openSocket: openWs });
    const statuses: ConnectionStatus[] = [];
    let closes = 0;
    const messages: RpcMessage[] = [];
    connection.onStatus((s) => statuses.push(s));
    connection.onClose!(() => closes++);
    connection.onMessage((m) => messages.push(m));
    await firstSide;
    await until(() => connection.status === 'open');

    // The host drops the link: the page reconnects by itself (a retry timer runs meanwhile).
    const secondSide = server.nextConnection();
    server.connections[0]!.terminate();
    await until(() => closes === 1);
    const socket = await secondSide;
    await until(() => connection.status === 'open');
    assert.deepEqual(statuses, ['open', 'closed', 'connecting', 'open']);

    connection.close();
    assert.deepEqual(statuses.slice(4), ['closed'], 'closing says so once, at once');
    assert.equal(closes, 2, 'calls in flight hear the link is gone');
    connection.close();
    assert.equal(closes, 2, 'a second close() does nothing');

    // The server side sees the close; nothing reconnects and nothing more is delivered.
    await new Promise<void>((resolve) => (socket.readyState === socket.CLOSED ? resolve() : socket.once('close', () => resolve())));
    const client = clientSockets[clientSockets.length - 1]!;
    await until(() => client.readyState === client.CLOSED);
    assert.equal(server.connections.length, 2);
    assert.equal(timeouts(), 0, 'no retry timer (nor any other timer) is left');
    assert.equal(messages.length, 0);
    assert.deepEqual(statuses, ['open', 'closed', 'connecting', 'open', 'closed']);
  } finally {
    await server.close();
  }
});

test('closing while the page waits to reconnect cancels the retry', async () => {
  const server = await startServer();
  try {
    const side = server.nextConnection();
    const connection = createWsTransport(server.url, { openSocket: openWs });
    const statuses: ConnectionStatus[] = [];
    connection.onStatus((s) => statuses.push(s));
    (await side).terminate();
    await until(() => connection.status === 'closed');
    assert.equal(timeouts(), 1, 'a retry is scheduled');
    connection.close();
    assert.equal(timeouts(), 0, 'and cancelled by close()');
    assert.deepEqual(statuses, ['open', 'closed']);
    assert.equal(server.connections.length, 1);
  } finally {
    await server.close();
  }
});

async function until(condition: () => boolean): Promise<void> {
  // No timing margin: poll on the event loop until the condition holds (the file's time limit bounds it).
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
