import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingFeatures, resolveProvider, resolveProviders } from './providers.js';
import { costOfUsage, premiumRequestsFor } from './cost.js';

test('a compatible endpoint on this machine is free; a remote one is priced as Anthropic unless the settings say otherwise', () => {
  assert.equal(resolveProvider('ollama', { kind: 'compatible', baseUrl: 'http://localhost:11434' }).pricing, 'free');
  assert.equal(resolveProvider('llama', { kind: 'compatible', baseUrl: 'http://127.0.0.1:8080' }).pricing, 'free');
  assert.equal(resolveProvider('v6', { kind: 'compatible', baseUrl: 'http://[::1]:8080' }).pricing, 'free');
  assert.equal(resolveProvider('gateway', { kind: 'compatible', baseUrl: 'https://litellm.example.com' }).pricing, 'anthropic');
  assert.equal(resolveProvider('gateway', { kind: 'compatible', baseUrl: 'https://localhost.example.com' }).pricing, 'anthropic');
  assert.equal(resolveProvider('paid', { kind: 'compatible', baseUrl: 'http://localhost:4000', pricing: 'anthropic' }).pricing, 'anthropic');
});

test('free pricing is $0 and 0 premium requests whatever the model is called', () => {
  const usage = { inputTokens: 10_000, outputTokens: 5_000, cacheReadTokens: 0, cacheWriteTokens: 0 };
  assert.equal(costOfUsage('claude-opus-4-6', usage, 'free'), 0);
  assert.equal(premiumRequestsFor('claude-opus-4-6', 'free'), 0);
  assert.ok(costOfUsage('claude-opus-4-6', usage) > 0);
  assert.equal(premiumRequestsFor('claude-opus-4-6'), 5);
});

test('features: compatible endpoints have no caching or web search by default, and say why; settings can turn them on', () => {
  const local = resolveProvider('local', { kind: 'compatible', baseUrl: 'http://localhost:11434', auth: 'bearer' });
  assert.deepEqual(local.features, { promptCaching: false, webSearch: false });
  assert.deepEqual(
    missingFeatures(local).map((m) => m.why),
    [
      'prompt caching is off: local (Anthropic-compatible endpoint) does not support cache_control',
      'web search is off: local (Anthropic-compatible endpoint) has no server-side web search tool',
    ],
  );
  const gateway = resolveProvider('gw', { kind: 'compatible', baseUrl: 'https://gw.example.com', features: { promptCaching: true } });
  assert.equal(gateway.features.promptCaching, true);
  assert.deepEqual(resolveProvider('aws', { kind: 'bedrock' }).features, { promptCaching: true, webSearch: false });
  assert.equal(resolveProvider('aws', { kind: 'bedrock' }).listsModels, false);
});

test('the Anthropic provider is always first, with ANTHROPIC_BASE_URL as its base URL', () => {
  const all = resolveProviders({ local: { kind: 'compatible', baseUrl: 'http://localhost:1' } }, 'http://127.0.0.1:9999');
  assert.deepEqual(all.map((p) => p.id), ['anthropic', 'local']);
  assert.equal(all[0]!.baseUrl, 'http://127.0.0.1:9999');
  assert.equal(all[0]!.pricing, 'anthropic');
});
