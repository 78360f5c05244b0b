// What a long agent run bills, in tokens and dollars: one scripted 50-step
// session (list, search, reads with re-reads, edits, commands) run by the real
// host and agent process against the fake Messages API server, whose `usage`
// splits input into uncached, cache-write and cache-read tokens from the
// request as Anthropic documents prompt caching (e2e/fixtures/fakeModel/promptCache.ts).
//
//   naive:   no cache breakpoints, no re-read answers, no compaction (the plain loop)
//   shipped: Offload's defaults
//   compacting: the defaults with compaction at 40k tokens (a long run's later steps)
//
// and, for the shared prompt prefix, 8 agents of one workspace started at once:
// how many of them read the tools + system prompt from the cache on their first call.
// Target: shipped bills at most 20% of naive's dollars.
//
// Usage: node dist/bench/tokens.js [--agent-entry PATH]
//   --agent-entry: another build's compiled agent (dist/src/agent-process/main.js),
//   to measure the same session before a change (only `shipped` and the shared prefix).

import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type RecordedRequest, type ScriptedTurn } from '../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../e2e/fixtures/scenarioHelpers.js';
import { SUMMARY_INSTRUCTION } from '../src/agent-process/context/compactor.js';
import type { ContextOptions } from '../src/shared/agent.js';
import { costOfUsage } from '../src/shared/cost.js';
import { DEFAULT_MODEL } from '../src/shared/cost.js';
import { atRest, cleanupOnSignal, machineInfo, openSandbox, round, waitFor } from './support/benchHost.js';

const STEPS = 50;
const FILES = 12;

/** A source file of ~120 lines (~1k tokens), different per index. */
function sourceFile(i: number): string {
  const lines = [`// module ${i}`, `export const name${i} = 'm${i}';`];
  for (let n = 0; n < 118; n++) lines.push(`export function f${i}_${n}(x: number): number { return x * ${n} + ${i}; }`);
  return lines.join('\n') + '\n';
}

/** The 50 steps: explore, read (a third of the reads are re-reads), edit, check. */
function sessionTurns(): ScriptedTurn[] {
  const turns: ScriptedTurn[] = [toolTurn('list_dir', {}), toolTurn('grep', { pattern: 'export const name', glob: '*.ts' })];
  let edits = 0;
  for (let step = 2; turns.length < STEPS; step++) {
    const file = `src/m${step % FILES}.ts`;
    if (step % 5 === 0) {
      turns.push(toolTurn('edit_file', { path: file, old_string: `// module ${step % FILES}\n`, new_string: `// module ${step % FILES} (edited ${++edits})\n` }));
    } else if (step % 7 === 0) {
      turns.push(toolTurn('run_command', { command: `wc -l ${file}` }));
    } else {
      turns.push(toolTurn('read_file', { path: file }));
    }
  }
  turns.push(textTurn('Done: edited the modules and checked them.'));
  return turns;
}

/** Plays the session in order per conversation; answers a compaction's summary request with a summary. */
function sessionScript() {
  const turns = sessionTurns();
  const next = new Map<string, number>();
  return (request: RecordedRequest): ScriptedTurn => {
    const messages = request.body.messages as Array<{ role: string; content: unknown }>;
    const last = messages[messages.length - 1]!;
    if (Array.isArray(last.content) && last.content.some((b: { text?: string }) => b.text === SUMMARY_INSTRUCTION)) {
      return textTurn('Summary: explored src/, read the modules, edited several headers, ran wc on some; go on with the remaining modules.');
    }
    const first = JSON.stringify(messages[0]!.content).slice(0, 200);
    const index = next.get(first) ?? 0;
    next.set(first, index + 1);
    return turns[index] ?? textTurn('Done.');
  };
}

interface RunFigures {
  requests: number;
  inputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
  outputTokens: number;
  dollars: number;
  compactions: number;
}

const entryFlag = process.argv.indexOf('--agent-entry');
const agentEntry = entryFlag > 0 ? process.argv[entryFlag + 1] : undefined;

async function runSession(baseUrl: string, label: string, context: ContextOptions, requests: () => RecordedRequest[]): Promise<RunFigures> {
  const sandbox = await openSandbox(baseUrl, { approval: 'ask' }, agentEntry);
  cleanupOnSignal(sandbox.cleanup);
  try {
    mkdirSync(join(sandbox.workspace, 'src'));
    for (let i = 0; i < FILES; i++) writeFileSync(join(sandbox.workspace, 'src', `m${i}.ts`), sourceFile(i));
    const before = requests().length;
    const [agent] = await sandbox.api.startAgents({ prompts: [promptFor('session', `Tidy the module headers (${label}).`)], options: { context } });
    const record = await waitFor(sandbox.api, agent!.id, atRest, 600_000);
    if (record.status !== 'completed') throw new Error(`${label}: the agent ended ${record.status}: ${record.error ?? ''}`);
    const mine = requests().slice(before);
    const figures: RunFigures = { requests: mine.length, inputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0, outputTokens: 0, dollars: 0, compactions: 0 };
    const events = await sandbox.api.getEvents(agent!.id);
    for (const event of events) {
      if (event.type === 'compacted') figures.compactions++;
      if (event.type !== 'usage') continue;
      figures.inputTokens += event.inputTokens;
      figures.cacheWriteTokens += event.cacheWriteTokens;
      figures.cacheReadTokens += event.cacheReadTokens;
      figures.outputTokens += event.outputTokens;
    }
    figures.dollars = round(costOfUsage(DEFAULT_MODEL, figures), 4);
    return figures;
  } finally {
    await sandbox.cleanup();
  }
}

async function sharedPrefix(baseUrl: string, requests: () => RecordedRequest[]) {
  const sandbox = await openSandbox(baseUrl, {}, agentEntry);
  cleanupOnSignal(sandbox.cleanup);
  try {
    const before = requests().length;
    const prompts = Array.from({ length: 8 }, (_, i) => promptFor('short', `Task ${i}: say done.`));
    const agents = await sandbox.api.startAgents({ prompts });
    await Promise.all(agents.map((a) => waitFor(sandbox.api, a.id, atRest, 300_000)));
    const firstCalls = requests().slice(before).filter((r) => r.turnIndex === 0);
    const usage = await Promise.all(
      agents.map(async (a) => (await sandbox.api.getEvents(a.id)).find((e) => e.type === 'usage') as { cacheReadTokens: number; cacheWriteTokens: number } | undefined),
    );
    return {
      agents: agents.length,
      firstCalls: firstCalls.length,
      firstCallsReadingSharedPrefix: usage.filter((u) => (u?.cacheReadTokens ?? 0) > 0).length,
      sharedPrefixTokens: Math.max(...usage.map((u) => u?.cacheReadTokens ?? 0)),
      firstCallWrites: usage.map((u) => u?.cacheWriteTokens ?? 0),
    };
  } finally {
    await sandbox.cleanup();
  }
}

async function main(): Promise<void> {
  const server = await startFakeModelServer({ scenarios: { session: sessionScript(), short: [textTurn('Done.')] } });
  try {
    const requests = () => server.requests;
    const naive = agentEntry ? null : await runSession(server.url, 'naive', { promptCaching: false, rereadCache: false, compactAtTokens: 100_000_000 }, requests);
    const shipped = await runSession(server.url, 'shipped', { promptCaching: true, rereadCache: true, compactAtTokens: null }, requests);
    const compacting = agentEntry ? null : await runSession(server.url, 'compacting', { promptCaching: true, rereadCache: true, compactAtTokens: 40_000 }, requests);
    const prefix = await sharedPrefix(server.url, requests);
    const ratio = naive ? round(shipped.dollars / naive.dollars, 3) : null;
    console.log(
      JSON.stringify(
        {
          bench: 'tokens',
          steps: STEPS,
          model: DEFAULT_MODEL,
          naive,
          shipped,
          compacting,
          shippedToNaiveDollars: ratio,
          target: { shippedToNaiveDollarsAtMost: 0.2, met: ratio === null ? null : ratio <= 0.2 },
          agentEntry: agentEntry ?? 'this build',
          sharedPrefixAcross8Agents: prefix,
          machine: await machineInfo(),
        },
        null,
        2,
      ),
    );
  } finally {
    await server.close();
  }
}

await main();
