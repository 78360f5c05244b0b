// The agents UI around the stream (issue 9, defects 6, 7, 9, 10, 11 and what
// a Cursor user expects): live review counts, the interactive session as a
// panel, the resizable layout, the keyboard, revealing a new agent.

import type { Page } from '@playwright/test';
import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

async function openRow(page: Page, text: string, status: string) {
  const row = agentRow(page, text);
  await expect(row.getByText(status)).toBeVisible({ timeout: 30_000 });
  await row.getByRole('button').first().click();
  return row;
}

test('defect 6: the summary and the Review count follow the review, live', async ({ app }) => {
  // After rejecting every file: nothing left, in the summary and in the tab.
  await startAgentFromComposer(app, '[scenario:review] Make three changes');
  await openRow(app, 'Make three changes', 'Completed');
  const tab = app.getByRole('tab', { name: 'Review' });
  await expect(tab).toHaveText('Review (2)');
  await tab.click();
  const review = app.getByRole('region', { name: 'Review' });
  for (const path of ['src/app.js', 'NOTES.md']) {
    await review.getByRole('region', { name: path }).getByRole('button', { name: 'Reject', exact: true }).click();
    await expect(review.getByRole('region', { name: path })).toHaveCount(0);
  }
  const summary = app.getByRole('region', { name: 'Summary' });
  await expect(summary.getByText('None left to review.')).toBeVisible();
  await expect(tab).toHaveText('Review');

  // While running (a second agent): the file under review is in the summary and the tab's count.
  await startAgentFromComposer(app, '[scenario:review-partial] Change the version, then think');
  const running = agentRow(app, 'Change the version, then think');
  await expect(running.getByText('Running')).toBeVisible({ timeout: 30_000 });
  await running.getByRole('button').first().click();
  await expect(tab).toHaveText('Review (1)', { timeout: 30_000 });
  await tab.click();
  await expect(summary.getByText('src/app.js')).toBeVisible();
  await expect(summary.getByText('None yet.')).toHaveCount(0);
});

test('defect 7: an interactive session is a panel with a follow-up box; the editor stays usable; Move to background works', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:question] Pick a colour with me', 'interactive');
  await expect(app.getByRole('dialog', { name: 'Composer' })).toBeHidden();
  const session = app.getByRole('region', { name: 'Interactive session' });
  await expect(session.getByRole('log', { name: 'Session output' }).getByText('Pick a colour with me')).toBeVisible({ timeout: 30_000 });
  // The editor is not blocked: a file opens while the session shows.
  await app.getByRole('tree', { name: 'Explorer' }).getByRole('treeitem', { name: 'README.md' }).getByRole('button').click();
  await expect(app.getByRole('tablist', { name: 'Editors' }).getByRole('tab', { name: /^README\.md/ })).toBeVisible();

  await session.getByRole('textbox', { name: 'Answer' }).fill('Teal');
  await session.getByRole('textbox', { name: 'Answer' }).press('Enter');
  const status = session.locator('header').getByText('Completed');
  await expect(status).toBeVisible({ timeout: 30_000 });
  const followUp = session.getByRole('textbox', { name: 'Follow-up' });
  await followUp.fill('Now make it darker');
  await session.getByRole('button', { name: 'Send follow-up' }).click();
  await expect(session.getByRole('log', { name: 'Session output' }).getByText('Now make it darker')).toBeVisible({ timeout: 30_000 });
  await expect(status).toBeVisible({ timeout: 30_000 });
  await screenshot(app, 'session-panel');

  await session.getByRole('button', { name: 'Session menu' }).click();
  await app.getByRole('menuitem', { name: 'Move to background' }).click();
  await expect(session).toHaveCount(0);
  await expect(agentRow(app, 'Pick a colour with me')).toHaveCount(1);
});

test('defect 9: at 800x600 nothing collapses; panels resize and remember their sizes; an empty Inbox takes no space', async ({ app }) => {
  await app.setViewportSize({ width: 800, height: 600 });
  await expect(app.getByRole('complementary', { name: 'Inbox' })).toHaveCount(0);
  await startAgentFromComposer(app, '[scenario:approve] Wait for my approval');
  await openRow(app, 'Wait for my approval', 'Paused - needs approval');
  const inbox = app.getByRole('complementary', { name: 'Inbox' });
  await expect(inbox).toBeVisible();
  const log = app.getByRole('log', { name: 'Agent output' });
  for (const [what, locator, min] of [
    ['stream', log, 120],
    ['sidebar', app.getByRole('navigation', { name: 'Sidebar' }), 110],
    ['inbox', inbox, 110],
  ] as const) {
    const box = await locator.boundingBox();
    expect(box, what).not.toBeNull();
    expect(Math.min(box!.width, box!.height), `${what} is ${box!.width}x${box!.height}`).toBeGreaterThanOrEqual(min);
  }
  await screenshot(app, 'layout-800x600');

  // Drag the sidebar wider; the size survives a reload.
  const sidebar = app.getByRole('navigation', { name: 'Sidebar' });
  const before = (await sidebar.boundingBox())!.width;
  const stored = () => app.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('offload.workbench')).map((k) => localStorage.getItem(k)).join('|'));
  const storedBefore = await stored();
  const handle = app.getByRole('separator', { name: 'Resize the sidebar' });
  const h = (await handle.boundingBox())!;
  await app.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
  await app.mouse.down();
  await app.mouse.move(h.x + h.width / 2 + 80, h.y + h.height / 2, { steps: 5 });
  await app.mouse.up();
  const wider = (await sidebar.boundingBox())!.width;
  expect(wider).toBeGreaterThan(before + 40);
  // The layout is saved shortly after the drag (debounced): reload once it is.
  await expect.poll(stored).not.toBe(storedBefore);
  await app.reload();
  await expect(app.getByText('Connected', { exact: true })).toBeVisible();
  await expect.poll(async () => Math.abs((await sidebar.boundingBox())!.width - wider)).toBeLessThan(3);
  // And the keyboard collapses it (Ctrl+B), and brings it back.
  await app.keyboard.press('Control+B');
  await expect(sidebar).toBeHidden();
  await app.keyboard.press('Control+B');
  await expect(sidebar).toBeVisible();
});

test('defect 10: the agent list is one Tab stop with arrow keys; menus return focus; shortcuts for waiting items', async ({ app }) => {
  for (const name of ['first', 'second', 'third']) {
    await startAgentFromComposer(app, `[scenario:slow] Agent ${name}`);
    await expect(agentRow(app, `Agent ${name}`).getByText(/Running|Completed/)).toBeVisible({ timeout: 30_000 });
  }
  await startAgentFromComposer(app, '[scenario:approve] Needs my yes');
  await expect(agentRow(app, 'Needs my yes').getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  // The list is grouped by status: wait until no row changes group, so the order read below stays true.
  for (const name of ['first', 'second', 'third']) await expect(agentRow(app, `Agent ${name}`).getByText('Completed')).toBeVisible({ timeout: 30_000 });
  const list = app.getByRole('list', { name: 'Background Agents' });
  await expect(list.getByRole('listitem')).toHaveCount(4);

  // Focus moves are checked with retrying assertions: a key press returns once
  // its events are dispatched, and a moved-to row may render after that.
  const focusedRow = () => app.evaluate(() => document.activeElement?.closest('[data-agent-id]')?.getAttribute('aria-label') ?? null);
  // Alt+L focuses the list; arrows move; Tab leaves it at once.
  await app.keyboard.press('Alt+L');
  await expect.poll(focusedRow).not.toBeNull();
  const names = await list.getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
  await app.keyboard.press('Home');
  await expect.poll(focusedRow).toBe(names[0]);
  await app.keyboard.press('ArrowDown');
  await expect.poll(focusedRow).toBe(names[1]);
  expect(await list.locator('button[tabindex="0"]').count()).toBe(1);
  await app.keyboard.press('Tab');
  await expect.poll(focusedRow).toBeNull();
  await app.keyboard.press('Shift+Tab');
  await expect.poll(focusedRow).toBe(names[1]);

  // The context menu gives focus back on Escape.
  await app.keyboard.press('Shift+F10');
  await expect(app.getByRole('menu')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('menu')).toBeHidden();
  await expect.poll(focusedRow).toBe(names[1]);

  // Alt+N: the next agent waiting for me, with Approve focused; Alt+A approves it.
  await app.keyboard.press('Alt+N');
  await expect(app.getByRole('region', { name: /^Agent / }).getByRole('button', { name: 'Approve' })).toBeFocused();
  await app.keyboard.press('Alt+A');
  await expect(agentRow(app, 'Needs my yes').getByText('Completed')).toBeVisible({ timeout: 30_000 });
});

test('defect 10: the Inbox is one Tab stop with arrow keys; the agent view\'s tabs take arrow keys', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:approve] Approve me first');
  await expect(agentRow(app, 'Approve me first').getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  await startAgentFromComposer(app, '[scenario:question] Answer me second');
  await expect(agentRow(app, 'Answer me second').getByText('Paused - needs input')).toBeVisible({ timeout: 30_000 });
  const inbox = app.getByRole('list', { name: 'Waiting for you' });
  await expect(inbox.getByRole('listitem')).toHaveCount(2);
  const items = inbox.getByRole('listitem');
  const [top, bottom] = [items.nth(0), items.nth(1)];
  const topName = await top.getAttribute('aria-label');
  const bottomName = await bottom.getAttribute('aria-label');

  // One Tab stop: the first item's agent name; the other item's controls are out of the Tab order.
  const stops = () => inbox.evaluate((list) => [...list.querySelectorAll<HTMLElement>('button, textarea, input')].filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled).map((e) => `${e.closest('[data-agent-id]')!.getAttribute('aria-label')}: ${e.getAttribute('aria-label') ?? e.textContent}`));
  await expect.poll(stops).toEqual(expect.arrayContaining([`${topName}: ${topName}`]));
  expect((await stops()).some((stop) => stop.startsWith(`${bottomName}:`))).toBe(false);

  const focused = () => app.evaluate(() => {
    const e = document.activeElement;
    return e ? `${e.closest('[data-agent-id]')?.getAttribute('aria-label')}: ${e.getAttribute('aria-label') ?? e.textContent}` : null;
  });
  await top.getByRole('button', { name: topName! }).focus();
  await app.keyboard.press('ArrowDown');
  await expect.poll(focused).toBe(`${bottomName}: ${bottomName}`);
  // Now the second item holds the stop, and Tab enters its controls.
  expect((await stops()).some((stop) => stop.startsWith(`${topName}:`))).toBe(false);
  await app.keyboard.press('Tab');
  await expect.poll(focused).not.toBe(`${bottomName}: ${bottomName}`);
  expect(await focused()).toMatch(new RegExp(`^${bottomName}: `));
  await app.keyboard.press('Shift+Tab');
  await app.keyboard.press('Home');
  await expect.poll(focused).toBe(`${topName}: ${topName}`);

  // The agent view's tabs: one Tab stop, Left/Right move and select.
  await agentRow(app, 'Approve me first').getByRole('button').first().click();
  const stream = app.getByRole('tab', { name: 'Stream' });
  const review = app.getByRole('tab', { name: 'Review' });
  await expect(stream).toHaveAttribute('aria-selected', 'true');
  await expect(review).toHaveAttribute('tabindex', '-1');
  await stream.focus();
  await app.keyboard.press('ArrowRight');
  await expect(review).toBeFocused();
  await expect(review).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('region', { name: 'Review' })).toBeVisible();
  await app.keyboard.press('ArrowRight');
  await expect(stream).toBeFocused();
  await expect(app.getByRole('log', { name: 'Agent output' })).toBeVisible();
});

test('defect 11: Send selects and reveals the new agent, or announces it while another is read', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:slow] The first of two');
  const first = agentRow(app, 'The first of two');
  await expect(first).toHaveAttribute('aria-current', 'true');
  await expect(first).toBeInViewport();
  const firstName = await first.getAttribute('aria-label');
  await expect(app.getByRole('region', { name: `Agent ${firstName}` })).toBeVisible();

  await startAgentFromComposer(app, '[scenario:slow] The second of two');
  const second = agentRow(app, 'The second of two');
  const secondName = await second.getAttribute('aria-label');
  await expect(app.getByRole('status').filter({ hasText: `Started ${secondName} in the background.` })).toHaveCount(1);
  await expect(app.getByRole('region', { name: `Agent ${firstName}` })).toBeVisible();
  await expect(second).not.toHaveAttribute('aria-current', 'true');
});

test('what a Cursor user expects: diff stats per row, filter by status, jump to a file, waiting count in the title and status bar', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:review] Three changes to look at');
  const done = await openRow(app, 'Three changes to look at', 'Completed');
  await expect(done.getByLabel(/additions, .* deletions/)).toBeVisible();
  await startAgentFromComposer(app, '[scenario:question] Ask me a thing');
  await expect(agentRow(app, 'Ask me a thing').getByText('Paused - needs input')).toBeVisible({ timeout: 30_000 });

  // Grouped by status under headings: what waits for me first.
  const list = app.getByRole('list', { name: 'Background Agents' });
  await expect(list.getByRole('heading')).toHaveText(['Waiting for you 1', 'Done 1']);
  await expect(list.getByRole('listitem').first()).toContainText('Ask me a thing');

  await expect(app).toHaveTitle('(1) Offload');
  await expect(app.getByRole('contentinfo').getByText('1 waiting for you')).toBeVisible();

  await app.getByRole('combobox', { name: 'Show agents' }).selectOption({ label: 'Waiting for me' });
  await expect(app.getByRole('list', { name: 'Background Agents' }).getByRole('listitem')).toHaveCount(1);
  await app.getByRole('combobox', { name: 'Show agents' }).selectOption({ label: 'All' });
  await expect(app.getByRole('list', { name: 'Background Agents' }).getByRole('listitem')).toHaveCount(2);

  // Jump to a file from the stream's "Changed:" line.
  await done.getByRole('button').first().click();
  await app.getByRole('tab', { name: 'Stream' }).click();
  await app.getByRole('log', { name: 'Agent output' }).locator('.tool-changed').getByRole('button', { name: 'NOTES.md' }).first().click();
  await expect(app.getByRole('tablist', { name: 'Editors' }).getByRole('tab', { name: /^NOTES\.md/ })).toBeVisible();
});

test('search within a stream finds a block and steps through matches', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:complete] Greet loudly');
  await openRow(app, 'Greet loudly', 'Completed');
  await app.getByRole('tab', { name: 'Stream' }).click();
  await app.getByRole('button', { name: 'Search stream' }).click();
  const field = app.getByRole('searchbox', { name: 'Search in stream' });
  await field.fill('exclamation');
  await expect(app.getByRole('search').getByRole('status')).toHaveText('1 of 1');
  await field.fill('no such words anywhere');
  await expect(app.getByRole('search').getByRole('status')).toHaveText('No matches');
});
