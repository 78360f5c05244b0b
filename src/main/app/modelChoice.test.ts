import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL } from '../../shared/cost.js';
import { createDefaultModelResolver, createModelCatalog, MODEL_LIST_TTL_MS, pickNewestSonnet } from './modelChoice.js';

test('the newest Sonnet-class model is picked by date, else by list order', () => {
  assert.equal(
    pickNewestSonnet([
      { id: 'claude-opus-9', created_at: '2026-05-01T00:00:00Z' },
      { id: 'claude-sonnet-4-5', created_at: '2025-09-29T00:00:00Z' },
      { id: 'claude-sonnet-4-6', created_at: '2026-02-01T00:00:00Z' },
    ]),
    'claude-sonnet-4-6',
  );
  assert.equal(pickNewestSonnet([{ id: 'claude-sonnet-b' }, { id: 'claude-sonnet-a' }]), 'claude-sonnet-b');
  assert.equal(pickNewestSonnet([{ id: 'claude-haiku-4-5' }]), null);
});

test('the listing is asked once per lifetime and a failure falls back to the built-in default', async () => {
  let calls = 0;
  const resolve = createDefaultModelResolver(async () => {
    calls++;
    throw new Error('offline');
  });
  assert.equal(await resolve('k', undefined), DEFAULT_MODEL);
  assert.equal(await resolve('k', undefined), DEFAULT_MODEL);
  assert.equal(calls, 1);
});

test('the model catalog asks the API once, and asks again after a failure', async () => {
  let calls = 0;
  const catalog = createModelCatalog(async () => {
    calls++;
    if (calls === 1) throw new Error('offline');
    return [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }];
  });
  await assert.rejects(catalog.models('k', undefined), /offline/);
  assert.deepEqual(await catalog.models('k', undefined), [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }]);
  await catalog.models('k', undefined);
  assert.equal(calls, 2);
});

test('a listing is asked again once its lifetime is over', async () => {
  let calls = 0;
  let clock = 1_000;
  const catalog = createModelCatalog(
    async () => {
      calls++;
      return [{ id: `claude-sonnet-${calls}` }];
    },
    { ttlMs: 60_000, now: () => clock },
  );
  assert.deepEqual(await catalog.models('k', undefined), [{ id: 'claude-sonnet-1' }]);
  clock += 59_000;
  assert.deepEqual(await catalog.models('k', undefined), [{ id: 'claude-sonnet-1' }]);
  clock += 2_000;
  assert.deepEqual(await catalog.models('k', undefined), [{ id: 'claude-sonnet-2' }]);
  // Another key is another listing.
  assert.deepEqual(await catalog.models('other', undefined), [{ id: 'claude-sonnet-3' }]);
});

test('a listing kept on disk serves the next host (the next CLI command) without a request, and never holds the key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'offload-models-'));
  try {
    let calls = 0;
    const list = async () => {
      calls++;
      return [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }];
    };
    let clock = 5_000;
    const first = createModelCatalog(list, { cacheDir: dir, now: () => clock });
    await first.models('sk-ant-secret-key', 'http://127.0.0.1:1');
    const second = createModelCatalog(list, { cacheDir: dir, now: () => clock });
    assert.deepEqual(await second.models('sk-ant-secret-key', 'http://127.0.0.1:1'), [{ id: 'claude-sonnet-4-6', display_name: 'Claude Sonnet 4.6' }]);
    assert.equal(calls, 1);
    for (const file of readdirSync(dir)) assert.doesNotMatch(readFileSync(join(dir, file), 'utf8') + file, /sk-ant-secret-key/);
    clock += MODEL_LIST_TTL_MS;
    await createModelCatalog(list, { cacheDir: dir, now: () => clock }).models('sk-ant-secret-key', 'http://127.0.0.1:1');
    assert.equal(calls, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
