// Issue 9, defect 10: "the tree and tabs ignore arrow keys". The editor's
// tabs and the terminal's tabs follow the WAI-ARIA tabs pattern
// (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): the tab list is one Tab
// stop (the selected tab); Left/Right (wrapping), Home and End select and focus.

import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures/offloadTest.js';

async function openFile(app: Page, name: string) {
  await app.getByRole('tree', { name: 'Explorer' }).getByRole('treeitem', { name }).getByRole('button').click();
  await expect(app.getByRole('tablist', { name: 'Editors' }).getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** The tab that has focus now, by its accessible name. */
async function expectFocusedSelected(tab: Locator) {
  await expect(tab).toBeFocused();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
}

test('defect 10: the editor tabs are one Tab stop; Left/Right, Home and End move between the open files', async ({ app }) => {
  await openFile(app, 'README.md');
  await openFile(app, 'package.json');
  const editors = app.getByRole('tablist', { name: 'Editors' });
  const readme = editors.getByRole('tab', { name: 'README.md' });
  const pkg = editors.getByRole('tab', { name: 'package.json' });
  await pkg.focus();

  await app.keyboard.press('ArrowLeft');
  await expectFocusedSelected(readme);
  await expect(pkg).toHaveAttribute('aria-selected', 'false');
  await app.keyboard.press('ArrowLeft'); // wraps to the last
  await expectFocusedSelected(pkg);
  await app.keyboard.press('Home');
  await expectFocusedSelected(readme);
  await app.keyboard.press('End');
  await expectFocusedSelected(pkg);
  await app.keyboard.press('ArrowRight'); // wraps to the first
  await expectFocusedSelected(readme);

  // One Tab stop: only the selected tab is in the Tab order, and Tab leaves the list.
  await expect(pkg).toHaveAttribute('tabindex', '-1');
  await expect(readme).toHaveAttribute('tabindex', '0');
  await app.keyboard.press('Tab');
  await expect(editors.getByRole('tab').and(app.locator(':focus'))).toHaveCount(0);
});

test('defect 10: the terminal tabs take Left/Right, Home and End', async ({ app }) => {
  await app.getByRole('button', { name: 'Terminal', exact: true }).click();
  const panel = app.getByRole('region', { name: 'Terminal' });
  await expect(panel.getByRole('button', { name: 'Kill Terminal' })).toBeEnabled();
  await panel.getByRole('button', { name: 'New Terminal' }).click();
  const tabs = panel.getByRole('tablist', { name: 'Terminals' }).getByRole('tab');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await tabs.nth(1).focus();

  await app.keyboard.press('ArrowLeft');
  await expectFocusedSelected(tabs.nth(0));
  await app.keyboard.press('End');
  await expectFocusedSelected(tabs.nth(1));
  await app.keyboard.press('ArrowRight');
  await expectFocusedSelected(tabs.nth(0));
  await expect(tabs.nth(1)).toHaveAttribute('tabindex', '-1');
});
