import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentEvent } from '../../shared/events.js';
import { createHumanPrinter } from './eventPrinter.js';

const base = { agentId: 'a1', time: '2026-01-01T00:00:00.000Z' };

test('human output: streamed text becomes whole lines; a pause says exactly how to answer', () => {
  const lines: string[] = [];
  const printer = createHumanPrinter({ out: (l) => lines.push(l) }, { nameOf: () => 'calm-otter', workspaceFlag: '--workspace /w' });
  const events = [
    { type: 'text', text: 'Hel', seq: 1 },
    { type: 'text', text: 'lo\nwor', seq: 2 },
    { type: 'tool_call', tool: 'run_command', toolUseId: 't', input: { command: 'npm test' }, seq: 3 },
    { type: 'paused', kind: 'approval', command: 'rm -rf build', toolUseId: 't', reason: 'command', seq: 4 },
    { type: 'status', status: 'paused_approval', seq: 5 },
  ] as unknown as AgentEvent[];
  for (const e of events) printer.print({ ...base, ...e } as AgentEvent);
  printer.flush();
  assert.deepEqual(lines.slice(0, 4), [
    '[calm-otter] Hello',
    '[calm-otter] wor',
    '[calm-otter] > run_command npm test',
    '[calm-otter] Paused - needs approval: rm -rf build',
  ]);
  assert.ok(lines.includes('  Run it with: offload approve a1 --workspace /w   (or --edit "COMMAND" to change it first)'));
  assert.ok(lines.some((l) => l.includes('offload deny a1 --workspace /w --feedback')));
  assert.equal(lines.filter((l) => l.includes('Paused')).length, 1, 'the pause is told once');
});
