import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent, AgentEventBody } from '../../shared/events.js';
import { looksLikeTestRun, summaryFromEvents } from './summary.js';

test('test runs are recognised by what runs, not by words anywhere in the line', () => {
  for (const command of ['npm test', 'bun test', 'yarn run test:unit', 'npm run test:unit', 'pnpm test', 'yarn test', 'npx jest src', 'npx vitest run', 'pytest -q', 'python -m pytest', 'go test ./...', 'cargo test', 'node --test dist', 'make test', 'CI=1 npm test', 'npm run build && npm test', 'cd app; bun test']) {
    assert.equal(looksLikeTestRun(command), true, command);
  }
  for (const command of ['echo npm test', 'git log --grep jest', 'npm install', 'ls test', 'cat test.txt', 'go build', 'make', 'grep -r "npm test" .', 'echo ok # npm test']) {
    assert.equal(looksLikeTestRun(command), false, command);
  }
});

let seq = 0;
const at = (body: AgentEventBody): AgentEvent => ({ ...body, agentId: 'a', time: '2026-01-01T00:00:00Z', seq: ++seq }) as AgentEvent;

test('the summary lists the commands that ran (as they ran) and which were tests; refused ones are left out', () => {
  const events = [
    at({ type: 'tool_call', tool: 'run_command', toolUseId: 't1', input: { command: 'bun test' } }),
    at({ type: 'tool_result', tool: 'run_command', toolUseId: 't1', ok: false, content: '1 failed\n[exit code 1]', command: 'bun test', exitCode: 1 }),
    at({ type: 'tool_call', tool: 'run_command', toolUseId: 't2', input: { command: 'rm -rf build' } }),
    at({ type: 'tool_result', tool: 'run_command', toolUseId: 't2', ok: false, content: 'The user refused to run this command.', command: null, exitCode: null }),
    at({ type: 'tool_call', tool: 'run_command', toolUseId: 't3', input: { command: 'touch a' } }),
    at({ type: 'tool_result', tool: 'run_command', toolUseId: 't3', ok: true, content: 'it ran as: yarn run test:unit\n[exit code 0]', command: 'yarn run test:unit', exitCode: 0 }),
    at({ type: 'tool_call', tool: 'run_command', toolUseId: 't4', input: { command: 'echo npm test' } }),
    at({ type: 'tool_result', tool: 'run_command', toolUseId: 't4', ok: true, content: 'npm test\n[exit code 0]', command: 'echo npm test', exitCode: 0 }),
  ];
  const summary = summaryFromEvents(events, []);
  assert.deepEqual(summary.commandsRun, ['bun test', 'yarn run test:unit', 'echo npm test']);
  assert.deepEqual(summary.testsRun, [
    { command: 'bun test', ok: false },
    { command: 'yarn run test:unit', ok: true },
  ]);
});

test('a log written before tool_result carried the command still gives its commands (from the tool_call)', () => {
  const events = [
    at({ type: 'tool_call', tool: 'run_command', toolUseId: 'o1', input: { command: 'npm test' } }),
    at({ type: 'tool_result', tool: 'run_command', toolUseId: 'o1', ok: true, content: '[exit code 0]' }),
  ];
  assert.deepEqual(summaryFromEvents(events, []).testsRun, [{ command: 'npm test', ok: true }]);
});

test('a review that could not be read: the files come from the log, each once, and only then', () => {
  const events = [
    at({ type: 'file_changed', path: 'kept.txt', step: 1 }),
    at({ type: 'file_changed', path: 'src/a.ts', step: 2 }),
    at({ type: 'file_changed', path: 'kept.txt', step: 3 }),
  ];
  const unread = summaryFromEvents(events, null);
  assert.deepEqual(unread.filesChanged, []);
  assert.deepEqual(unread.changedPathsFromLog, ['kept.txt', 'src/a.ts']);
  const read = summaryFromEvents(events, [{ path: 'kept.txt', status: 'added', additions: 1, deletions: 0 }]);
  assert.equal(read.changedPathsFromLog, undefined);
  assert.deepEqual(read.filesChanged.map((f) => f.path), ['kept.txt']);
});
