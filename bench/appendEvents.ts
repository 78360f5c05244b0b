// How fast the event log is: the supervisor appends several events per agent
// step, so append cost is part of its per-step overhead (target under 2 ms a
// step), and `list`/`show`/resume read whole logs.
// Prints JSON: { "appendMsPerEvent", "appendConcurrentMsPerEvent", "readMsPer10kEvents", ... }

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentEventBody } from '../src/shared/events.js';
import { AgentEventLog } from '../src/main/store/eventLog.js';
import { agentLogPath } from '../src/main/store/homePaths.js';

const APPENDS = 5_000;
const READ_EVENTS = 10_000;

/** A mix like a real step: a tool call, some output, its result, usage. */
function sampleEvent(i: number): AgentEventBody {
  switch (i % 4) {
    case 0:
      return { type: 'tool_call', tool: 'read_file', toolUseId: `toolu_${i}`, input: { path: `src/module${i % 50}.ts` } };
    case 1:
      return { type: 'tool_output', tool: 'run_command', toolUseId: `toolu_${i}`, chunk: 'PASS test/example.test.ts\n'.repeat(8) };
    case 2:
      return { type: 'tool_result', tool: 'read_file', toolUseId: `toolu_${i}`, ok: true, content: 'export const x = 1;\n'.repeat(40) };
    default:
      return { type: 'usage', model: 'claude-sonnet-4-5', inputTokens: 1200, outputTokens: 300, cacheReadTokens: 9000, cacheWriteTokens: 0, premiumRequests: 1, costUsd: 0.0105 };
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-bench-append-'));
  try {
    const log = new AgentEventLog(dir);
    await log.append('warmup', sampleEvent(0));

    // Sequential, as one agent's steps are.
    let start = performance.now();
    for (let i = 0; i < APPENDS; i++) await log.append('sequential', sampleEvent(i));
    const appendMsPerEvent = (performance.now() - start) / APPENDS;

    // Eight agents at once, as a busy host has.
    start = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async (_, agent) => {
        for (let i = 0; i < APPENDS / 8; i++) await log.append(`agent${agent}`, sampleEvent(i));
      }),
    );
    const appendConcurrentMsPerEvent = (performance.now() - start) / APPENDS;

    for (let i = 0; i < READ_EVENTS; i++) await log.append('big', sampleEvent(i));
    await log.close();
    const reader = new AgentEventLog(dir);
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) {
      start = performance.now();
      const events = await reader.read('big');
      runs.push(performance.now() - start);
      if (events.length !== READ_EVENTS) throw new Error(`read ${events.length} events, expected ${READ_EVENTS}`);
    }
    runs.sort((a, b) => a - b);
    const bytes = (await stat(agentLogPath(dir, 'big'))).size;

    console.log(
      JSON.stringify({
        appendMsPerEvent: round(appendMsPerEvent),
        appendConcurrentMsPerEvent: round(appendConcurrentMsPerEvent),
        readMsPer10kEvents: round(runs[Math.floor(runs.length / 2)]!),
        logBytesPer10kEvents: bytes,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

await main();
