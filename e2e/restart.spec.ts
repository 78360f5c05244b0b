// A host restart loses nothing: agents, their streams and their reviews come back.

import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

test('restart the host and find everything still there', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:review] Survive a restart');
  const row = agentRow(app, 'Survive a restart');
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  const name = await row.locator('.agent-name').textContent();

  await host.restart();
  await app.goto(host.url);
  await expect(app.getByText('Connected', { exact: true })).toBeVisible();
  const again = agentRow(app, 'Survive a restart');
  await expect(again).toHaveCount(1);
  await expect(again.getByText('Completed')).toBeVisible();
  await expect(again).toContainText(name!);
  await expect(again).toContainText('3 steps');

  await again.getByRole('button').first().click();
  const main = app.getByRole('main');
  await expect(main.getByRole('region', { name: 'NOTES.md' })).toBeVisible();
  await main.getByRole('tab', { name: 'Stream' }).click();
  await expect(main.getByRole('log', { name: 'Agent output' }).getByText('Three changes ready for review.')).toBeVisible();
  await screenshot(app, 'after-restart');
});

test('the page says so when its host goes away', async ({ app, host }) => {
  // A restarted host has a new port and token, so the old page cannot reconnect; it must not pretend to be live.
  await host.restart();
  await expect(app.getByRole('status').filter({ hasText: /Disconnected|Connecting/ })).toBeVisible();
});
