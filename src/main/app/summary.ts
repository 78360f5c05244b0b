// The completion summary's commands and tests, from the events, for when the
// agent's process could not say it itself (a crash, a cancel, a kill).

import type { AgentSummary, FileChangeSummary, TestRun } from '../../shared/agent.js';
import type { AgentEvent } from '../../shared/events.js';

const TEST_COMMAND = /(^|[\s/;&|])(npm (run )?test|npx (jest|vitest|mocha)|yarn test|pnpm test|jest|vitest|mocha|pytest|go test|cargo test|node --test|make test|rspec|phpunit)(\s|$)/;

export function looksLikeTestCommand(command: string): boolean {
  return TEST_COMMAND.test(command.trim());
}

export function summaryFromEvents(events: readonly AgentEvent[], filesChanged: FileChangeSummary[]): AgentSummary {
  const commandsRun: string[] = [];
  const testsRun: TestRun[] = [];
  const commandsById = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'tool_call' && event.tool === 'run_command') {
      const command = String((event.input as { command?: unknown })?.command ?? '');
      commandsById.set(event.toolUseId, command);
    } else if (event.type === 'tool_result' && event.tool === 'run_command') {
      const command = commandsById.get(event.toolUseId);
      if (command === undefined) continue;
      commandsRun.push(command);
      if (looksLikeTestCommand(command)) testsRun.push({ command, ok: event.ok });
    }
  }
  return { filesChanged, commandsRun, testsRun };
}
