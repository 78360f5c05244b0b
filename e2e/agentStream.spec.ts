// The agent's stream as a person reads it (issue 9, defects 1, 3, 4, 5, 8):
// it follows the agent, shows command output as a terminal would, puts a
// failure first, says what really ran, and stays dense.

import type { Locator, Page } from '@playwright/test';
import { test, expect, startAgentFromComposer, agentRow, screenshot } from './fixtures/offloadTest.js';

/** How far (px) the stream's newest block sticks out below the log's visible area; <= 0 when fully visible. */
async function newestBlockOverhang(page: Page, log: Locator): Promise<number> {
  return log.evaluate((el) => {
    const rows = [...el.querySelectorAll<HTMLElement>('.stream-row')];
    if (rows.length === 0) return Number.POSITIVE_INFINITY;
    const newest = rows.reduce((a, b) => (Number(b.dataset.index) > Number(a.dataset.index) ? b : a));
    const store = (window as unknown as { __offload: { store: { getState(): { streams: Record<string, { blocks: unknown[] }> } } } }).__offload.store;
    const total = Math.max(...Object.values(store.getState().streams).map((s) => s.blocks.length));
    if (Number(newest.dataset.index) !== total - 1) return Number.POSITIVE_INFINITY;
    return newest.getBoundingClientRect().bottom - el.getBoundingClientRect().bottom;
  });
}

/** Starts an agent, waits until it completes, opens its Stream tab; returns its log. */
async function runToEnd(page: Page, prompt: string, timeout = 30_000) {
  await startAgentFromComposer(page, prompt);
  const row = agentRow(page, prompt.replace(/^\[scenario:[^\]]+\] /, ''));
  await expect(row.getByText('Completed')).toBeVisible({ timeout });
  await row.getByRole('button').first().click();
  await page.getByRole('tab', { name: 'Stream' }).click();
  return page.getByRole('log', { name: 'Agent output' });
}

async function expectFollowing(page: Page, log: Locator) {
  await expect.poll(() => newestBlockOverhang(page, log), { timeout: 10_000 }).toBeLessThanOrEqual(1);
}

test('defect 1: the stream lands on the end of a long history and follows it; scrolling up stops, "Jump to latest" resumes', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:long-history] Walk through many files');
  const row = agentRow(app, 'Walk through many files');
  await expect(row.getByText('Paused - needs input')).toBeVisible({ timeout: 60_000 });
  await row.getByRole('button').first().click();
  const log = app.getByRole('log', { name: 'Agent output' });
  await expect(log.getByText('One question before the last steps.')).toBeVisible();
  await expectFollowing(app, log);
  await expect(app.getByRole('button', { name: /Jump to latest/ })).toHaveCount(0);

  // The pending card goes away, new blocks arrive: still following.
  await app.getByRole('main').getByRole('textbox', { name: 'Answer' }).fill('Yes');
  await app.getByRole('main').getByRole('textbox', { name: 'Answer' }).press('Enter');
  await expect(log.getByText('The very last words of the run.')).toBeVisible({ timeout: 30_000 });
  await expectFollowing(app, log);

  // Scrolling up stops following; the button brings the end back.
  await log.hover();
  await app.mouse.wheel(0, -1500);
  const jump = app.getByRole('button', { name: /Jump to latest/ });
  await expect(jump).toBeVisible();
  await expect.poll(() => newestBlockOverhang(app, log)).toBeGreaterThan(100);
  await jump.click();
  await expectFollowing(app, log);
  await expect(jump).toBeHidden();
  await screenshot(app, 'stream-follows');
});

test('defect 3: command output shows colours, never raw escape codes', async ({ app }) => {
  const log = await runToEnd(app, '[scenario:ansi] Print in colour');
  const output = log.locator('[data-tool="run_command"] pre');
  await expect(output).toContainText('green words plain');
  await expect(output).toContainText('finished spinning');
  const text = await output.innerText();
  expect(text).not.toMatch(/\[\d*m|\[1G|\[0K|\x1b/);
  expect(text).not.toContain('spun');
  const color = await output.getByText('green words').evaluate((el) => getComputedStyle(el).color);
  const plain = await output.evaluate((el) => getComputedStyle(el).color);
  expect(color).not.toBe(plain);
});

test('defect 4: a failed tool call shows its error first, then what was attempted', async ({ app }) => {
  const log = await runToEnd(app, '[scenario:failed-edit] Try an edit that cannot apply');
  const block = log.locator('[data-tool="edit_file"]');
  const error = block.locator('.tool-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText('Failed');
  const errorText = (await error.innerText()).replace(/^Failed:\s*/, '').trim();
  expect(errorText.length).toBeGreaterThan(5);
  const attempted = block.locator('.diff-old');
  await expect(attempted).toHaveText('this text is nowhere');
  const [errorBox, attemptedBox] = [await error.boundingBox(), await attempted.boundingBox()];
  expect(errorBox!.y).toBeLessThan(attemptedBox!.y);
});

test('defect 5: a plain approval says "Approved" with what ran; Edit and Run shows the edited command', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:approve] Make the approved file');
  const plain = agentRow(app, 'Make the approved file');
  await expect(plain.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  await plain.getByRole('button').first().click();
  await app.getByRole('main').getByRole('button', { name: 'Approve' }).click();
  await expect(plain.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  const log = app.getByRole('log', { name: 'Agent output' });
  await expect(log.getByText('Approved: touch approved.txt')).toBeVisible();
  await expect(log.getByText(/Approved \(edited\)/)).toHaveCount(0);

  await startAgentFromComposer(app, '[scenario:edit] Make a file, edited');
  const edited = agentRow(app, 'Make a file, edited');
  await expect(edited.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
  await edited.getByRole('button').first().click();
  const view = app.getByRole('main');
  await view.getByRole('button', { name: 'Edit and Run' }).click();
  await view.getByRole('textbox', { name: 'Command' }).fill('touch edited.txt');
  await view.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(edited.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(log.getByText('Approved (edited): touch edited.txt')).toBeVisible();
  const header = log.locator('[data-tool="run_command"] .tool-summary');
  await expect(header).toHaveText('$ touch edited.txt');
});

test('defect 8: reads collapse to one line, markdown renders safely, retries fold into one line', async ({ app }) => {
  const log = await runToEnd(app, '[scenario:markdown] Explain the plan', 60_000);

  // Markdown: rendered, raw HTML shown as text and never run.
  await expect(log.locator('strong', { hasText: 'the plan' })).toBeVisible();
  await expect(log.getByRole('listitem').filter({ hasText: 'second item' })).toBeVisible();
  await expect(log.locator('code', { hasText: 'npm test' })).toBeVisible();
  await expect(log.locator('img')).toHaveCount(0);
  await expect(log.getByText('<b>raw</b>', { exact: false })).toBeVisible();
  expect(await app.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  // The read: one line, its content only after expanding.
  const read = log.locator('[data-tool="read_file"]');
  const toggle = read.getByRole('button', { name: /Read README\.md/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(read.getByText('A small project for Offload tests.')).toHaveCount(0);
  expect((await read.boundingBox())!.height).toBeLessThan(40);
  await toggle.click();
  await expect(read.getByText('A small project for Offload tests.')).toBeVisible();

  // Three retries: one line with the count.
  await expect(log.getByText(/Retried 3 times/)).toHaveCount(1);
  await expect(log.getByText(/Retrying/)).toHaveCount(1);
  await screenshot(app, 'stream-dense');
});
