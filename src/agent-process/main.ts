// The agent process's entry (dist/src/agent-process/main.js). Started by the
// supervisor through a launcher: Electron's utilityProcess (messages through
// process.parentPort) or child_process.fork (process.send). It serves
// AgentProcessService and calls AgentHostService over the RPC envelope.
// It never imports electron: the transport is picked at run time.

import nodeModule from 'node:module';
import { config as zodConfig } from 'zod';
import type { AgentHostService, AgentInit, AgentProcessService } from '../shared/contract/agentHost.js';
import { createRpcClient } from '../shared/rpc/client.js';
import { RpcError, type RpcTransport } from '../shared/rpc/envelope.js';
import { serveRpc } from '../shared/rpc/server.js';
import type { AgentLoop } from './agentLoop.js';
import { batchingHost } from './ipc/batchedEmits.js';
import { createProcessTransport } from '../shared/rpc/processTransport.js';
import { createParentPortTransport, type ParentPortLike } from './ipc/parentPortTransport.js';
import { ProcessGroups } from './processGroups.js';
import { isSecretEnvName, isSecretEnvValue } from '../shared/secretEnv.js';
import { redactingHost, redactSecrets } from './secretRedaction.js';

function pickTransport(): RpcTransport {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  // A malformed message is dropped and said on stderr (the host's debug log).
  const onMalformed = (problem: string) => void process.stderr.write(`Offload agent process: ${problem}\n`);
  if (parentPort) return createParentPortTransport(parentPort, { onMalformed });
  if (typeof process.send === 'function') return createProcessTransport(process, { onMalformed });
  process.stderr.write('The Offload agent process must be started by the Offload supervisor (no IPC channel found).\n');
  process.exit(2);
}

// Node >= 22.1 (Electron's) keeps compiled code on disk, so every agent after
// the first skips compiling the SDK; older Node has no such function.
try {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
} catch {
  // a cache that cannot be written only costs speed
}

// zod compiles a parser for each object schema the first time it checks one
// (`new Function`), which pays off after many checks: the host's. An agent checks
// a handful of messages (its `start`, the host's answers, the model's tool
// inputs), and compiling them cost ~10 ms before its first model request
// (issue 11, bench/agentStart), so here they are checked as zod walks them.
zodConfig({ jitless: true });

const transport = pickTransport();
// The loop pulls in the SDK, which takes most of the start-up time: load it
// while the supervisor sends `start`, instead of before we can answer.
const loopModule = import('./agentLoop.js');
// The contract's schemas (zod) load beside it: start() checks its init with them.
const schemasModule = import('../shared/contract/agentHostSchemas.js');
// Every answer of the host is checked against the contract before the agent
// acts on it (a malformed answer to a pause must never pass for an approval).
// The schemas load beside the loop; every call that has an answer to check
// comes after start(), which has already waited for them.
const host = batchingHost(
  createRpcClient<AgentHostService, Record<string, never>>(transport, {
    checkResult: async (method, result) => (await schemasModule).validateAgentHostResult(method, result),
  }).call,
);
const processGroups = new ProcessGroups();
let loop: AgentLoop | null = null;
let cancelledBeforeStart = false;
/** The API key, once start() brings it: taken out of every event, pause and crash report. */
const secrets: string[] = [];
let exiting = false;

/** Kills every command the agent started, then exits. */
async function shutdown(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  loop?.cancel();
  await processGroups.killAll(500);
  process.exit(code);
}

/** Every secret an init carries besides the API key (values of 8+ characters: shorter ones are not worth hiding and would mangle text). */
function initSecrets(init: AgentInit): string[] {
  const out: string[] = [];
  const credentials = init.providerCredentials;
  if (credentials?.secret) out.push(credentials.secret);
  if (credentials?.aws) out.push(credentials.aws.secretAccessKey, ...(credentials.aws.sessionToken ? [credentials.aws.sessionToken] : []));
  for (const server of init.mcp?.servers ?? []) {
    const config = server.config as { env?: Record<string, string>; headers?: Record<string, string> };
    // Headers of a remote server are mostly credentials; env values only when their name or value says so.
    out.push(...Object.values(config.headers ?? {}));
    for (const [name, value] of Object.entries(config.env ?? {})) if (isSecretEnvName(name) || isSecretEnvValue(value)) out.push(value);
  }
  return out.filter((value) => typeof value === 'string' && value.length >= 8);
}

const service: AgentProcessService = {
  async start(init: AgentInit) {
    if (loop) throw new RpcError('This agent process has already started; start a new process to resume.', 'CONFLICT');
    // What the host sent is checked against the contract (a host of another release, a bug): BAD_INPUT names what is wrong.
    const { validateAgentProcessParams } = await schemasModule;
    validateAgentProcessParams('start', [init]);
    const { AgentLoop } = await loopModule;
    if (loop) throw new RpcError('This agent process has already started; start a new process to resume.', 'CONFLICT');
    if (typeof init.apiKey === 'string') secrets.push(init.apiKey);
    // Provider secrets and MCP servers' env and headers are kept out of events too.
    for (const secret of initSecrets(init)) secrets.push(secret);
    loop = new AgentLoop({ init, host: redactingHost(host, secrets), processGroups });
    if (cancelledBeforeStart) loop.cancel();
    // start() answers at once; the run reports through events and ends with `finished`.
    void loop.run().then(
      () => shutdown(0),
      () => shutdown(1),
    );
  },
  async cancel() {
    cancelledBeforeStart = true;
    loop?.cancel();
  },
};
serveRpc(transport, service);

// The supervisor went away: nobody can answer pauses or log events any more.
transport.onClose?.(() => void shutdown(1));

async function crash(error: unknown): Promise<void> {
  const message = redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error), secrets);
  process.stderr.write(`Offload agent process crashed: ${message}\n`);
  if (!exiting) {
    const short = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
    await Promise.race([
      host.emit({ type: 'error', message: `The agent process crashed: ${short}` }).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 500)),
    ]);
  }
  await shutdown(1);
}
process.on('uncaughtException', (error) => void crash(error));
process.on('unhandledRejection', (reason) => void crash(reason));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void shutdown(1));
// Last resort: whatever way the process ends, its commands end with it.
process.on('exit', () => {
  processGroups.killAllNow();
  loop?.killMcpNow();
});
