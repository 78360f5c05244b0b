// One rule per numeric setting (src/shared/settingsRules.ts): the settings
// store, the RPC schema and the Settings form refuse the same values (0 and
// 2.5 premium requests, 0 requests a minute) with the same words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateOffloadParams } from '../../src/shared/contract/offloadSchemas.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';
import { SettingsStore } from '../../src/main/store/settingsStore.js';
import { draftErrors, draftOf } from '../../src/renderer/features/settings/settingsForm.js';

const CASES = [
  { key: 'maxRequestsPerAgent', value: 0, words: 'must be a whole number above 0 (or empty for no limit)' },
  { key: 'maxRequestsPerAgent', value: 2.5, words: 'must be a whole number above 0 (or empty for no limit)' },
  { key: 'monthlyPremiumRequests', value: 0, words: 'must be a whole number above 0 (or empty for no limit)' },
  { key: 'maxCostPerAgentUsd', value: 0, words: 'must be a number of dollars above 0 (or empty for no limit)' },
] as const;

async function storeRefusal(patch: object): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'offload-settings-'));
  try {
    const store = new SettingsStore({ home: join(dir, 'home'), workspace: join(dir, 'ws'), env: {} });
    return await store.update(patch as never).then(
      () => '',
      (error: Error) => error.message,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rpcRefusal(patch: object): string {
  try {
    validateOffloadParams('updateSettings', [patch]);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

function formRefusal(key: string, value: number): string {
  const draft = draftOf(DEFAULT_SETTINGS);
  return draftErrors({ ...draft, [key]: String(value) })[key as keyof typeof draft] ?? '';
}

for (const { key, value, words } of CASES) {
  test(`${key} = ${value} is refused by the store, the RPC schema and the form, in the same words`, async () => {
    const fromStore = await storeRefusal({ [key]: value });
    const fromRpc = rpcRefusal({ [key]: value });
    const fromForm = formRefusal(key, value);
    assert.ok(fromStore.includes(`${key}" ${words}`), `store: ${fromStore}`);
    assert.ok(fromRpc.includes(`(${key}): ${words}`), `rpc: ${fromRpc}`);
    assert.ok(fromForm.endsWith(` ${words}.`), `form: ${fromForm}`);
  });
}

test('rate limits: 0 and 2.5 requests a minute are refused everywhere; 50 passes everywhere', async () => {
  for (const rpm of [0, 2.5]) {
    assert.match(await storeRefusal({ rateLimits: { rpm } }), /"rateLimits.rpm" must be a whole number above 0, got/);
    assert.match(rpcRefusal({ rateLimits: { rpm, itpm: 1000, otpm: 1000 } }), /\(rateLimits\.rpm\): must be a whole number above 0/);
    assert.match(formRefusal('rpm', rpm), /^Requests per minute must be a whole number above 0\.$/);
  }
  assert.equal(rpcRefusal({ maxRequestsPerAgent: 50, rateLimits: { rpm: 50, itpm: 1000, otpm: 1000 } }), '');
  assert.equal(formRefusal('maxRequestsPerAgent', 50), '');
});

test("one agent's budget (startAgents options.maxRequests) follows the same rule: 0 and 2.5 refused, 3 passes", () => {
  const start = (maxRequests: number) => {
    try {
      validateOffloadParams('startAgents', [{ prompts: ['fix it'], options: { maxRequests } }]);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  };
  for (const maxRequests of [0, 2.5, -1]) {
    assert.match(start(maxRequests), /\(options\.maxRequests\): must be a whole number above 0/, `maxRequests ${maxRequests}`);
  }
  assert.equal(start(3), '');
});
