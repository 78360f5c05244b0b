// Accessibility (issue 9): axe-core finds no serious or critical violation in
// any main view, in the light and the dark theme.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, startAgentFromComposer, agentRow } from './fixtures/offloadTest.js';

async function seriousViolations(page: Page, view: string): Promise<string[]> {
  // Monaco's own widgets (hidden IME textarea, aria containers) are checked where they carry our names.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${view}: ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 2).join(' ') ?? ''}`));
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test(`no serious or critical axe violations in the main views (${colorScheme})`, async ({ app }) => {
      const found: string[] = [];
      found.push(...(await seriousViolations(app, 'welcome')));

      await app.keyboard.press('Control+I');
      await expect(app.getByRole('dialog', { name: 'Composer' })).toBeVisible();
      found.push(...(await seriousViolations(app, 'composer')));
      await app.keyboard.press('Escape');

      await startAgentFromComposer(app, '[scenario:approve] Wait for me');
      const waiting = agentRow(app, 'Wait for me');
      await expect(waiting.getByText('Paused - needs approval')).toBeVisible({ timeout: 30_000 });
      await waiting.getByRole('button').first().click();
      await expect(app.getByRole('main').getByRole('button', { name: 'Approve' })).toBeVisible();
      found.push(...(await seriousViolations(app, 'agent paused, with Inbox')));
      await app.getByRole('main').getByRole('button', { name: 'Approve' }).click();

      await startAgentFromComposer(app, '[scenario:review] Review these');
      const review = agentRow(app, 'Review these');
      await expect(review.getByText('Completed')).toBeVisible({ timeout: 30_000 });
      await review.getByRole('button').first().click();
      await app.getByRole('tab', { name: 'Review' }).click();
      await expect(app.getByRole('region', { name: 'src/app.js' }).getByRole('button', { name: 'Accept hunk 1' })).toBeVisible();
      found.push(...(await seriousViolations(app, 'review')));
      await app.getByRole('tab', { name: 'Stream' }).click();
      found.push(...(await seriousViolations(app, 'stream')));

      await app.getByRole('tree', { name: 'Explorer' }).getByRole('treeitem', { name: 'README.md' }).getByRole('button').click();
      await expect(app.locator('.monaco-editor').first()).toBeVisible();
      found.push(...(await seriousViolations(app, 'file')));

      // The agent list's context menu, over the grouped list.
      await review.getByRole('button').first().click({ button: 'right' });
      await expect(app.getByRole('menu')).toBeVisible();
      found.push(...(await seriousViolations(app, 'agent menu')));
      await app.keyboard.press('Escape');

      await app.getByRole('button', { name: 'Settings' }).click();
      const settings = app.getByRole('dialog', { name: 'Settings' });
      await expect(settings).toBeVisible();
      found.push(...(await seriousViolations(app, 'settings')));
      // With a field marked wrong.
      await settings.getByLabel('Requests per minute').fill('0');
      await settings.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(settings.getByLabel('Requests per minute')).toHaveAttribute('aria-invalid', 'true');
      found.push(...(await seriousViolations(app, 'settings with an error')));
      await app.keyboard.press('Escape');

      // An interactive session panel.
      await startAgentFromComposer(app, '[scenario:question] Talk to me', 'interactive');
      await expect(app.getByRole('region', { name: 'Interactive session' }).getByRole('textbox', { name: 'Answer' })).toBeVisible({ timeout: 30_000 });
      found.push(...(await seriousViolations(app, 'interactive session')));

      expect(found, found.join('\n')).toEqual([]);
    });
  });
}
