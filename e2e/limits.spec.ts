// Issue 7: the status bar shows the shared rate limits the API states and this
// month's premium requests against the budget. The fake Messages API limits as
// Anthropic documents (token buckets; fixtures/fakeModel/tokenBucketLimits.ts).
import { test, expect, startAgentFromComposer, agentRow } from './fixtures/offloadTest.js';

test.use({
  hostOptions: {
    rateLimits: { model: 'token-bucket', rpm: 120 },
    env: { OFFLOAD_MONTHLY_REQUESTS: '50' },
  },
});

test('the status bar shows the limits the API states, and the monthly budget', async ({ app }) => {
  const readout = app.getByLabel('Rate limits');
  // Before any model call nothing is known, and nothing is invented.
  await expect(readout).toHaveText('Limits: none stated yet');
  await expect(app.getByTitle('Premium requests used this month', { exact: true })).toHaveText('0 of 50 premium requests this month');

  await startAgentFromComposer(app, 'Look around the project');
  await expect(agentRow(app, 'Look around the project').getByText('Completed')).toBeVisible({ timeout: 30_000 });

  // The requests limit the server sent in its anthropic-ratelimit-requests-* headers, per model class.
  await expect(readout).toHaveText(/^Limits sonnet: \d+(\.\d+)?\/120 rpm$/, { timeout: 10_000 });
  await expect(readout).toHaveAttribute('title', /requests per minute\s+120\s+used now\s+\d+\s+\(from the API\)/);
  await expect(readout).toHaveAttribute('title', /Monthly budget: \d+(\.\d+)? of 50 premium requests used this month\./);
  await expect(app.getByTitle('Premium requests used this month', { exact: true })).toHaveText(/^[1-9]\d* of 50 premium requests this month$/);
});
