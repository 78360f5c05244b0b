// What the agent ran, for the finished event's summary: every command, and
// which of them were test runs (and whether they passed).

import type { TestRun } from '../shared/agent.js';
import type { ConversationMessage } from '../shared/events.js';
import { parseCommandLine } from './approval/shellWords.js';

const TEST_RUNNERS: Array<(w: string[]) => boolean> = [
  (w) => ['npm', 'pnpm', 'yarn', 'bun'].includes(w[0]!) && (w[1] === 'test' || w[1] === 't'),
  (w) => ['npm', 'pnpm', 'yarn', 'bun'].includes(w[0]!) && w[1] === 'run' && /^test/.test(w[2] ?? ''),
  (w) => ['npx', 'pnpx', 'bunx'].includes(w[0]!) && ['jest', 'vitest', 'mocha', 'ava', 'tap', 'playwright', 'cypress'].includes(w[1] ?? ''),
  (w) => ['jest', 'vitest', 'mocha', 'ava', 'pytest', 'tox', 'rspec', 'phpunit', 'nox'].includes(w[0]!),
  (w) => /^python3?$/.test(w[0]!) && w[1] === '-m' && ['pytest', 'unittest'].includes(w[2] ?? ''),
  (w) => ['go', 'cargo', 'deno', 'dotnet', 'mvn', 'gradle', './gradlew', 'mix', 'swift', 'zig'].includes(w[0]!) && w[1] === 'test',
  (w) => w[0] === 'node' && w.includes('--test'),
  (w) => w[0] === 'make' && ['test', 'check', 'tests'].includes(w[1] ?? ''),
  (w) => w[0] === 'bun' && w[1] === 'test',
];

/** True for commands that look like a test run: npm test, npx jest, pytest, go test, cargo test, node --test, make test... */
export function looksLikeTestRun(command: string): boolean {
  let commands;
  try {
    commands = parseCommandLine(command).commands;
  } catch {
    return false;
  }
  return commands.some(({ words }) => {
    let i = 0;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    const rest = words.slice(i);
    return rest.length > 0 && TEST_RUNNERS.some((matches) => matches(rest));
  });
}

export class RunSummary {
  readonly commandsRun: string[] = [];
  readonly testsRun: TestRun[] = [];

  recordCommand(command: string, exitCode: number | null): void {
    this.commandsRun.push(command);
    if (looksLikeTestRun(command)) this.testsRun.push({ command, ok: exitCode === 0 });
  }

  /** Rebuilds what earlier processes ran from the conversation (on resume). */
  replay(messages: readonly ConversationMessage[]): void {
    const commands = new Map<string, string>();
    for (const message of messages) {
      if (!Array.isArray(message.content)) continue;
      for (const block of message.content as Array<Record<string, unknown>>) {
        if (block.type === 'tool_use' && block.name === 'run_command') {
          const input = block.input as { command?: unknown } | undefined;
          if (typeof input?.command === 'string') commands.set(String(block.id), input.command);
        } else if (block.type === 'tool_result' && commands.has(String(block.tool_use_id))) {
          const text = typeof block.content === 'string' ? block.content : '';
          const exit = /\[exit code (\d+)\]\s*$/.exec(text);
          const edited = /^The user edited the command before approving it; it ran as: (.*)$/m.exec(text);
          const command = edited ? edited[1]! : commands.get(String(block.tool_use_id))!;
          if (exit) this.recordCommand(command, Number(exit[1]));
          else if (/\[(timed out|stopped|killed)/.test(text)) this.recordCommand(command, null);
        }
      }
    }
  }
}
