import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { RpcMessage } from '../../shared/rpc/envelope.js';
import { createProcessTransport } from '../../shared/rpc/processTransport.js';
import { createParentPortTransport } from './parentPortTransport.js';

test('parentPort transport: posts envelopes, takes them from {data} events, reports close', () => {
  const port = Object.assign(new EventEmitter(), { posted: [] as unknown[], postMessage(m: unknown) { port.posted.push(m); } });
  const transport = createParentPortTransport(port);
  const received: RpcMessage[] = [];
  const stop = transport.onMessage((m) => received.push(m));
  let closed = 0;
  transport.onClose!(() => closed++);
  transport.send({ t: 'evt', event: 'x', data: 1 });
  assert.deepEqual(port.posted, [{ t: 'evt', event: 'x', data: 1 }]);
  port.emit('message', { data: { t: 'req', id: 1, method: 'start', params: [] } });
  port.emit('message', { data: { not: 'an envelope' } });
  assert.deepEqual(received, [{ t: 'req', id: 1, method: 'start', params: [] }]);
  stop();
  port.emit('message', { data: { t: 'evt', event: 'late', data: null } });
  assert.equal(received.length, 1);
  port.emit('close');
  assert.equal(closed, 1);
});

test('process transport: sends while connected, refuses once disconnected', () => {
  const endpoint = Object.assign(new EventEmitter(), {
    connected: true,
    sent: [] as unknown[],
    send(m: unknown, cb?: (e: Error | null) => void) {
      endpoint.sent.push(m);
      cb?.(null);
      return true;
    },
  });
  const problems: string[] = [];
  const transport = createProcessTransport(endpoint, { onMalformed: (p) => problems.push(p) });
  const received: RpcMessage[] = [];
  transport.onMessage((m) => received.push(m));
  const alsoReceived: RpcMessage[] = [];
  transport.onMessage((m) => alsoReceived.push(m));
  let closed = false;
  transport.onClose!(() => (closed = true));
  transport.send({ t: 'res', id: 2, ok: true, result: null });
  endpoint.emit('message', { t: 'res', id: 3, ok: true, result: 'x' });
  endpoint.emit('message', 'junk');
  // The envelope has no `cancel` (shared/rpc/envelope.ts); a request without params is not a request.
  endpoint.emit('message', { t: 'cancel', id: 3 });
  endpoint.emit('message', { t: 'req', id: 4, method: 'start' });
  assert.deepEqual(endpoint.sent, [{ t: 'res', id: 2, ok: true, result: null }]);
  assert.deepEqual(received, [{ t: 'res', id: 3, ok: true, result: 'x' }]);
  assert.deepEqual(alsoReceived, received);
  // Each malformed message is reported once (not once per listener), without quoting it.
  assert.equal(problems.length, 3);
  assert.match(problems[0]!, /^a malformed RPC message was dropped/);
  assert.match(problems[2]!, /"params"/);
  endpoint.connected = false;
  endpoint.emit('disconnect');
  assert.equal(closed, true);
  assert.throws(() => transport.send({ t: 'evt', event: 'x', data: 1 }), /IPC channel is closed/);
});
