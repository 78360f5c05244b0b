// Settings: the API key is never shown back; budgets and limits are saved.

import { test, expect, screenshot } from './fixtures/offloadTest.js';

test('settings: key hint only, save policy, budgets and limits', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await expect(dialog).toBeVisible();
  const key = dialog.getByLabel('API key', { exact: true });
  await expect(key).toHaveAttribute('type', 'password');
  await expect(key).toHaveValue('');
  await expect(dialog.getByText('test-key')).toHaveCount(0);

  await dialog.getByLabel('Approval policy').selectOption('deny');
  await dialog.getByLabel('Allowed commands').fill('npm test\nnpm run lint');
  await dialog.getByLabel('Premium requests per agent').fill('25');
  await dialog.getByLabel('Monthly premium requests').fill('500');
  await dialog.getByLabel('Requests per minute').fill('40');
  await dialog.getByLabel('Web search').uncheck();
  await screenshot(app, 'settings');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Approval policy')).toHaveValue('deny');
  await expect(dialog.getByLabel('Allowed commands')).toHaveValue('npm test\nnpm run lint');
  await expect(dialog.getByLabel('Premium requests per agent')).toHaveValue('25');
  await expect(dialog.getByLabel('Requests per minute')).toHaveValue('40');
  await expect(dialog.getByLabel('Web search')).not.toBeChecked();
  await expect(dialog.getByText('0 used of 500')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('settings: a saved API key is never sent back to the page', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  const secret = 'sk-ant-e2e-secret-value-9xQz';
  await dialog.getByLabel('API key', { exact: true }).fill(secret);
  await dialog.getByRole('button', { name: 'Save key' }).click();
  // The input empties once the host has it; only a hint (never the key) comes back.
  await expect(dialog.getByLabel('API key', { exact: true })).toHaveValue('');
  await expect(dialog.getByText(/A key is set \(…\w{1,4}\)/)).toBeVisible();
  expect(await app.content()).not.toContain('secret-value');
});

test('settings: a wrong value is marked at its field, which takes focus; "Default model" names the model (issue 9, defect 13)', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  // The fake API lists its models newest first: the default is its newest Sonnet, named.
  await expect(dialog.getByLabel('Default model').locator('option').first()).toHaveText(/^Newest Sonnet-class model \(claude-sonnet-[\w-]+\)$/);

  const perAgent = dialog.getByLabel('Premium requests per agent');
  const rpm = dialog.getByLabel('Requests per minute');
  await perAgent.fill('2.5');
  await rpm.fill('0');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeVisible();
  // The first wrong field (in the form's order) has focus; both are marked and described by their errors.
  await expect(perAgent).toBeFocused();
  await expect(perAgent).toHaveAttribute('aria-invalid', 'true');
  await expect(perAgent).toHaveAccessibleDescription('Premium requests per agent must be a whole number above 0 (or empty for no limit).');
  await expect(rpm).toHaveAttribute('aria-invalid', 'true');
  await expect(rpm).toHaveAccessibleDescription('Requests per minute must be a whole number above 0.');
  await expect(dialog.getByRole('alert')).toHaveText(/2 fields need a change/);

  // Fixing a field clears its mark; a valid form saves.
  await perAgent.fill('3');
  await expect(perAgent).not.toHaveAttribute('aria-invalid', 'true');
  await rpm.fill('');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
});

test('settings: the agents\' settings (agents at once, compaction, where agents work, worktree paths, re-read cache) are saved', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const dialog = app.getByRole('dialog', { name: 'Settings' });
  await expect(dialog.getByLabel('Agents at once')).toHaveValue('5');
  await dialog.getByLabel('Agents at once').fill('3');
  await dialog.getByLabel('Compact at (tokens)').fill('120000');
  await dialog.getByLabel('Agents work in').selectOption('worktree');
  await dialog.getByLabel('Link into worktrees').fill('node_modules');
  await dialog.getByLabel(/re-read of an unchanged file/).uncheck();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await app.getByRole('button', { name: 'Settings' }).click();
  await expect(dialog.getByLabel('Agents at once')).toHaveValue('3');
  await expect(dialog.getByLabel('Compact at (tokens)')).toHaveValue('120000');
  await expect(dialog.getByLabel('Agents work in')).toHaveValue('worktree');
  await expect(dialog.getByLabel('Link into worktrees')).toHaveValue('node_modules');
  await expect(dialog.getByLabel(/re-read of an unchanged file/)).not.toBeChecked();
  // The Composer's "Works in" follows the new default.
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+I');
  await expect(app.getByRole('dialog', { name: 'Composer' }).getByRole('combobox', { name: 'Works in' }).locator('option').first()).toHaveText('Default (its own git worktree)');

  // Agents at once cannot be empty.
  await app.keyboard.press('Escape');
  await app.getByRole('button', { name: 'Settings' }).click();
  await dialog.getByLabel('Agents at once').fill('');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByLabel('Agents at once')).toHaveAccessibleDescription('Agents at once must be a whole number from 1 to 64.');
});
