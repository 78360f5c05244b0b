// Reviewing an agent's changes: side-by-side diffs, per file and per hunk.

import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

test('review: accept a file, reject a hunk, accept the rest', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:review] Bump the version and add notes');
  const row = agentRow(app, 'Bump the version and add notes');
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();

  const main = app.getByRole('main');
  await expect(main.getByRole('tab', { name: 'Review', exact: true })).toHaveAttribute('aria-selected', 'true');
  const summary = main.getByRole('region', { name: 'Summary' });
  await expect(summary.getByText('src/app.js')).toBeVisible();
  await expect(summary.getByText('NOTES.md')).toBeVisible();

  const appFile = main.getByRole('region', { name: 'src/app.js' });
  const notes = main.getByRole('region', { name: 'NOTES.md' });
  await expect(appFile.locator('.monaco-diff-editor')).toBeVisible();
  await expect(appFile.getByRole('button', { name: 'Accept hunk 2' })).toBeVisible();
  await screenshot(app, 'review');

  await notes.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(notes).toHaveCount(0);
  expect(host.readWorkspaceFile('NOTES.md')).toContain('Written by the agent.');

  await appFile.getByRole('button', { name: 'Reject hunk 2' }).click();
  await expect(appFile.getByRole('button', { name: 'Reject hunk 2' })).toHaveCount(0);
  await expect.poll(() => host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 1;');
  expect(host.readWorkspaceFile('src/app.js')).toContain("name + '!'");

  await main.getByRole('button', { name: 'Accept All' }).click();
  await expect(main.getByText('Nothing to review')).toBeVisible();
  expect(host.readWorkspaceFile('src/app.js')).toContain("name + '!'");
});

test('review: reject a file with feedback', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:review] Edit and explain');
  const row = agentRow(app, 'Edit and explain');
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();

  const notes = app.getByRole('main').getByRole('region', { name: 'NOTES.md' });
  await notes.getByRole('button', { name: 'Reject with Feedback' }).click();
  const dialog = app.getByRole('dialog', { name: 'Reject with Feedback' });
  await dialog.getByRole('textbox', { name: 'Feedback' }).fill('No notes file, please.');
  await screenshot(app, 'reject-with-feedback');
  await dialog.getByRole('button', { name: 'Reject and Send Feedback' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => host.readWorkspaceFile('NOTES.md')).toBeNull();
  await expect.poll(() => host.fake.requests.some((r) => JSON.stringify(r.body.messages).includes('No notes file, please.')), { timeout: 30_000 }).toBe(true);
});

test('review works while an agent is still running', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:review-partial] Partial progress');
  const row = agentRow(app, 'Partial progress');
  await row.getByRole('button').first().click();
  const main = app.getByRole('main');
  await main.getByRole('tab', { name: 'Review', exact: true }).click();
  const file = main.getByRole('region', { name: 'src/app.js' });
  await expect(file).toBeVisible({ timeout: 30_000 });
  // The agent is still at work (its next model turn takes 20 s) while its first change is reviewed.
  await expect(row.getByText('Running')).toBeVisible();
  await file.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(file).toBeHidden();
  await expect.poll(() => host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 1;');
  await expect(row.getByText('Running')).toBeVisible();
});
