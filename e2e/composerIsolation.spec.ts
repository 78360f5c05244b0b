// The Composer's "Works in" choice (issue 15's worktree isolation, seen from
// the UI, issue 9): an agent sent to its own git worktree says so in its
// stream, leaves the person's working tree alone, and its change reaches that
// tree only when accepted in the review.

import { rmSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, agentRow } from './fixtures/offloadTest.js';

/** Sends a background agent from the Composer with "Works in: its own git worktree". */
async function sendToWorktree(app: Page, prompt: string) {
  await app.keyboard.press('Control+I');
  const composer = app.getByRole('dialog', { name: 'Composer' });
  await composer.getByRole('textbox', { name: 'Prompt' }).fill(prompt);
  await composer.getByRole('switch', { name: 'Background' }).check();
  await composer.getByRole('combobox', { name: 'Works in' }).selectOption('worktree');
  await composer.getByRole('button', { name: 'Send' }).click();
}

test('"Works in: its own git worktree": the stream says where it works; the change reaches the working tree on Accept', async ({ app, host }) => {
  const before = host.readWorkspaceFile('src/app.js');
  await sendToWorktree(app, '[scenario:review] Change things in a worktree');
  const row = agentRow(app, 'Change things in a worktree');
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();
  await app.getByRole('tab', { name: 'Stream' }).click();
  await expect(app.getByRole('log', { name: 'Agent output' }).getByText(/^Working in its own worktree: /)).toBeVisible();
  // The person's tree is untouched until the review says so.
  expect(host.readWorkspaceFile('src/app.js')).toBe(before);
  expect(host.readWorkspaceFile('NOTES.md')).toBeNull();

  await app.getByRole('tab', { name: 'Review' }).click();
  const file = app.getByRole('region', { name: 'Review' }).getByRole('region', { name: 'src/app.js' });
  await file.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(file).toHaveCount(0);
  await expect.poll(() => host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 2;');
  expect(host.readWorkspaceFile('NOTES.md')).toBeNull();
});

test("an agent whose worktree is deleted under it fails, and its summary still names the file it wrote (from its log)", async ({ app }) => {
  await sendToWorktree(app, '[scenario:vanish] Write notes in a worktree');
  const row = agentRow(app, 'Write notes in a worktree');
  await expect(row.getByText('Paused - needs input')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();
  await app.getByRole('tab', { name: 'Stream' }).click();
  const where = await app.getByRole('log', { name: 'Agent output' }).getByText(/^Working in its own worktree: /).textContent();
  const worktree = where!.replace(/^Working in its own worktree: /, '').trim();
  rmSync(worktree, { recursive: true, force: true });

  await app.getByRole('textbox', { name: 'Answer' }).first().fill('Go on');
  await app.getByRole('textbox', { name: 'Answer' }).first().press('Enter');
  await expect(row.getByText('Failed')).toBeVisible({ timeout: 30_000 });
  await app.getByRole('tab', { name: 'Review' }).click();
  const summary = app.getByRole('region', { name: 'Summary' });
  await expect(summary.getByText('The workspace could not be read when the agent ended; its log names these files:')).toBeVisible();
  await expect(summary.getByText('NOTES.md', { exact: true })).toBeVisible();
});
