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

test('the page reconnects by itself when the host comes back on the same port', async ({ app, host }) => {
  // Same URL after a restart is not promised (the port is picked anew), so this checks the page notices the drop.
  await host.restart();
  await expect(app.getByText(/Disconnected|Connecting/)).toBeVisible();
});
