// The editor shell: reading files, themes, keyboard, notifications.

import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

test('click a file to read it in the editor; folders open in place', async ({ app }) => {
  const tree = app.getByRole('tree', { name: 'Explorer' });
  await tree.getByRole('treeitem', { name: 'src' }).getByRole('button').click();
  await tree.getByRole('treeitem', { name: 'app.js' }).getByRole('button').click();
  const main = app.getByRole('main');
  await expect(main.getByRole('tablist', { name: 'Editors' }).getByRole('tab', { name: 'app.js' })).toHaveAttribute('aria-selected', 'true');
  await expect(main.locator('.monaco-editor .view-lines')).toContainText('export function greet');
  await screenshot(app, 'file-view');
});

test('dark theme follows the system, Monaco too', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await app.getByRole('tree', { name: 'Explorer' }).getByRole('treeitem', { name: 'README.md' }).getByRole('button').click();
  await expect(app.locator('.monaco-editor.vs-dark')).toBeVisible();
  const background = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(30, 31, 34)');
  await screenshot(app, 'dark-theme');
});

test('keyboard: the Composer opens focused on its prompt; Escape closes it', async ({ app }) => {
  await app.keyboard.press('Control+I');
  const composer = app.getByRole('dialog', { name: 'Composer' });
  await expect(composer.getByRole('textbox', { name: 'Prompt' })).toBeFocused();
  await expect(composer.getByRole('combobox', { name: 'Model' })).toBeVisible();
  await expect(composer.getByRole('textbox', { name: 'Done when' })).toBeVisible();
  await expect(composer.getByRole('textbox', { name: 'Scope' })).toBeVisible();
  await screenshot(app, 'composer');
  await app.keyboard.press('Escape');
  await expect(composer).toBeHidden();
});

test('a notification when an agent pauses; clicking it opens the pending item', async ({ app }) => {
  await app.evaluate(() => {
    // A stand-in Notification that records what the page shows (headless Chromium shows none).
    const shown: { title: string; onclick: (() => void) | null }[] = [];
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(readonly title: string) {
        shown.push(this);
      }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
    (window as unknown as { shownNotifications: unknown }).shownNotifications = shown;
  });
  await startAgentFromComposer(app, '[scenario:question] Ask me something');
  await expect(agentRow(app, 'Ask me something').getByText('Paused - needs input')).toBeVisible({ timeout: 30_000 });
  const titles = await app.evaluate(() => (window as unknown as { shownNotifications: { title: string }[] }).shownNotifications.map((n) => n.title));
  expect(titles.some((t) => t.endsWith('needs input'))).toBe(true);

  await app.evaluate(() => {
    const shown = (window as unknown as { shownNotifications: { title: string; onclick: () => void }[] }).shownNotifications;
    shown.find((n) => n.title.endsWith('needs input'))!.onclick();
  });
  await expect(app.getByRole('main').getByRole('textbox', { name: 'Answer' })).toBeFocused();
});
