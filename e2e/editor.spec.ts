// The editing half: open, edit and save a file (checked on disk); an outside
// change reaches the tree and the open tab; a conflicting save asks; quick open
// and search find the right files; an agent's edit badges the file and its tab;
// unsaved text survives a page reload.

import { writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, startAgentFromComposer, screenshot, agentRow } from './fixtures/offloadTest.js';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

function explorer(app: Page) {
  return app.getByRole('tree', { name: 'Explorer' });
}

function editors(app: Page) {
  return app.getByRole('tablist', { name: 'Editors' });
}

async function openFile(app: Page, folder: string | null, name: string) {
  if (folder) {
    const item = explorer(app).getByRole('treeitem', { name: folder });
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.getByRole('button').first().click();
  }
  await explorer(app).getByRole('treeitem', { name }).getByRole('button').click();
  await expect(editors(app).getByRole('tab', { name: new RegExp(`^${name.replace('.', '\\.')}`) })).toHaveAttribute('aria-selected', 'true');
  await expect(app.locator('.monaco-editor .view-lines')).not.toHaveText('');
}

/** Puts the cursor at the end of line 1 of the shown editor and types. */
async function typeAtEndOfFirstLine(app: Page, text: string) {
  await app.locator('.monaco-editor .view-lines').click();
  await app.keyboard.press(`${mod}+Home`);
  await app.keyboard.press('End');
  await app.keyboard.type(text);
}

test('open, edit and save a file: the dirty marker shows, Ctrl+S writes it to disk', async ({ app, host }) => {
  await openFile(app, 'src', 'app.js');
  await typeAtEndOfFirstLine(app, ' // edited');
  await expect(editors(app).getByRole('tab', { name: 'app.js (unsaved)' })).toBeVisible();
  await app.keyboard.press(`${mod}+S`);
  await expect(editors(app).getByRole('tab', { name: 'app.js', exact: true })).toBeVisible();
  await expect.poll(() => host.readWorkspaceFile('src/app.js')).toContain('export function greet(name) { // edited');
  await screenshot(app, 'editor-saved');
  // Ctrl+W closes the tab.
  await app.keyboard.press(`${mod}+W`);
  await expect(editors(app).getByRole('tab')).toHaveCount(0);
});

test('an outside change shows in the tree and in the open tab', async ({ app, host }) => {
  await openFile(app, null, 'README.md');
  writeFileSync(join(host.workspace, 'README.md'), '# Changed outside\n');
  await expect(app.locator('.monaco-editor .view-lines')).toContainText('# Changed outside');
  writeFileSync(join(host.workspace, 'NEW_FILE.md'), 'new\n');
  await expect(explorer(app).getByRole('treeitem', { name: 'NEW_FILE.md' })).toBeVisible();
  unlinkSync(join(host.workspace, 'NEW_FILE.md'));
  await expect(explorer(app).getByRole('treeitem', { name: 'NEW_FILE.md' })).toHaveCount(0);
  // Deleted while open: shown as deleted, not as an error.
  unlinkSync(join(host.workspace, 'README.md'));
  await expect(editors(app).getByRole('tab', { name: 'README.md (deleted)' })).toBeVisible();
  await expect(app.getByText('This file was deleted on disk.')).toBeVisible();
});

test('a save over a change made on disk asks first; Overwrite writes, nothing is lost before that', async ({ app, host }) => {
  await openFile(app, null, 'README.md');
  await typeAtEndOfFirstLine(app, ' mine');
  writeFileSync(join(host.workspace, 'README.md'), '# Theirs\n');
  await expect(app.getByRole('alert').filter({ hasText: 'This file changed on disk' })).toBeVisible();
  await app.keyboard.press(`${mod}+S`);
  const dialog = app.getByRole('dialog', { name: 'File changed on disk' });
  await expect(dialog).toBeVisible();
  expect(host.readWorkspaceFile('README.md')).toBe('# Theirs\n');
  await screenshot(app, 'editor-conflict');
  await dialog.getByRole('button', { name: 'Overwrite' }).click();
  await expect.poll(() => host.readWorkspaceFile('README.md')).toContain('# Demo project mine');
});

test('unsaved text survives a page reload', async ({ app }) => {
  await openFile(app, null, 'README.md');
  await typeAtEndOfFirstLine(app, ' draft-kept');
  await expect(editors(app).getByRole('tab', { name: 'README.md (unsaved)' })).toBeVisible();
  await app.waitForTimeout(800); // the draft is stored once typing pauses
  await app.reload();
  await expect(editors(app).getByRole('tab', { name: 'README.md (unsaved)' })).toBeVisible();
  await expect(app.locator('.monaco-editor .view-lines')).toContainText('# Demo project draft-kept');
});

test('a large file (2 MB) opens whole: its last line is reachable, an edit there is saved', async ({ app, host }) => {
  // Over 1 MB the editor shows the first screen first, then swaps in the whole file.
  const line = 'export const value = "abcdefghijklmnopqrstuvwxyz0123456789";\n';
  writeFileSync(join(host.workspace, 'large.ts'), line.repeat(Math.ceil((2 * 1024 * 1024) / line.length)) + 'export const LAST_LINE = true;\n');
  await openFile(app, null, 'large.ts');
  const lines = app.locator('.monaco-editor .view-lines');
  await lines.click();
  await expect(async () => {
    await app.keyboard.press(`${mod}+End`);
    await expect(lines).toContainText('export const LAST_LINE = true;', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await app.keyboard.type('// the end');
  await expect(editors(app).getByRole('tab', { name: 'large.ts (unsaved)' })).toBeVisible();
  await app.keyboard.press(`${mod}+S`);
  await expect(editors(app).getByRole('tab', { name: 'large.ts', exact: true })).toBeVisible();
  const saved = host.readWorkspaceFile('large.ts')!;
  expect(saved.endsWith('export const LAST_LINE = true;\n// the end')).toBe(true);
  expect(saved.startsWith(line + line)).toBe(true);
});

test('quick open (Ctrl+P) finds a file by a fuzzy name and opens it', async ({ app }) => {
  await app.keyboard.press(`${mod}+P`);
  const dialog = app.getByRole('dialog', { name: 'Quick Open' });
  await dialog.getByRole('combobox', { name: 'File name' }).fill('sapjs');
  const options = dialog.getByRole('listbox', { name: 'Files' }).getByRole('option');
  await expect(options.first()).toHaveText('src/app.js');
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(editors(app).getByRole('tab', { name: 'app.js' })).toHaveAttribute('aria-selected', 'true');
});

test('search across files (Ctrl+Shift+F): grouped by file, case and glob options, click opens at the line', async ({ app }) => {
  await app.keyboard.press(`${mod}+Shift+F`);
  const panel = app.getByRole('region', { name: 'Search' });
  await panel.getByRole('searchbox', { name: 'Search' }).fill('DEMO PROJECT');
  const results = panel.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('listitem', { name: 'README.md' })).toBeVisible();
  await panel.getByRole('checkbox', { name: 'Match case' }).check();
  await expect(panel.getByRole('status')).toHaveText(/^0 results/);
  await panel.getByRole('checkbox', { name: 'Match case' }).uncheck();
  await panel.getByRole('searchbox', { name: 'Search' }).fill('a \\+ b');
  await panel.getByRole('checkbox', { name: 'Regular expression' }).check();
  await panel.getByRole('textbox', { name: 'Files to include' }).fill('*.js');
  const match = results.getByRole('button', { name: /src\/app\.js line 6: return a \+ b;/ });
  await expect(match).toBeVisible();
  await screenshot(app, 'search');
  await match.click();
  await expect(editors(app).getByRole('tab', { name: 'app.js' })).toHaveAttribute('aria-selected', 'true');
  await expect(app.locator('.monaco-editor .line-numbers.active-line-number')).toHaveText('6');
});

test("an agent's edit badges the file in the explorer and its tab, and its pending diff is offered", async ({ app }) => {
  await openFile(app, 'src', 'app.js');
  await startAgentFromComposer(app, '[scenario:complete] make the greeting excited');
  const row = explorer(app).getByRole('treeitem', { name: 'app.js' });
  await expect(row.getByLabel(/^Agent: .+ (changed \(pending review\)|editing)/)).toBeVisible({ timeout: 30_000 });
  await expect(editors(app).getByRole('tab', { name: /^app\.js/ }).getByLabel(/^Agent: /)).toBeVisible();
  await row.getByRole('button').first().click();
  const pending = app.getByRole('region', { name: /^Pending change by / });
  await expect(pending).toBeVisible({ timeout: 30_000 });
  await pending.getByRole('button', { name: 'Show diff' }).click();
  await expect(app.getByRole('group', { name: 'Changes to src/app.js, side by side' })).toBeVisible();
  await screenshot(app, 'editor-agent-badge');
  await pending.getByRole('button', { name: 'Accept' }).click();
  await expect(pending).toBeHidden({ timeout: 15_000 });
});

test("an Accept in another page's Review clears the file's badge in a page that does not show that agent", async ({ app, host }) => {
  // This page shows the editor only: it never watches the agent's stream.
  await openFile(app, 'src', 'app.js');
  const row = explorer(app).getByRole('treeitem', { name: 'app.js' });
  // A second window on the same host runs the agent and reviews its change.
  const other = await app.context().newPage();
  await other.goto(host.url);
  await startAgentFromComposer(other, '[scenario:complete] make the greeting excited');
  const agent = agentRow(other, 'make the greeting excited');
  await expect(agent.getByText('Completed')).toBeVisible({ timeout: 30_000 });
  await expect(row.getByLabel(/^Agent: .+ changed \(pending review\)/)).toBeVisible({ timeout: 30_000 });
  await expect(editors(app).getByRole('tab', { name: /^app\.js/ }).getByLabel(/^Agent: /)).toBeVisible();
  await agent.getByRole('button').first().click();
  await other.getByRole('tab', { name: 'Review' }).click();
  const file = other.getByRole('region', { name: 'Review' }).getByRole('region', { name: 'src/app.js' });
  await file.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(file.getByRole('button', { name: 'Accept', exact: true })).toHaveCount(0, { timeout: 15_000 });
  // No file changed on disk and no agent record changed: only the review did. The badges follow at once.
  await expect(row.getByLabel(/^Agent: /)).toHaveCount(0, { timeout: 15_000 });
  await expect(editors(app).getByRole('tab', { name: /^app\.js/ }).getByLabel(/^Agent: /)).toHaveCount(0);
  await other.close();
});

test('saving a file an agent holds a lease on asks first; Cancel keeps the disk, Save anyway writes', async ({ app, host }) => {
  await startAgentFromComposer(app, '[scenario:lease-hold] bump the version');
  // The agent has edited src/app.js and now waits for an answer, still holding the file.
  await openFile(app, 'src', 'app.js');
  const row = explorer(app).getByRole('treeitem', { name: 'app.js' });
  await expect(row.getByLabel(/^Agent: .+ editing, /)).toBeVisible({ timeout: 30_000 });
  await expect(app.locator('.monaco-editor .view-lines')).toContainText('export const VERSION = 2;', { timeout: 30_000 });
  await typeAtEndOfFirstLine(app, ' // mine');
  await app.keyboard.press(`${mod}+S`);
  const prompt = app.getByRole('dialog', { name: 'An agent is editing this file' });
  await expect(prompt).toBeVisible();
  await expect(prompt).toContainText(/Agent .+ is editing "src\/app\.js"/);
  await screenshot(app, 'editor-lease-warning');
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await expect(prompt).toBeHidden();
  // Nothing was written, and the person's text is still there, unsaved.
  expect(host.readWorkspaceFile('src/app.js')).not.toContain('// mine');
  await expect(editors(app).getByRole('tab', { name: /^app\.js \(unsaved\)/ })).toBeVisible();
  await app.locator('.monaco-editor .view-lines').click();
  await app.keyboard.press(`${mod}+S`);
  await prompt.getByRole('button', { name: 'Save anyway' }).click();
  await expect.poll(() => host.readWorkspaceFile('src/app.js')).toContain('export function greet(name) { // mine');
  expect(host.readWorkspaceFile('src/app.js')).toContain('export const VERSION = 2;');
});

test('the Composer opened from a selection starts with "@file:lines" and the lines', async ({ app }) => {
  await openFile(app, 'src', 'app.js');
  await app.locator('.monaco-editor .view-lines').click();
  await app.keyboard.press(`${mod}+Home`);
  await app.keyboard.press('Shift+ArrowDown');
  await app.keyboard.press('Shift+End');
  await app.keyboard.press(`${mod}+I`);
  const prompt = app.getByRole('dialog', { name: 'Composer' }).getByRole('textbox', { name: 'Prompt' });
  await expect(prompt).toHaveValue(/^@src\/app\.js:1-2\n```javascript\nexport function greet\(name\) \{\n  return 'Hello, ' \+ name;\n```/);
  await app.keyboard.press('Escape');
  // From a file in the Explorer: "@path".
  await explorer(app).getByRole('treeitem', { name: 'README.md' }).getByRole('button').focus();
  await app.keyboard.press(`${mod}+I`);
  await expect(prompt).toHaveValue(/^@README\.md\n/);
});

// CI once failed here: the answer typed while Monaco loaded for the first time went into the editor
// that had just finished loading, because it took the focus when its text showed.
test('a file still loading does not take the keyboard from the answer box the person typed into meanwhile', async ({ app }) => {
  await startAgentFromComposer(app, '[scenario:question] Pick a colour with me', 'interactive');
  const session = app.getByRole('region', { name: 'Interactive session' });
  const answer = session.getByRole('textbox', { name: 'Answer' });
  await expect(answer).toBeVisible({ timeout: 30_000 });
  // Monaco's first load, held back so the person is typing before it ends.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await app.route(/\/assets\/editor\.api-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await explorer(app).getByRole('treeitem', { name: 'README.md' }).getByRole('button').click();
  await expect(editors(app).getByRole('tab', { name: /^README\.md/ })).toBeVisible();
  await answer.click();
  await app.keyboard.type('Te');
  release();
  await expect(app.locator('.monaco-editor .view-lines')).not.toHaveText('');
  await app.keyboard.type('al');
  await expect(answer).toHaveValue('Teal');
  await expect(editors(app).getByRole('tab', { name: 'README.md', exact: true })).toBeVisible();
  await app.keyboard.press('Enter');
  await expect(session.locator('header').getByText('Completed')).toBeVisible({ timeout: 30_000 });
});
