import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../shared/settings.js';
import { SettingsError, SettingsStore } from './settingsStore.js';

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(join(tmpdir(), 'offload-settings-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  const workspace = join(root, 'project');
  await mkdir(home, { recursive: true });
  await mkdir(join(workspace, '.offload'), { recursive: true });
  return {
    home,
    workspace,
    writeUser: (value: unknown) => writeFile(join(home, 'settings.json'), JSON.stringify(value)),
    writeWorkspace: (value: unknown) => writeFile(join(workspace, '.offload', 'settings.json'), JSON.stringify(value)),
  };
}

test('with nothing set, the defaults', async (t) => {
  const { home, workspace } = await setup(t);
  assert.deepEqual(await new SettingsStore({ home, workspace, env: {} }).get(), DEFAULT_SETTINGS);
});

test('layers: flags > OFFLOAD_* > workspace file > user file > defaults, rate limits one by one', async (t) => {
  const { home, workspace, writeUser, writeWorkspace } = await setup(t);
  await writeUser({ approval: 'deny', concurrency: 2, defaultModel: 'user-model', rateLimits: { rpm: 10, itpm: 1000 }, webSearch: false });
  await writeWorkspace({ approval: 'ask', concurrency: 3, rateLimits: { rpm: 20 } });
  const env = { OFFLOAD_CONCURRENCY: '4', OFFLOAD_OTPM: '777' };
  const overrides = { concurrency: 9 };
  const settings = await new SettingsStore({ home, workspace, env, overrides }).get();
  assert.deepEqual(settings, {
    ...DEFAULT_SETTINGS,
    // The workspace file may not loosen the user's deny.
    approval: 'deny',
    concurrency: 9,
    defaultModel: 'user-model',
    webSearch: false,
    rateLimits: { rpm: 20, itpm: 1000, otpm: 777 },
  });
  assert.equal((await new SettingsStore({ home, workspace, env }).get()).concurrency, 4);
  assert.equal((await new SettingsStore({ home, workspace, env: {} }).get()).concurrency, 3);
});

test('every OFFLOAD_* variable is read', async (t) => {
  const { home, workspace } = await setup(t);
  const env = {
    OFFLOAD_MODEL: 'claude-opus-4-1',
    OFFLOAD_APPROVAL: 'auto',
    OFFLOAD_ALLOWED_COMMANDS: 'npm test, make check ,,',
    OFFLOAD_MAX_REQUESTS: '12',
    OFFLOAD_MAX_COST: '2.5',
    OFFLOAD_CONCURRENCY: '7',
    OFFLOAD_RPM: '100',
    OFFLOAD_ITPM: '200000',
    OFFLOAD_OTPM: '40000',
    OFFLOAD_WEB_SEARCH: '0',
    OFFLOAD_MONTHLY_REQUESTS: '500',
    OFFLOAD_REREAD_CACHE: 'off',
    OFFLOAD_COMPACT_AT: '120000',
    OFFLOAD_ISOLATION: 'worktree',
    OFFLOAD_WORKTREE_LINK: 'node_modules',
    OFFLOAD_WORKTREE_COPY: '.env, .env.local',
    OFFLOAD_UNRELATED: 'ignored',
  };
  assert.deepEqual(await new SettingsStore({ home, workspace, env }).get(), {
    defaultModel: 'claude-opus-4-1',
    approval: 'auto',
    allowedCommands: ['npm test', 'make check'],
    maxRequestsPerAgent: 12,
    maxCostPerAgentUsd: 2.5,
    monthlyPremiumRequests: 500,
    concurrency: 7,
    rateLimits: { rpm: 100, itpm: 200_000, otpm: 40_000 },
    webSearch: false,
    rereadCache: false,
    compactAtTokens: 120_000,
    isolation: 'worktree',
    worktreeLink: ['node_modules'],
    worktreeCopy: ['.env', '.env.local'],
  });
  const on = await new SettingsStore({ home, workspace, env: { OFFLOAD_WEB_SEARCH: '1', OFFLOAD_RPM: '' } }).get();
  assert.equal(on.webSearch, true);
  assert.equal(on.rateLimits.rpm, DEFAULT_SETTINGS.rateLimits.rpm, 'an empty variable is ignored');
});

test('bad values name the setting, the source and the value', async (t) => {
  const { home, workspace, writeUser, writeWorkspace } = await setup(t);
  const cases: [Record<string, string>, string][] = [
    [{ OFFLOAD_RPM: 'abc' }, "OFFLOAD_RPM must be a whole number above 0, got 'abc'"],
    [{ OFFLOAD_RPM: '0' }, "OFFLOAD_RPM must be a whole number above 0, got '0'"],
    [{ OFFLOAD_CONCURRENCY: '2.5' }, "OFFLOAD_CONCURRENCY must be a whole number from 1 to 64, got '2.5'"],
    [{ OFFLOAD_APPROVAL: 'sometimes' }, "OFFLOAD_APPROVAL must be one of ask, auto, deny, got 'sometimes'"],
    [{ OFFLOAD_WEB_SEARCH: 'maybe' }, "OFFLOAD_WEB_SEARCH must be 0 or 1 (true or false), got 'maybe'"],
    [{ OFFLOAD_MAX_COST: '-1' }, "OFFLOAD_MAX_COST must be a number of dollars above 0 (or empty for no limit), got '-1'"],
  ];
  for (const [env, message] of cases) {
    await assert.rejects(new SettingsStore({ home, workspace, env }).get(), (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.equal(error.code, 'BAD_INPUT');
      assert.equal(error.message, message);
      return true;
    });
  }
  await assert.rejects(new SettingsStore({ home, workspace, env: {}, overrides: { concurrency: 0 } }).get(), /^SettingsError: --concurrency must be a whole number from 1 to 64, got 0$/);

  await writeWorkspace({ rateLimits: { rpm: -5 } });
  const workspaceFile = join(workspace, '.offload', 'settings.json');
  await assert.rejects(new SettingsStore({ home, workspace, env: {} }).get(), {
    message: `"rateLimits.rpm" in ${workspaceFile} must be a whole number above 0, got -5`,
  });
  await writeWorkspace({});
  await writeFile(join(home, 'settings.json'), '{ "approval": ');
  await assert.rejects(new SettingsStore({ home, workspace, env: {} }).get(), /settings file .*settings\.json is not valid JSON/);
  await writeUser({ approval: 'ask', someFutureSetting: true });
  assert.equal((await new SettingsStore({ home, workspace, env: {} }).get()).approval, 'ask', 'unknown keys are ignored');
});

test('update writes the user file, keeps what it had, and returns the effective settings', async (t) => {
  const { home, workspace, writeUser } = await setup(t);
  await writeUser({ approval: 'deny', rateLimits: { itpm: 5000 } });
  const store = new SettingsStore({ home, workspace, env: { OFFLOAD_CONCURRENCY: '6' } });
  const updated = await store.update({ concurrency: 2, maxCostPerAgentUsd: 1.25, rateLimits: { rpm: 99 } });
  assert.equal(updated.concurrency, 6, 'the environment still wins over the file');
  assert.equal(updated.maxCostPerAgentUsd, 1.25);
  assert.deepEqual(updated.rateLimits, { rpm: 99, itpm: 5000, otpm: DEFAULT_SETTINGS.rateLimits.otpm });
  assert.deepEqual(JSON.parse(await readFile(join(home, 'settings.json'), 'utf8')), {
    approval: 'deny',
    concurrency: 2,
    maxCostPerAgentUsd: 1.25,
    rateLimits: { itpm: 5000, rpm: 99 },
  });
  const cleared = await store.update({ maxCostPerAgentUsd: null });
  assert.equal(cleared.maxCostPerAgentUsd, null);
  await assert.rejects(store.update({ approval: 'never' as never }), /The setting "approval" must be one of ask, auto, deny, got 'never'/);
});

test('update creates the home folder and file when missing; parallel updates all land', async (t) => {
  const { home, workspace } = await setup(t);
  const freshHome = join(home, 'nested', 'home');
  const store = new SettingsStore({ home: freshHome, workspace, env: {} });
  await Promise.all([store.update({ concurrency: 3 }), store.update({ approval: 'auto' }), store.update({ webSearch: false })]);
  const settings = await store.get();
  assert.equal(settings.concurrency, 3);
  assert.equal(settings.approval, 'auto');
  assert.equal(settings.webSearch, false);
});

test('the workspace settings file can narrow permissions but never widen them', async (t) => {
  const { home, workspace, writeUser, writeWorkspace } = await setup(t);
  await writeUser({ approval: 'ask', allowedCommands: ['npm test'] });
  // What an agent (or a cloned repository) would write to get its way.
  await writeWorkspace({ approval: 'auto', allowedCommands: ['*', 'rm -rf *', 'npm test'] });
  let settings = await new SettingsStore({ home, workspace, env: {} }).get();
  assert.equal(settings.approval, 'ask');
  assert.deepEqual(settings.allowedCommands, ['npm test']);
  await writeWorkspace({ approval: 'deny', allowedCommands: [] });
  settings = await new SettingsStore({ home, workspace, env: {} }).get();
  assert.equal(settings.approval, 'deny');
  assert.deepEqual(settings.allowedCommands, []);
  // The user's own choices (flags, environment, user file) still widen.
  settings = await new SettingsStore({ home, workspace, env: { OFFLOAD_APPROVAL: 'auto' } }).get();
  assert.equal(settings.approval, 'auto');
});
