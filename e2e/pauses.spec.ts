// Agents that wait for a person: a question to answer, a command to approve,
// reject, or edit and run; from the agent's view and from the Inbox.

import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

test('answer a question from the agent view', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:question] Style the button');
  const row = agentRow(app, 'Style the button');
  await expect(row.getByText('Paused - needs input')).toBeVisible({ timeout: 30_000 });

  const inbox = app.getByRole('complementary', { name: 'Inbox' });
  await expect(inbox.getByText('Which color should the button be?')).toBeVisible();

  await row.getByRole('button').first().click();
  const view = app.getByRole('main');
  await expect(view.getByText('Which color should the button be?').last()).toBeVisible();
  await screenshot(app, 'paused-for-input');
  await view.getByRole('textbox', { name: 'Answer' }).fill('Blue, please');
  await view.getByRole('button', { name: 'Send' }).click();

  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(inbox.getByText('Which color should the button be?')).toBeHidden();
  await expect(app.getByRole('log', { name: 'Agent output' }).getByText('Answered: Blue, please')).toBeVisible();
});

test('approve a command from the Inbox', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:approve] Create the marker file');
  const row = agentRow(app, 'Create the marker file');
  await expect(row.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });

  const item = app.getByRole('complementary', { name: 'Inbox' }).getByRole('listitem');
  await expect(item.getByText('touch approved.txt')).toBeVisible();
  await screenshot(app, 'inbox-approval');
  await item.getByRole('button', { name: 'Approve' }).click();

  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  expect(host.readWorkspaceFile('approved.txt')).toBe('');
});

test('reject a command', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:reject] Maybe create a file');
  const row = agentRow(app, 'Maybe create a file');
  await expect(row.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();
  const view = app.getByRole('main');
  await expect(view.getByLabel('Command to approve')).toHaveText('touch rejected.txt');
  await screenshot(app, 'paused-for-approval');
  await view.getByRole('button', { name: 'Reject' }).click();

  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  expect(host.readWorkspaceFile('rejected.txt')).toBeNull();
});

test('edit a command, then run the edited one', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:edit] Create a file, with edits');
  const row = agentRow(app, 'Create a file, with edits');
  await expect(row.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();
  const view = app.getByRole('main');
  await view.getByRole('button', { name: 'Edit and Run' }).click();
  const command = view.getByRole('textbox', { name: 'Command' });
  await expect(command).toHaveValue('touch original.txt');
  await command.fill('touch edited.txt');
  await view.getByRole('button', { name: 'Run', exact: true }).click();

  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  expect(host.readWorkspaceFile('edited.txt')).toBe('');
  expect(host.readWorkspaceFile('original.txt')).toBeNull();
});
