// The host's model listing (app/modelChoice.ts listModels): a plain fetch of
// GET /v1/models against the fake server, which pages as the API documents
// (https://platform.claude.com/docs/en/api/models-list: limit 1-1000, has_more,
// last_id as the next after_id, newest first).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { listModels } from '../../src/main/app/modelChoice.js';

test('every page of the list is read, newest first', async () => {
  const ids = Array.from({ length: 150 }, (_, i) => `claude-sonnet-${150 - i}-0`);
  const server = await startFakeModelServer({ models: ids });
  try {
    const listed = await listModels('sk-ant-test-0123456789', server.url);
    assert.deepEqual(listed.map((m) => m.id), ids);
    assert.ok(listed.every((m) => typeof m.created_at === 'string' && typeof m.display_name === 'string'));
  } finally {
    await server.close();
  }
});

test('a failing list throws (the caller falls back to the default model), as does an address nobody serves', async () => {
  const server = await startFakeModelServer({});
  await server.close();
  await assert.rejects(listModels('sk-ant-test-0123456789', server.url));
});
