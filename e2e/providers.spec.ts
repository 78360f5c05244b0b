// Providers and MCP servers in the UI: Settings lists each provider (pricing,
// the features it lacks and why, its models) and each MCP server with its
// status and tools; the Composer's picker groups models by provider, and an
// agent of a local (free) provider shows 0 premium requests and $0.

import { join } from 'node:path';
import { test, expect, screenshot, agentRow } from './fixtures/offloadTest.js';
import { REPO_ROOT } from './fixtures/hostFixture.js';
import { promptFor, textTurn } from './fixtures/scenarioHelpers.js';

const FIXTURE = join(REPO_ROOT, 'dist', 'test', 'fixtures', 'mcpFixtureServer.js');

test.use({
  hostOptions: {
    scenarios: { 'local-run': [textTurn('Answered by the local model.')] },
    userSettings: (fakeUrl) => ({
      // The fake lists its models at /v1/models; "none": an endpoint that takes no key.
      providers: { local: { kind: 'compatible', baseUrl: fakeUrl, auth: 'none', label: 'Local' } },
      mcpServers: { fx: { command: process.execPath, args: [FIXTURE] }, broken: { command: process.execPath, args: [FIXTURE, '--fail-at-start'] } },
    }),
  },
});

test('Settings lists providers and MCP servers with status and tools', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  const local = dialog.getByRole('listitem', { name: 'Provider Local' });
  await expect(local).toContainText('Anthropic-compatible endpoint');
  await expect(local).toContainText('Free: $0 and 0 premium requests.');
  await expect(local).toContainText('Prompt caching is off: Local (Anthropic-compatible endpoint) does not support cache_control.');
  await expect(local).toContainText('claude-sonnet-4-6');
  await expect(local.getByLabel('Local key or token')).toHaveAttribute('type', 'password');

  const fx = dialog.getByRole('listitem', { name: 'MCP server fx' });
  await expect(fx).toContainText('Connected', { timeout: 20_000 });
  await expect(fx.getByRole('list', { name: 'Tools of fx' })).toContainText('mcp__fx__echo (read-only)');
  const broken = dialog.getByRole('listitem', { name: 'MCP server broken' });
  await expect(broken).toContainText(/Failed: .*cannot open its database/);
  await screenshot(app, 'settings-providers-mcp');
});

test("the Composer's picker groups models by provider; a local agent costs 0 premium requests and $0", async ({ app }) => {
  await app.keyboard.press('Control+i');
  const composer = app.getByRole('dialog', { name: 'Composer' });
  const picker = composer.getByRole('combobox', { name: 'Model' });
  await expect(picker.locator('optgroup[label="Anthropic"] option', { hasText: 'claude-sonnet-4-6' })).toHaveCount(1);
  const localGroup = picker.locator('optgroup[label^="Local (free"]');
  await expect(localGroup.locator('option', { hasText: 'Claude Haiku 4.5' })).toHaveCount(1);
  // A typed name for a model the endpoint does not list.
  await picker.selectOption({ label: 'Other Local model…' });
  await composer.getByRole('textbox', { name: 'Model name' }).fill('qwen3-coder');
  await composer.getByRole('textbox', { name: 'Prompt' }).fill(promptFor('local-run', 'Answer locally.'));
  await composer.getByRole('button', { name: 'Send' }).click();

  const row = agentRow(app, 'Answer locally.');
  await expect(row).toContainText('Completed', { timeout: 30_000 });
  await expect(row).toContainText('0 premium requests');
  await expect(row.locator('[data-counter="cost"]')).toHaveAttribute('title', /^\$0\.00 /);
});
