// The review as a person uses it (issue 9, defect 12 and what a Cursor user
// expects): diffs sized to what they show, hunk actions beside their hunk with
// numbers that stay put, Reject All, and checkpoints with "Undo to here".

import type { Page } from '@playwright/test';
import { test, expect, startAgentFromComposer, agentRow } from './fixtures/offloadTest.js';

async function openReview(page: Page, prompt: string) {
  await startAgentFromComposer(page, `[scenario:review] ${prompt}`);
  const row = agentRow(page, prompt);
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();
  await page.getByRole('tab', { name: 'Review' }).click();
  return page.getByRole('region', { name: 'Review' });
}

test('defect 12: the diff is as tall as what it shows; hunk actions sit beside their hunk and keep their numbers', async ({ app, host }) => {
  const review = await openReview(app, 'Two hunks and a note');
  const appFile = review.getByRole('region', { name: 'src/app.js' });
  const diff = appFile.getByRole('group', { name: 'Changes to src/app.js, side by side' });
  await expect(appFile.locator('.monaco-diff-editor')).toBeVisible();
  await expect(appFile.getByRole('button', { name: 'Accept hunk 2' })).toBeVisible();

  // Beside: each hunk's buttons are inside the diff, hunk 1's above hunk 2's.
  const inside = async (name: string) => {
    const [b, d] = [await appFile.getByRole('button', { name }).boundingBox(), await diff.boundingBox()];
    return b!.y >= d!.y && b!.y + b!.height <= d!.y + d!.height + 1;
  };
  expect(await inside('Accept hunk 1')).toBe(true);
  expect(await inside('Accept hunk 2')).toBe(true);
  const y1 = (await appFile.getByRole('button', { name: 'Accept hunk 1' }).boundingBox())!.y;
  const y2 = (await appFile.getByRole('button', { name: 'Accept hunk 2' }).boundingBox())!.y;
  expect(y1).toBeLessThan(y2);

  // Sized to what it shows: no blank band under the last visible line.
  await expect
    .poll(() =>
      diff.evaluate((el) => {
        const lines = [...el.querySelectorAll<HTMLElement>('.editor.modified .view-line')];
        const lastBottom = Math.max(...lines.map((line) => line.getBoundingClientRect().bottom));
        return el.getBoundingClientRect().bottom - lastBottom;
      }),
    )
    .toBeLessThan(24);

  // Stable identity: after hunk 1 is accepted, the other is still "hunk 2".
  await appFile.getByRole('button', { name: 'Accept hunk 1' }).click();
  await expect(appFile.getByRole('button', { name: 'Accept hunk 1' })).toHaveCount(0);
  await expect(appFile.getByRole('button', { name: 'Reject hunk 2' })).toBeVisible();
  await appFile.getByRole('button', { name: 'Reject hunk 2' }).click();
  await expect.poll(() => host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 1;');
  expect(host.readWorkspaceFile('src/app.js')).toContain("name + '!'");
});

test('Reject All puts every file back', async ({ app, host }) => {
  const review = await openReview(app, 'Changes to throw away');
  await review.getByRole('button', { name: 'Reject All' }).click();
  await expect(review.getByText('Nothing to review')).toBeVisible();
  expect(host.readWorkspaceFile('NOTES.md')).toBeNull();
  expect(host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 1;');
  await expect(app.getByRole('tab', { name: 'Review' })).toHaveText('Review');
});

test('checkpoints list the steps that changed files; "Undo to here" goes back to one', async ({ app, host }) => {
  await openReview(app, 'Three steps to undo');
  const checkpoints = app.getByRole('region', { name: 'Checkpoints' });
  await expect(checkpoints.getByRole('listitem')).toHaveCount(3);
  await checkpoints.getByRole('listitem').first().getByRole('button', { name: 'Undo to here' }).click();
  // The review drops NOTES.md once the undo has finished; files are restored one after another
  // (NOTES.md before src/app.js), so the disk is read only then.
  await expect(app.getByRole('region', { name: 'Review' }).getByRole('region', { name: 'NOTES.md' })).toHaveCount(0);
  await expect(checkpoints.getByRole('listitem')).toHaveCount(1);
  expect(host.readWorkspaceFile('NOTES.md')).toBeNull();
  expect(host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 1;');
  expect(host.readWorkspaceFile('src/app.js')).toContain("name + '!'");
});
