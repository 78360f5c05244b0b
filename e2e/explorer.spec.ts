// The Explorer with a folder of 20,000 entries: only the rows in view are in
// the page, the tree keeps its roles (tree, treeitem with level, position and
// set size), and the keyboard moves through it, scrolling as it goes.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './fixtures/offloadTest.js';

const ENTRIES = 20_000;
const nameOf = (i: number) => `entry-${String(i).padStart(5, '0')}.txt`;

function explorer(app: Page) {
  return app.getByRole('tree', { name: 'Explorer' });
}

test('a folder of 20,000 entries renders only the rows in view, and the keyboard walks the tree', async ({ app, host }) => {
  const many = join(host.workspace, 'many');
  mkdirSync(many);
  for (let i = 0; i < ENTRIES; i++) writeFileSync(join(many, nameOf(i)), '');
  const tree = explorer(app);
  // The root is watched: the new folder shows up without a reload.
  const folder = tree.getByRole('treeitem', { name: 'many', exact: true });
  await expect(folder).toBeVisible({ timeout: 30_000 });
  await expect(folder).toHaveAttribute('aria-level', '1');
  await expect(folder).toHaveAttribute('aria-expanded', 'false');
  await folder.getByRole('button').click();
  await expect(folder).toHaveAttribute('aria-expanded', 'true');

  const first = tree.getByRole('treeitem', { name: nameOf(0) });
  await expect(first).toBeVisible({ timeout: 30_000 });
  await expect(first).toHaveAttribute('aria-level', '2');
  await expect(first).toHaveAttribute('aria-setsize', String(ENTRIES));
  await expect(first).toHaveAttribute('aria-posinset', '1');
  // Only what is in view (plus a few above and below) is in the page.
  const rendered = await tree.getByRole('treeitem').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(200);
  await screenshot(app, 'explorer-20000');

  // Keyboard: one Tab stop; Down moves to the next row, End to the tree's last row, Up back into the folder's end.
  await first.getByRole('button').focus();
  await app.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: nameOf(1) }).getByRole('button')).toBeFocused();
  await app.keyboard.press('End');
  // (Folders first, then files: many/ and its entries, src/, README.md, package.json.)
  await expect(tree.getByRole('treeitem', { name: 'package.json' }).getByRole('button')).toBeFocused();
  for (const name of ['README.md', 'src']) {
    await app.keyboard.press('ArrowUp');
    await expect(tree.getByRole('treeitem', { name, exact: true }).getByRole('button')).toBeFocused();
  }
  await app.keyboard.press('ArrowUp');
  const last = tree.getByRole('treeitem', { name: nameOf(ENTRIES - 1) });
  await expect(last.getByRole('button')).toBeFocused();
  await expect(last).toBeInViewport();
  await expect(last).toHaveAttribute('aria-posinset', String(ENTRIES));
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(200);
  await expect(tree.getByRole('treeitem', { name: nameOf(0) })).toHaveCount(0);
  // Left on a file goes to its folder; Left again closes it; Right opens it.
  await app.keyboard.press('ArrowLeft');
  await expect(folder.getByRole('button')).toBeFocused();
  await expect(folder).toBeInViewport();
  await app.keyboard.press('ArrowLeft');
  await expect(folder).toHaveAttribute('aria-expanded', 'false');
  await expect(tree.getByRole('treeitem', { name: nameOf(ENTRIES - 1) })).toHaveCount(0);
  await app.keyboard.press('ArrowRight');
  await expect(folder).toHaveAttribute('aria-expanded', 'true');
  await app.keyboard.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: nameOf(0) }).getByRole('button')).toBeFocused();
  // Enter on a file opens it.
  await app.keyboard.press('Enter');
  await expect(app.getByRole('tablist', { name: 'Editors' }).getByRole('tab', { name: nameOf(0) })).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Home');
  await expect(tree.getByRole('treeitem').first().getByRole('button')).toBeFocused();
});
