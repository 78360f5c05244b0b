// Starting agents from the Composer and watching them run to the end.

import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

test('the empty workspace says what to do', async ({ app }) => {
  await expect(app.getByText('No agents yet: press Ctrl+I to start one.')).toBeVisible();
  await expect(app.getByRole('list', { name: 'Background Agents' })).toBeVisible();
  // An empty Inbox takes no space (issue 9, defect 9).
  await expect(app.getByRole('complementary', { name: 'Inbox' })).toHaveCount(0);
  await expect(app.getByRole('tree', { name: 'Explorer' }).getByRole('treeitem', { name: 'README.md' })).toBeVisible();
  await screenshot(app, 'empty-workspace');
});

test('Ctrl+I opens the Composer; a background agent runs to Completed with live counters', async ({ app }) => {
  const composer = await startAgentFromComposer(app, '[scenario:complete] Make the greeting excited', 'background');
  await expect(composer).toBeHidden();

  const row = agentRow(app, 'Make the greeting excited');
  await expect(row).toHaveCount(1);
  await expect(row.getByText('Running')).toBeVisible();
  await row.getByRole('button').first().click();
  const stream = app.getByRole('log', { name: 'Agent output' });
  await expect(stream.getByText('I will read the README first')).toBeVisible();
  await expect(row).toContainText(/[1-9]\d* steps?/);
  await screenshot(app, 'agent-running');

  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText('3 steps');
  await expect(row).toContainText('4 premium requests');
  await expect(row.locator('[data-counter="cost"]')).toHaveAttribute('title', /\$\d/);
  await app.getByRole('tab', { name: 'Stream' }).click();
  await expect(stream.getByText('Done: the greeting now ends with an exclamation mark.')).toBeVisible();
  await expect(stream.getByText('$ cat src/app.js')).toBeVisible();
  await screenshot(app, 'agent-completed-stream');
});

test("the Composer's model picker offers the models the API lists", async ({ app }) => {
  await app.keyboard.press('Control+i');
  const composer = app.getByRole('dialog', { name: 'Composer' });
  const picker = composer.getByRole('combobox', { name: 'Model' });
  // A dated id the fake API lists, which the built-in fallback list does not have.
  await expect(picker.locator('option', { hasText: 'claude-haiku-4-5-20251001' })).toHaveCount(1);
  await picker.selectOption('claude-haiku-4-5-20251001');
  await expect(picker).toHaveValue('claude-haiku-4-5-20251001');
});
