// A stand-in agent process for the supervisor's own tests: it speaks the real
// RPC over process.send and does what its prompt says, so the supervisor's
// handling of pauses, crashes, cancels and hosts that die is tested without a
// model. (The real agent is tested end to end in cli.test.ts.)
//
// Prompt words: "ask" pauses for input; "approve" pauses for approval; "hang"
// never finishes; "crash" exits 7; "write" reports a write of notes.txt;
// "rogue" makes calls that break the contract and reports what it was told.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentHostService, AgentInit } from '../../src/shared/contract/agentHost.js';
import { createRpcClient, serveRpc, type RpcMessage, type RpcTransport } from '../../src/shared/rpc/index.js';

const transport: RpcTransport = {
  send: (m: RpcMessage) => void process.send!(m),
  onMessage: (l) => {
    const h = (m: unknown) => l(m as RpcMessage);
    process.on('message', h);
    return () => process.off('message', h);
  },
};
const host = createRpcClient<AgentHostService, Record<string, unknown>>(transport).call;
let cancelled = false;
process.on('disconnect', () => process.exit(0));

async function run(init: AgentInit): Promise<void> {
  const words = init.prompt.split(/\s+/);
  await host.acquireRateLimit({ inputTokens: 10, outputTokens: 10 });
  await host.emit({ type: 'text', text: `hello from ${init.name}\n` });
  if (init.followUp) await host.emit({ type: 'text', text: `follow-up: ${init.followUp}\n` });
  await host.emit({ type: 'tool_call', tool: 'list_dir', toolUseId: 'tu-1', input: {} });
  await host.emit({ type: 'tool_result', tool: 'list_dir', toolUseId: 'tu-1', ok: true, content: 'a' });
  if (words.includes('write')) {
    await host.beforeWrite({ paths: ['notes.txt'], step: 1 });
    writeFileSync(join(init.workspace, 'notes.txt'), 'notes\n');
    await host.afterWrite({ paths: ['notes.txt'], step: 1 });
  }
  if (words.includes('ask')) {
    const answer = await host.pause({ kind: 'input', question: 'Which colour?', toolUseId: 'ask-1' });
    await host.emit({ type: 'text', text: `answer: ${JSON.stringify(answer)}\n` });
  }
  if (words.includes('approve')) {
    const answer = await host.pause({ kind: 'approval', command: 'touch x', toolUseId: 'cmd-1', reason: 'command' });
    await host.emit({ type: 'text', text: `decision: ${JSON.stringify(answer)}\n` });
  }
  if (words.includes('rogue')) {
    const refusals: string[] = [];
    const attempt = (call: () => Promise<unknown>) => call().then(() => refusals.push('accepted'), (e: Error & { code?: string }) => refusals.push(`${e.code}: ${e.message}`));
    const anyHost = host as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await attempt(() => anyHost.emit!({ type: 'finishd', status: 'completed' }));
    await attempt(() => anyHost.emitBatch!([{ type: 'text', text: 'fine' }, { type: 'text', text: 5 }]));
    await attempt(() => anyHost.emit!({ type: 'started', name: 'me', prompt: 'p', options: {}, workspace: '/' }));
    await attempt(() => anyHost.emit!({ type: 'tool_result', tool: 'x', toolUseId: 'tu-9', ok: true, content: 'c', secretField: 1 }));
    await attempt(() => anyHost.pause!({ kind: 'input', question: 'no id' }));
    await attempt(() => anyHost.acquireRateLimit!({ inputTokens: -1, outputTokens: 'many' }));
    await attempt(() => anyHost.beforeWrite!({ paths: 'notes.txt', step: 1 }));
    await attempt(() => anyHost.emitt!({ type: 'text', text: 'typo' }));
    // Not even an envelope: dropped by the transport (no id to answer to).
    process.send!({ t: 'req', id: 'x', method: 'emit' });
    process.send!({ t: 'cancel', id: 1 });
    await host.emit({ type: 'text', text: `refusals: ${JSON.stringify(refusals)}\n` });
  }
  if (words.includes('crash')) process.exit(7);
  if (words.includes('hang')) {
    while (!cancelled) await new Promise((r) => setTimeout(r, 50));
  }
  await host.emit({
    type: 'finished',
    status: cancelled ? 'cancelled' : 'completed',
  });
  setTimeout(() => process.exit(0), 20);
}

serveRpc(transport, {
  async start(init: AgentInit) {
    void run(init).catch((error) => {
      process.stderr.write(String(error) + '\n');
      process.exit(3);
    });
  },
  async cancel() {
    cancelled = true;
  },
});
