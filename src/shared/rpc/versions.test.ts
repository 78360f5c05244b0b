import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcClient } from './client.js';
import { RPC_PROTOCOL_VERSION, type RpcMessage } from './envelope.js';
import { createMemoryTransportPair } from './memoryTransport.js';
import { serveRpc } from './server.js';

test('requests carry the envelope version; a host refuses a newer one and says both versions', async () => {
  const [clientSide, serverSide] = createMemoryTransportPair();
  const seen: RpcMessage[] = [];
  serverSide.onMessage((m) => seen.push(m));
  serveRpc(serverSide, { async ping() { return 'pong'; } });
  const client = createRpcClient<{ ping(): Promise<string> }, Record<string, never>>(clientSide);
  assert.equal(await client.call.ping(), 'pong');
  assert.equal((seen[0] as { v?: number }).v, RPC_PROTOCOL_VERSION);

  // A client of a newer release.
  const answers: RpcMessage[] = [];
  clientSide.onMessage((m) => answers.push(m));
  clientSide.send({ t: 'req', id: 99, method: 'ping', params: [], v: RPC_PROTOCOL_VERSION + 1 });
  await new Promise((r) => setTimeout(r, 10));
  const answer = answers.find((m) => m.t === 'res' && m.id === 99);
  assert.ok(answer && answer.t === 'res' && !answer.ok);
  assert.equal(answer.error.code, 'VERSION');
  assert.match(answer.error.message, new RegExp(`speaks RPC version ${RPC_PROTOCOL_VERSION}; the client speaks version ${RPC_PROTOCOL_VERSION + 1}`));
  // An old client (no v) is version 1 and still served.
  clientSide.send({ t: 'req', id: 100, method: 'ping', params: [] });
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(answers.some((m) => m.t === 'res' && m.id === 100 && m.ok));
});
