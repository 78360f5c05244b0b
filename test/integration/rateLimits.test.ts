// The shared rate limiter with real agents: real agent processes, the real
// SDK through ANTHROPIC_BASE_URL, and the fake Messages API server limiting
// as the API documents it (token bucket, with a burst below the per-minute
// figure), as a sliding window, and with no rate-limit headers at all. Fast
// limits; assertions on counts and outcomes, never on wall time (that is
// bench/rateLimitShare's job). Also the monthly budget, enforced by the host,
// and `offload limits --json`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import type { RateLimitOptions, ScriptedTurn } from '../../e2e/fixtures/fakeModel/types.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { isPaused, isSettled, type AgentRecord } from '../../src/shared/agent.js';
import type { OffloadService } from '../../src/shared/contract/offloadService.js';
import type { Settings } from '../../src/shared/settings.js';
import { connectInProcess } from '../../src/main/app/connectInProcess.js';
import { createHost } from '../../src/main/app/createHost.js';
import { createSandbox } from './cliHelpers.js';

const MODEL = 'claude-sonnet-4-6';

function quickScript(calls: number): ScriptedTurn[] {
  return [...Array.from({ length: calls - 1 }, () => toolTurn('list_dir', {})), textTurn('Done.')];
}

async function withHost(
  rateLimits: RateLimitOptions,
  scenarios: Record<string, ScriptedTurn[]>,
  settings: Partial<Settings>,
  body: (api: OffloadService, server: FakeModelServer) => Promise<void>,
): Promise<void> {
  const server = await startFakeModelServer({ rateLimits, scenarios });
  const dir = mkdtempSync(join(tmpdir(), 'offload-limits-'));
  const workspace = join(dir, 'ws');
  const home = join(dir, 'home');
  execFileSync('git', ['init', '-q', workspace]);
  writeFileSync(join(workspace, 'README.md'), '# Limits\n');
  const host = await createHost({
    workspace,
    home,
    runtime: 'node',
    env: { ...process.env, ANTHROPIC_API_KEY: 'sk-ant-test-limits-0000', ANTHROPIC_BASE_URL: server.url, OFFLOAD_MODEL: MODEL, OFFLOAD_HOME: home, OFFLOAD_TEST: '1' },
    settingsOverrides: { webSearch: false, concurrency: 8, ...settings },
    endProcessOnPause: false,
  });
  const client = connectInProcess(host);
  try {
    await body(client.call, server);
  } finally {
    client.dispose('test over');
    await host.dispose();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function settle(api: OffloadService, ids: string[], ms = 90_000): Promise<AgentRecord[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const records = await Promise.all(ids.map((id) => api.getAgent(id)));
    if (records.every((r) => isSettled(r.status) || isPaused(r.status))) return records;
    if (Date.now() > deadline) throw new Error(`agents still ${records.map((r) => r.status).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runAgents(api: OffloadService, count: number): Promise<AgentRecord[]> {
  const made = await api.startAgents({ prompts: Array.from({ length: count }, (_, i) => promptFor(`s${i}`, `Agent ${i}.`)) });
  return settle(
    api,
    made.map((a) => a.id),
  );
}

const scenarios = (agents: number, calls: number) => Object.fromEntries(Array.from({ length: agents }, (_, i) => [`s${i}`, quickScript(calls)]));

test('token bucket as documented (120 rpm enforced as 2 per second, burst 2), limits learned from the headers: every agent completes, (almost) no 429', async () => {
  await withHost(
    { model: 'token-bucket', rpm: 120, burstRequests: 2, itpm: 10_000_000, otpm: 10_000_000 },
    scenarios(4, 4),
    {},
    async (api, server) => {
      const records = await runAgents(api, 4);
      assert.deepEqual(
        records.map((r) => r.status),
        ['completed', 'completed', 'completed', 'completed'],
      );
      assert.equal(server.requests.filter((r) => r.status === 200).length, 16);
      // Started all at once into a burst of 2: only pacing keeps them out of 429s (unpaced, 2 of the first 4
      // and more after would be refused). One spare for a loaded machine bunching two sends in flight.
      assert.ok(server.stats().rateLimited <= 2, `${server.stats().rateLimited} answered 429`);
      const limits = await api.getLimits();
      const sonnet = limits.modelClasses.find((m) => m.key === 'anthropic:sonnet');
      assert.ok(sonnet, JSON.stringify(limits));
      const requests = sonnet.limits.find((l) => l.kind === 'requests');
      assert.deepEqual([requests?.limit, requests?.source], [120, 'server'], 'the limit the API stated');
      assert.ok(sonnet.limits.some((l) => l.kind === 'input-tokens'));
      assert.ok(sonnet.pacePerMinute! > 50 && sonnet.pacePerMinute! <= 120, `pace ${sonnet.pacePerMinute}`);
    },
  );
});

test('sliding 60 s window (the user gave --rpm): every agent completes without a 429', async () => {
  await withHost(
    { model: 'sliding-window', rpm: 300, itpm: 10_000_000, otpm: 10_000_000 },
    scenarios(3, 5),
    { rateLimits: { rpm: 300, itpm: null, otpm: null } },
    async (api, server) => {
      const records = await runAgents(api, 3);
      assert.deepEqual(
        records.map((r) => r.status),
        ['completed', 'completed', 'completed'],
      );
      assert.equal(server.stats().rateLimited, 0);
    },
  );
});

test('a server with no rate-limit headers: no limit is invented, 429s slow the agents down, none fails', async () => {
  await withHost(
    { model: 'token-bucket', rpm: 240, burstRequests: 2, itpm: 10_000_000, otpm: 10_000_000, headers: false },
    scenarios(5, 4),
    {},
    async (api, server) => {
      const records = await runAgents(api, 5);
      assert.deepEqual(
        records.map((r) => r.status),
        ['completed', 'completed', 'completed', 'completed', 'completed'],
      );
      assert.equal(server.requests.filter((r) => r.status === 200).length, 20);
      const sonnet = (await api.getLimits()).modelClasses.find((m) => m.key === 'anthropic:sonnet')!;
      assert.deepEqual(sonnet.limits, [], 'no limit is shown that the API never stated');
      // Each header-less 429 halves the pace: far fewer than one per request.
      assert.ok(server.stats().rateLimited < 20, `${server.stats().rateLimited} answered 429 for 20 requests`);
      if (server.stats().rateLimited > 0) assert.ok(sonnet.pacePerMinute !== null, 'paced after a 429');
    },
  );
});

test('the monthly budget is enforced by the host: at the budget an agent pauses for approval; yes goes on, no stops it', async () => {
  await withHost({}, { a: quickScript(3), b: quickScript(2) }, { monthlyPremiumRequests: 2 }, async (api) => {
    const [a] = await api.startAgents({ prompts: [promptFor('a', 'First.')] });
    let record = (await settle(api, [a!.id]))[0]!;
    assert.equal(record.status, 'paused_approval', 'two calls spent the budget; the third asks first');
    assert.equal(record.premiumRequests, 2);
    assert.equal(record.pending?.kind, 'approval');
    assert.deepEqual(
      record.pending && record.pending.kind === 'approval' && [record.pending.reason, record.pending.command],
      ['budget', 'continue past the monthly budget of 2 premium requests'],
    );
    const limits = await api.getLimits();
    assert.deepEqual(limits.monthly, { budget: 2, used: 2, reached: true });

    await api.approve(a!.id);
    record = (await settle(api, [a!.id]))[0]!;
    assert.equal(record.status, 'completed');
    assert.equal(record.premiumRequests, 3);

    // A new agent this month asks before its first call; a no ends it, with the reason.
    const [b] = await api.startAgents({ prompts: [promptFor('b', 'Second.')] });
    record = (await settle(api, [b!.id]))[0]!;
    assert.equal(record.status, 'paused_approval');
    assert.equal(record.premiumRequests, 0);
    await api.deny(b!.id, { feedback: 'enough for this month' });
    record = (await settle(api, [b!.id]))[0]!;
    assert.equal(record.status, 'completed');
    // As a per-agent budget's no: completed, the reason kept.
    assert.equal(record.error, 'Stopped at the monthly budget of 2 premium requests: the person chose not to go on. (enough for this month)');
  });
});

test('CLI: `offload run` stops at the monthly budget and says so; `offload limits --json` and `offload limits` report it', async () => {
  const server = await startFakeModelServer({ scenarios: { m: quickScript(3) } });
  const sandbox = createSandbox(server.url);
  try {
    const env = { OFFLOAD_MONTHLY_REQUESTS: '1' };
    const run = await sandbox.offload(['run', promptFor('m', 'Go.')], { env });
    assert.match(run.stdout + run.stderr, /continue past the monthly budget of 1 premium requests/);
    assert.match(run.stdout + run.stderr, /offload approve/);
    const json = await sandbox.offload(['limits', '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    const status = JSON.parse(json.stdout);
    assert.deepEqual(status.monthly, { budget: 1, used: 1, reached: true });
    assert.ok(Array.isArray(status.modelClasses));
    const human = await sandbox.offload(['limits'], { env });
    assert.match(human.stdout, /Monthly budget reached: 1 of 1 premium requests used this month\. Every agent pauses for approval/);
  } finally {
    await sandbox.cleanup();
    await server.close();
  }
});
