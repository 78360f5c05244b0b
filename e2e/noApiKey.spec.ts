// A first run with no API key anywhere: the page says so and leads to Settings.

import { test, expect } from './fixtures/offloadTest.js';

test.use({ hostOptions: { env: { ANTHROPIC_API_KEY: '' } } });

test('without an API key the page says what to do, and Settings takes one', async ({ app }) => {
  const welcome = app.getByRole('region', { name: 'Welcome' });
  await expect(welcome.getByText(/No API key yet: open/)).toBeVisible();
  await welcome.getByRole('button', { name: 'Settings' }).click();
  const settings = app.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  await settings.getByLabel('API key').fill('sk-ant-test-0000WXYZ');
  await settings.getByRole('button', { name: 'Save key' }).click();
  // Only a hint of the key comes back, with where it was stored.
  await expect(settings.getByText(/A key is set \(sk-ant-…\w{2,4}\), in a user-only file/)).toBeVisible();
  await expect(settings.getByLabel('API key')).toHaveValue('');
  await settings.press('Escape');
  await expect(welcome.getByText(/No API key yet/)).toBeHidden();
});
