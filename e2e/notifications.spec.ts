// Notifications (issue 9, defect 2): one per real transition, never for the
// action the person just took. The page's Notification API is replaced by a
// recorder before the app loads (the permission model of
// https://developer.mozilla.org/en-US/docs/Web/API/Notification: a page may
// notify only when Notification.permission is "granted").

import { test, expect, agentRow, startAgentFromComposer } from './fixtures/offloadTest.js';

test('defect 2: answering, approving and rejecting fire no second "needs" notification', async ({ page, host }) => {
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
  await page.goto(host.url);
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
  const shown = () => page.evaluate(() => (window as unknown as { __notifications: { title: string; body: string }[] }).__notifications.map((n) => `${n.title} | ${n.body}`));

  await startAgentFromComposer(page, '[scenario:approve] Approve me');
  const approveRow = agentRow(page, 'Approve me');
  await expect(approveRow.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  const inbox = page.getByRole('complementary', { name: 'Inbox' });
  await inbox.getByRole('button', { name: 'Approve' }).click();
  await expect(approveRow.getByText('Completed')).toBeVisible({ timeout: 30_000 });

  await startAgentFromComposer(page, '[scenario:question] Ask me');
  const askRow = agentRow(page, 'Ask me');
  await expect(askRow.getByText('Paused - needs input')).toBeVisible({ timeout: 30_000 });
  await inbox.getByRole('textbox', { name: 'Answer' }).fill('Green');
  await inbox.getByRole('textbox', { name: 'Answer' }).press('Enter');
  await expect(askRow.getByText('Completed')).toBeVisible({ timeout: 30_000 });

  await startAgentFromComposer(page, '[scenario:reject] Reject me');
  const rejectRow = agentRow(page, 'Reject me');
  await expect(rejectRow.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  await inbox.getByRole('button', { name: 'Reject' }).click();
  await expect(rejectRow.getByText('Completed')).toBeVisible({ timeout: 30_000 });

  const names = await Promise.all([approveRow, askRow, rejectRow].map((r) => r.getAttribute('aria-label')));
  // Settle: any late notification would show up here.
  await page.waitForTimeout(500);
  const seen = await shown();
  expect(seen.map((line) => line.split(' | ')[0])).toEqual([
    `${names[0]} needs approval`,
    `${names[0]} completed`,
    `${names[1]} needs input`,
    `${names[1]} completed`,
    `${names[2]} needs approval`,
    `${names[2]} completed`,
  ]);
  expect(seen[0]).toBe(`${names[0]} needs approval | touch approved.txt`);
  expect(seen[2]).toBe(`${names[1]} needs input | Which color should the button be?`);
  expect(seen[4]).toBe(`${names[2]} needs approval | touch rejected.txt`);
});
