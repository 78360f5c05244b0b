// A small supervisor for tests of the real agent process: forks
// dist/src/agent-process/main.js with child_process.fork, serves the agent's
// host contract over process.send (rate limits granted at once, events
// recorded, pauses answered by the test) and points the real SDK at a fake
// Messages API server.

import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentOptions, PendingItem } from '../../src/shared/agent.js';
import type {
  AgentEmittedEvent,
  AgentHostService,
  AgentInit,
  AgentProcessService,
  PauseAnswer,
  RateLimitObservation,
  RateLimitRequest,
  WriteIntent,
} from '../../src/shared/contract/agentHost.js';
import { createRpcClient, serveRpc } from '../../src/shared/rpc/index.js';
import { createProcessTransport } from '../../src/shared/rpc/processTransport.js';

const AGENT_ENTRY = fileURLToPath(new URL('../../src/agent-process/main.js', import.meta.url));

export const OPTIONS: AgentOptions = { approval: 'ask', scope: [], allowedCommands: [], webSearch: false, mode: 'background' };

export interface Harness {
  child: ChildProcess;
  events: AgentEmittedEvent[];
  pauses: PendingItem[];
  acquires: RateLimitRequest[];
  reports: RateLimitObservation[];
  writes: WriteIntent[];
  commandPids: number[];
  finished: Promise<Extract<AgentEmittedEvent, { type: 'finished' }>>;
  exited: Promise<number | null>;
  agent: AgentProcessService;
}

export function eventsOf<T extends AgentEmittedEvent['type']>(h: Harness, type: T): Extract<AgentEmittedEvent, { type: T }>[] {
  return h.events.filter((e) => e.type === type) as Extract<AgentEmittedEvent, { type: T }>[];
}

export async function startAgentWith(
  serverUrl: () => Promise<string>,
  workspace: string,
  prompt: string,
  options: Partial<AgentOptions> = {},
  answer: (item: PendingItem) => PauseAnswer | Promise<PauseAnswer> = () => {
    throw new Error('unexpected pause');
  },
  initOverrides: Partial<AgentInit> = {},
  extraEnv: Record<string, string> = {},
): Promise<Harness> {
  const baseUrl = await serverUrl();
  const env = { ...process.env };
  delete env.ANTHROPIC_API_KEY;
  Object.assign(env, extraEnv);
  const child = fork(AGENT_ENTRY, [], { cwd: workspace, env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const transport = createProcessTransport(child);
  let resolveFinished!: (e: Extract<AgentEmittedEvent, { type: 'finished' }>) => void;
  const h: Harness = {
    child,
    events: [],
    pauses: [],
    acquires: [],
    reports: [],
    writes: [],
    commandPids: [],
    finished: new Promise((r) => (resolveFinished = r)),
    exited: new Promise((r) => child.on('exit', (code) => r(code))),
    agent: createRpcClient<AgentProcessService, Record<string, never>>(transport).call,
  };
  const host: AgentHostService = {
    async acquireRateLimit(request) {
      h.acquires.push(request);
    },
    async reportRateLimit(observation) {
      h.reports.push(observation);
    },
    async emit(event) {
      h.events.push(event);
      if (event.type === 'finished') resolveFinished(event);
    },
    async emitBatch(events, rateLimits) {
      h.reports.push(...(rateLimits ?? []));
      // A batch is taken whole, before anything else runs, as the host's log does (one
      // append per batch). An await per event let the next batch, delivered by the same
      // IPC read, slip its events in between this one's.
      for (const event of events) {
        h.events.push(event);
        if (event.type === 'finished') resolveFinished(event);
      }
    },
    async pause(item) {
      h.pauses.push(item);
      return answer(item);
    },
    async beforeWrite(intent) {
      h.writes.push(intent);
    },
    async afterWrite() {},
    async beforeCommand() {},
    async afterCommand() {
      return { changedPaths: [] };
    },
    async commandStarted({ pid }) {
      h.commandPids.push(pid);
    },
    async commandEnded() {},
  };
  serveRpc(transport, host);
  const init: AgentInit = {
    agentId: 'agent-1',
    name: 'brave-otter',
    prompt,
    workspace,
    model: 'claude-sonnet-4-6',
    apiKey: 'test-key',
    baseUrl,
    options: { ...OPTIONS, ...options },
    messages: [],
    completedToolResults: {},
    stepsSoFar: 0,
    rules: { file: 'AGENTS.md', content: 'Always be brief.' },
    ...initOverrides,
  };
  await h.agent.start(init);
  return h;
}

export async function tempWorkspace(): Promise<{ root: string; ws: string; cleanup: () => Promise<void> }> {
  const root = await realpath(await mkdtemp(path.join(tmpdir(), 'offload-agent-it-')));
  const ws = path.join(root, 'ws');
  await mkdir(ws);
  return { root, ws, cleanup: () => rm(root, { recursive: true, force: true }) };
}

