// Cancelling from the context menu, and moving an interactive session to the background.

import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

test('cancel a running agent from its context menu', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:slow] Look around slowly');
  const row = agentRow(app, 'Look around slowly');
  await expect(row.getByText('Running')).toBeVisible({ timeout: 30_000 });

  await row.click({ button: 'right' });
  const menu = app.getByRole('menu');
  await expect(menu.getByRole('menuitem', { name: 'Cancel' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Resume' })).toHaveCount(0);
  await screenshot(app, 'agent-context-menu');
  // Keyboard: the first item has focus; arrows move to Cancel.
  await expect(menu.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Cancel' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(menu).toBeHidden();

  await expect(row.getByText('Cancelled')).toBeVisible({ timeout: 30_000 });
  await row.click({ button: 'right' });
  await expect(app.getByRole('menu').getByRole('menuitem', { name: 'Resume' })).toBeVisible();
  await expect(app.getByRole('menu').getByRole('menuitem', { name: 'Cancel' })).toHaveCount(0);
  await app.keyboard.press('Escape');
  await expect(app.getByRole('menu')).toBeHidden();
});

test('move an interactive session to the background; it keeps running', async ({ app }) => {
  const composer = await startAgentFromComposer(app, '[scenario:slow] Explore interactively', 'interactive');
  // The session is a side panel, not a modal: the Composer closes.
  await expect(composer).toBeHidden();
  const session = app.getByRole('region', { name: 'Interactive session' });
  await expect(session.getByRole('log', { name: 'Session output' }).getByText('Explore interactively')).toBeVisible({ timeout: 30_000 });
  await expect(agentRow(app, 'Explore interactively')).toHaveCount(0);
  await screenshot(app, 'composer-interactive');

  await session.getByRole('button', { name: 'Session menu' }).click();
  await app.getByRole('menuitem', { name: 'Move to background' }).click();
  await expect(session).toHaveCount(0);

  const row = agentRow(app, 'Explore interactively');
  await expect(row).toHaveCount(1);
  await expect(row.getByText('Running')).toBeVisible();
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 45_000 });
});
