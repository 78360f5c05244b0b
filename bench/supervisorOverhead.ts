// Supervisor overhead per step with a zero-latency model (issue 2, target:
// under 2 ms a step).
//
// One real agent process (real SDK) against the fake model server with no
// delays makes STEPS cheap tool calls (list_dir and read_file of a tiny file;
// every 10th a write_file of a tiny file, so the stuck guard's "12 repeated
// steps without progress" never pauses it, and the review hooks a write costs
// are in the figure too). A client is attached to the host as a UI would be, so every
// event is also fanned out through the RPC event path.
//
// The supervisor's own time is measured on the host side of the agent's pipe:
// each RPC the agent makes (emit/emitBatch, acquireRateLimit, reportRateLimit,
// beforeWrite/afterWrite, ...) is timed from its message reaching the host to
// the host sending the answer (validation, log append, fold, fan-out, review
// hooks). A step's host time is the union of those intervals between one
// tool_call and the next (the agent does not wait for its emits, so calls may
// overlap; overlap is counted once). The end-to-end step time (tool_call to
// tool_call, with the model round trip and the tool itself) is printed beside
// it for scale, and so is the host process's CPU time per step (user +
// system, steady state), which leaves out the waits for the disk and for a
// core on a loaded machine that the wall-clock figure includes. The fake server runs in a child process, so its work is not
// counted as the host's.
//
// Prints one JSON object. Run: node dist/bench/supervisorOverhead.js [--steps N]

import { promptFor, textTurn, toolTurn } from '../e2e/fixtures/scenarioHelpers.js';
import type { ScriptedTurn } from '../e2e/fixtures/fakeModel/types.js';
import { atRest, cleanupOnSignal, machineInfo, openSandbox, round, summarize, waitFor, type HostCall } from './support/benchHost.js';
import { startRemoteFakeServer } from './support/fakeServerProcess.js';

const args = process.argv.slice(2);
const STEPS = Number(args[args.indexOf('--steps') + 1] ?? 0) || 200;
/** The first steps load the tools and warm the JIT: reported apart. */
const WARMUP_STEPS = 10;

function turn(i: number): ScriptedTurn {
  if (i >= STEPS) return textTurn('All looked at.');
  if (i % 10 === 9) return toolTurn('write_file', { path: 'scratch.txt', content: `step ${i}\n` });
  return i % 2 === 0 ? toolTurn('list_dir', {}) : toolTurn('read_file', { path: 'tiny.txt' });
}

/** Total length of the union of [start, end] intervals. */
function unionLength(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const [s, e] of sorted) {
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else curEnd = Math.max(curEnd, e);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

function isToolCall(call: HostCall): boolean {
  return eventTypes(call).includes('tool_call');
}

/** The event types an `emit` (one event) or `emitBatch` (an agent's events of one tick) carried. */
function eventTypes(call: HostCall): string[] {
  if (call.method === 'emit') return [String((call.arg as { type?: string } | null)?.type)];
  if (call.method === 'emitBatch' && Array.isArray(call.arg)) return (call.arg as Array<{ type?: string }>).map((e) => String(e.type));
  return [];
}

async function main(): Promise<void> {
  // In a process of its own: here its work would share the host's event loop and count as the host's.
  // Its headers advertise limits far above one agent's pace: at the default 4,000 rpm (one call per 15 ms,
  // about this bench's step) the limiter would rightly pace the agent, and that wait is not the supervisor's cost.
  const server = await startRemoteFakeServer({
    scenarios: { many: Array.from({ length: STEPS + 1 }, (_, i) => turn(i)) },
    rateLimits: { rpm: 1_000_000, itpm: 1_000_000_000, otpm: 1_000_000_000 },
  });
  // Limits far above what one agent reaches: the limiter answers at once, as it does under its limit.
  const sandbox = await openSandbox(server.url, { rateLimits: { rpm: 1_000_000, itpm: 1_000_000_000, otpm: 1_000_000_000 } });
  const cleanup = async () => {
    await sandbox.cleanup();
    await server.close();
  };
  cleanupOnSignal(cleanup);
  try {
    const { api, launcher } = sandbox;
    const startedAt = performance.now();
    const [agent] = await api.startAgents({ prompts: [promptFor('many', 'Look around a lot.')] });
    const done = await waitFor(api, agent!.id, atRest, 300_000);
    const wallMs = performance.now() - startedAt;
    if (done.status !== 'completed') throw new Error(`the agent ended ${done.status}: ${done.error ?? ''}`);

    const calls = launcher.calls.filter((c) => c.method !== 'start');
    const boundaries = calls.filter(isToolCall).map((c) => c.start);
    // Host time of each step: calls that arrived between its tool_call and the next one's.
    const hostMs: number[] = [];
    const stepMs: number[] = [];
    for (let i = 0; i < boundaries.length; i++) {
      const from = boundaries[i]!;
      const to = boundaries[i + 1] ?? Infinity;
      const inStep = calls.filter((c) => c.start >= from && c.start < to).map((c) => [c.start, c.end] as [number, number]);
      hostMs.push(unionLength(inStep));
      if (i + 1 < boundaries.length) stepMs.push(to - from);
    }
    const byMethod: Record<string, ReturnType<typeof summarize>> = {};
    const methods = new Map<string, number[]>();
    for (const c of calls) {
      const key = c.method === 'emit' || c.method === 'emitBatch' ? `${c.method}:${eventTypes(c).join('+')}` : c.method;
      methods.set(key, [...(methods.get(key) ?? []), c.end - c.start]);
    }
    for (const [name, values] of [...methods].sort()) byMethod[name] = summarize(values);

    // CPU the host process spent per step (the fake server runs elsewhere, so this is the host's work).
    const cpu = launcher.cpuMsAtToolCall;
    const hostCpuMsPerStep = cpu.length > WARMUP_STEPS + 1 ? (cpu.at(-1)! - cpu[WARMUP_STEPS]!) / (cpu.length - 1 - WARMUP_STEPS) : null;
    const steady = hostMs.slice(WARMUP_STEPS);
    const hostPerStep = summarize(steady);
    console.log(
      JSON.stringify({
        bench: 'supervisorOverhead',
        steps: done.steps,
        modelRequests: (await server.requests()).stats.requests,
        hostMsPerStep: hostPerStep,
        hostCpuMsPerStep: hostCpuMsPerStep === null ? null : round(hostCpuMsPerStep),
        hostMsPerStepWarmup: summarize(hostMs.slice(0, WARMUP_STEPS)),
        endToEndStepMs: summarize(stepMs.slice(WARMUP_STEPS)),
        hostMsPerCall: byMethod,
        eventsFannedOut: sandbox.eventsSeen(),
        recordsFannedOut: sandbox.recordsSeen(),
        agentRpcsPerStep: round(calls.length / Math.max(1, boundaries.length), 2),
        wallMs: round(wallMs, 0),
        target: { hostMsPerStep: 2 },
        met: { hostMsPerStep: hostPerStep.p50 < 2 },
        machine: await machineInfo(),
      }),
    );
  } finally {
    await cleanup();
  }
}

await main();
