// The completion summary, computed once, by the host, from the agent's log:
// the files changed (from the review), every command that ran (the
// `tool_result` of run_command carries the command that really ran, after an
// edit at approval, and its exit code) and which of those were test runs.
// The agent process does not compute it; a crash, a cancel or a kill changes nothing.

import { parse } from 'shell-quote';
import type { AgentSummary, FileChangeSummary, TestRun } from '../../shared/agent.js';
import type { AgentEvent } from '../../shared/events.js';

/** Test runners, matched on the words of one simple command (after any VAR=value prefixes). */
const TEST_RUNNERS: Array<(w: string[]) => boolean> = [
  (w) => ['npm', 'pnpm', 'yarn', 'bun'].includes(w[0]!) && (w[1] === 'test' || w[1] === 't'),
  (w) => ['npm', 'pnpm', 'yarn', 'bun'].includes(w[0]!) && w[1] === 'run' && /^test/.test(w[2] ?? ''),
  (w) => ['npx', 'pnpx', 'bunx'].includes(w[0]!) && ['jest', 'vitest', 'mocha', 'ava', 'tap', 'playwright', 'cypress'].includes(w[1] ?? ''),
  (w) => ['jest', 'vitest', 'mocha', 'ava', 'pytest', 'tox', 'rspec', 'phpunit', 'nox'].includes(w[0]!),
  (w) => /^python3?$/.test(w[0]!) && w[1] === '-m' && ['pytest', 'unittest'].includes(w[2] ?? ''),
  (w) => ['go', 'cargo', 'deno', 'dotnet', 'mvn', 'gradle', './gradlew', 'mix', 'swift', 'zig'].includes(w[0]!) && w[1] === 'test',
  (w) => w[0] === 'node' && w.includes('--test'),
  (w) => w[0] === 'make' && ['test', 'check', 'tests'].includes(w[1] ?? ''),
];

/**
 * True when one of the line's simple commands runs a test runner: `npm test`,
 * `bun test`, `yarn run test:unit`, `CI=1 pytest`, `npm run build && npm test`.
 * Words elsewhere do not count: `echo npm test`, `git log --grep jest`.
 */
export function looksLikeTestRun(command: string): boolean {
  let tokens: ReturnType<typeof parse>;
  try {
    tokens = parse(command, (name) => `$${name}`);
  } catch {
    return false;
  }
  const commands: string[][] = [[]];
  for (const token of tokens) {
    if (typeof token === 'string') commands[commands.length - 1]!.push(token);
    else if ('op' in token && token.op !== 'glob') commands.push([]);
    else if ('pattern' in token) commands[commands.length - 1]!.push(String(token.pattern));
    // comments end the line's words: nothing after them runs
    else if ('comment' in token) break;
  }
  return commands.some((words) => {
    let i = 0;
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    const rest = words.slice(i);
    return rest.length > 0 && TEST_RUNNERS.some((matches) => matches(rest));
  });
}

/**
 * `filesChanged` is the review's list; null when the review could not be read
 * (the workspace is gone): the log's `file_changed` paths stand in for it.
 */
export function summaryFromEvents(events: readonly AgentEvent[], filesChanged: FileChangeSummary[] | null): AgentSummary {
  const changedPaths = new Set<string>();
  const commandsRun: string[] = [];
  const testsRun: TestRun[] = [];
  const requested = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'file_changed') changedPaths.add(event.path);
    if (event.type === 'tool_call' && event.tool === 'run_command') {
      requested.set(event.toolUseId, String((event.input as { command?: unknown })?.command ?? ''));
    } else if (event.type === 'tool_result' && event.tool === 'run_command') {
      let command: string;
      let ok: boolean;
      if (event.command === null) {
        continue; // it did not run (refused, denied, bad input)
      } else if (event.command !== undefined) {
        command = event.command;
        ok = event.exitCode === 0;
      } else {
        // A log written before tool_result carried the command (version 1 events).
        const asked = requested.get(event.toolUseId);
        if (asked === undefined) continue;
        command = asked;
        ok = event.ok;
      }
      commandsRun.push(command);
      if (looksLikeTestRun(command)) testsRun.push({ command, ok });
    }
  }
  if (filesChanged === null) return { filesChanged: [], changedPathsFromLog: [...changedPaths], commandsRun, testsRun };
  return { filesChanged, commandsRun, testsRun };
}
