// Context compaction seen from the stream (issue 9): with a low "Compact at
// (tokens)" setting, an agent that reads many files crosses it; its older tool
// results are cleared and its stream says so, in one notice:
// "Compacted: 10,412 tokens → 4,380 (14 old tool results cleared)".

import { test, expect, agentRow, startAgentFromComposer } from './fixtures/offloadTest.js';
import type { ScriptedTurn } from './fixtures/fakeModel/types.js';

const READS = 20;
/** Twenty files of ~1,700 characters each: reading them all is over 10,000 tokens. */
const FILES = Object.fromEntries(Array.from({ length: READS }, (_, i) => [`notes/f${i}.txt`, `${i} `.repeat(40).concat('\n').repeat(20)]));

/**
 * Reads every file, one a turn, then stops. A request without tools
 * (tool_choice "none", https://docs.claude.com/en/docs/agents-and-tools/tool-use/implement-tool-use#forcing-tool-use)
 * is the agent asking for a summary of older turns: it gets one, and the reads go on.
 */
function readEveryFile() {
  let next = 0;
  return (request: { body: { tool_choice?: { type?: string } } }): ScriptedTurn => {
    if (request.body.tool_choice?.type === 'none') return { text: 'Summary: the notes files hold numbers; keep reading them.' };
    const i = next++;
    return i < READS ? { toolUses: [{ name: 'read_file', input: { path: `notes/f${i}.txt` } }] } : { text: 'Read them all.' };
  };
}

// A fresh script for each test's host (the script counts its turns).
test.use({ hostOptions: async ({}, use) => use({ files: FILES, scenarios: { 'read-every-file': readEveryFile() } }) });

test('with a low "Compact at (tokens)", a long run\'s stream says "Compacted: N tokens → M" with what was cleared', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings' }).click();
  const settings = app.getByRole('dialog', { name: 'Settings' });
  await settings.getByLabel('Compact at (tokens)').fill('10000');
  await settings.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(settings).toBeHidden();

  await startAgentFromComposer(app, '[scenario:read-every-file] Read every notes file');
  const row = agentRow(app, 'Read every notes file');
  await expect(row.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  await row.getByRole('button').first().click();
  await app.getByRole('tab', { name: 'Stream' }).click();
  const stream = app.getByRole('log', { name: 'Agent output' });
  // The run went on after compacting: every file was read, and the agent finished.
  await expect(stream.getByText('Read them all.')).toBeVisible();

  // The person looks for the notice the way they would: search the stream.
  await stream.focus();
  await app.keyboard.press('Control+F');
  await app.getByRole('searchbox', { name: 'Search in stream' }).or(app.getByRole('textbox', { name: 'Search in stream' })).fill('Compacted');
  const notice = stream.getByText(/^Compacted: [\d,]+ tokens → [\d,]+/).first();
  await expect(notice).toBeVisible();
  const text = (await notice.textContent())!;
  const [, before, after, cleared] = /^Compacted: ([\d,]+) tokens → ([\d,]+) \((\d+) old tool results cleared/.exec(text) ?? [];
  expect(text, 'names what was cleared').toMatch(/\(\d+ old tool results cleared/);
  const number = (s: string | undefined) => Number((s ?? '').replace(/,/g, ''));
  expect(number(before), 'it compacted once over the setting').toBeGreaterThanOrEqual(10_000);
  expect(number(after), 'and ended under it').toBeLessThan(number(before));
  expect(number(after)).toBeLessThan(10_000);
  // The newest results are kept: fewer cleared than were read.
  expect(number(cleared)).toBeGreaterThan(0);
  expect(number(cleared)).toBeLessThan(READS);
});
