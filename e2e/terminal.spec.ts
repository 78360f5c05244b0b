// The integrated terminal: the person's own shell in the workspace, in the
// shell's bottom panel, against the real `offload serve`.

import { test, expect, screenshot } from './fixtures/offloadTest.js';
import type { Page } from '@playwright/test';

/** What xterm.js shows: the text of its rendered rows. */
function terminalRows(page: Page) {
  return page.getByRole('region', { name: 'Terminal' }).locator('.xterm-rows');
}

test('open the terminal with the button, run a command, see its output', async ({ app, host }) => {
  await app.getByRole('button', { name: 'Terminal', exact: true }).click();
  const panel = app.getByRole('region', { name: 'Terminal' });
  await expect(panel).toBeVisible();
  // xterm's own input is focused and named, so typing (and screen readers) reach the shell.
  const input = panel.getByRole('textbox', { name: 'Terminal input' });
  await expect(input).toBeFocused();

  await app.keyboard.type('echo offload-$((40+2)) && pwd');
  await app.keyboard.press('Enter');
  // Only the shell's answer contains "offload-42" (the typed line shows "$((40+2))").
  await expect(terminalRows(app)).toContainText('offload-42');
  await expect(terminalRows(app)).toContainText(host.workspace.split('/').pop()!);
  await screenshot(app, 'terminal');
});

test('Ctrl+` hides and shows the panel; the shell keeps running meanwhile', async ({ app }) => {
  await app.keyboard.press('Control+Backquote');
  const panel = app.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByRole('textbox', { name: 'Terminal input' })).toBeFocused();
  await app.keyboard.type('export OFFLOAD_MARK=kept-$((6*7))');
  await app.keyboard.press('Enter');

  // Ctrl+` from inside the terminal goes to the shell's panel, not to the shell.
  await app.keyboard.press('Control+Backquote');
  await expect(panel).toBeHidden();
  await expect(app.getByRole('button', { name: 'Terminal', exact: true })).toHaveAttribute('aria-pressed', 'false');

  await app.keyboard.press('Control+Backquote');
  await expect(panel).toBeVisible();
  await app.keyboard.type('echo "mark=$OFFLOAD_MARK"');
  await app.keyboard.press('Enter');
  await expect(terminalRows(app)).toContainText('mark=kept-42');
});

test('Kill Terminal ends the shell; New Terminal starts another; dark theme follows the system', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'dark' });
  await app.getByRole('button', { name: 'Terminal', exact: true }).click();
  const panel = app.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByRole('button', { name: 'Kill Terminal' })).toBeEnabled();
  await panel.getByRole('button', { name: 'Kill Terminal' }).click();
  await expect(terminalRows(app)).toContainText('[Process ended]');
  await expect(panel.getByRole('button', { name: 'Kill Terminal' })).toBeDisabled();

  await panel.getByRole('button', { name: 'New Terminal' }).click();
  await expect(panel.getByRole('button', { name: 'Kill Terminal' })).toBeEnabled();
  await expect(terminalRows(app)).not.toContainText('[Process ended]');
  await app.keyboard.type('echo again-$((1+1))');
  await app.keyboard.press('Enter');
  await expect(terminalRows(app)).toContainText('again-2');
  // The dark palette: light text on the shell's dark background, with no black band around it.
  const colors = await panel.locator('.xterm-rows').evaluate((rows) => ({
    text: getComputedStyle(rows).color,
    viewport: getComputedStyle(rows.closest('.xterm')!.querySelector('.xterm-viewport')!).backgroundColor,
  }));
  expect(colors).toEqual({ text: 'rgb(223, 225, 229)', viewport: 'rgb(30, 31, 34)' });
  await screenshot(app, 'terminal-dark');
});

test('several terminal tabs; their shells and output survive a page reload while the host runs', async ({ app }) => {
  await app.getByRole('button', { name: 'Terminal', exact: true }).click();
  const panel = app.getByRole('region', { name: 'Terminal' });
  const shown = () => panel.locator('.xterm-rows').filter({ visible: true });
  await expect(panel.getByRole('button', { name: 'Kill Terminal' })).toBeEnabled();
  await app.keyboard.type('export TAB_MARK=first-$((2*3))');
  await app.keyboard.press('Enter');

  await panel.getByRole('button', { name: 'New Terminal' }).click();
  const tabs = panel.getByRole('tablist', { name: 'Terminals' }).getByRole('tab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByRole('button', { name: 'Kill Terminal' })).toBeEnabled();
  await app.keyboard.type('echo second-$((3*3)) "[$TAB_MARK]"');
  await app.keyboard.press('Enter');
  await expect(shown()).toContainText('second-9 []');

  await app.reload();
  await expect(app.getByText('Connected', { exact: true })).toBeVisible();
  await app.keyboard.press('Control+Backquote');
  await expect(tabs).toHaveCount(2);
  // The second shell's earlier output is drawn again, and it still answers.
  await expect(shown()).toContainText('second-9 []');
  await tabs.nth(0).click();
  await panel.locator('.terminal-body:not([hidden]) .xterm').click();
  await app.keyboard.type('echo "again:$TAB_MARK"');
  await app.keyboard.press('Enter');
  await expect(shown()).toContainText('again:first-6');
  await screenshot(app, 'terminal-tabs');
});

// The editor's version of this failed CI once (editor.spec.ts): a view that focuses itself when it is
// ready must not take the keys from where the person went meanwhile, least of all into a shell.
test('a terminal still starting does not take the keyboard from the search box the person moved to', async ({ app }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await app.route(/\/assets\/TerminalView-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await app.getByRole('button', { name: 'Terminal', exact: true }).click();
  await app.keyboard.press('Control+Shift+F');
  const search = app.getByRole('region', { name: 'Search' }).getByRole('searchbox', { name: 'Search' });
  await expect(search).toBeFocused();
  await app.keyboard.type('DEMO');
  release();
  const panel = app.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByRole('textbox', { name: 'Terminal input' })).toBeAttached();
  await expect(terminalRows(app)).not.toHaveText(/^\s*$/);
  await app.keyboard.type(' PROJECT');
  await expect(search).toHaveValue('DEMO PROJECT');
  await expect(search).toBeFocused();
  await expect(terminalRows(app)).not.toContainText('PROJECT');
});
