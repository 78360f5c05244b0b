// The CLI's own host (connectInProcess) checks every call against the same
// schemas as a page's or a remote CLI's (offloadSchemas.ts): one set of rules
// whichever door a call comes through, so the service never gets what a
// schema refuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OffloadHost } from '../../src/main/app/host.js';
import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createMemoryHost } from './serverSupport.js';

test('an in-process call the schema refuses gets BAD_INPUT with the same words, and never reaches the service', async () => {
  const host = createMemoryHost('/tmp/ws');
  const client = connectInProcess(host as unknown as OffloadHost);
  try {
    const refusals: Array<[string, RegExp]> = [];
    for (const [call, message] of [
      [() => client.call.startAgents({ prompts: [] }), /Give at least one prompt/],
      [() => client.call.startAgents({ prompts: ['go'], options: { maxRequests: 2.5 } }), /maxRequests/],
      [() => client.call.approve('../a1', {}), /agent id holds only/],
    ] as Array<[() => Promise<unknown>, RegExp]>) {
      const error = await call().then(
        () => null,
        (e: unknown) => e as { code?: string; message: string },
      );
      assert.ok(error, `refused: ${message}`);
      assert.equal(error.code, 'BAD_INPUT');
      assert.match(error.message, message);
      refusals.push([error.message, message]);
    }
    assert.deepEqual(host.calls.filter((c) => c.method === 'startAgents' || c.method === 'approve'), [], 'the service saw none of them');
    // A good call still goes through.
    assert.equal((await client.call.getInfo()).workspace, '/tmp/ws');
  } finally {
    client.dispose();
  }
});
