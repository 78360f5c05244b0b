// Shared by this folder's unit tests: temp workspaces and a recording host.

import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentOptions, PendingItem } from '../shared/agent.js';
import type { AgentEmittedEvent, AgentHostService, PauseAnswer, WriteIntent } from '../shared/contract/agentHost.js';
import { RpcError } from '../shared/rpc/envelope.js';
import { ProcessGroups } from './processGroups.js';
import { CodebaseIndex } from './tools/codebaseIndex.js';
import type { ToolContext } from './tools/toolContext.js';

export async function tempDir(prefix = 'offload-agent-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export const DEFAULT_TEST_OPTIONS: AgentOptions = {
  approval: 'ask',
  scope: [],
  allowedCommands: [],
  webSearch: false,
  mode: 'background',
};

export interface HostRecords {
  events: AgentEmittedEvent[];
  writes: Array<{ phase: 'before' | 'after'; intent: WriteIntent }>;
  commands: Array<{ phase: 'before' | 'after' | 'started' | 'ended'; info: unknown }>;
  pauses: PendingItem[];
}

export function recordingHost(options: {
  answer?: (item: PendingItem) => PauseAnswer;
  conflictOn?: string;
  changedByCommand?: string[];
} = {}): { host: AgentHostService; log: HostRecords } {
  const log: HostRecords = { events: [], writes: [], commands: [], pauses: [] };
  const host: AgentHostService = {
    async acquireRateLimit() {},
    async reportRateLimit() {},
    async emit(event: AgentEmittedEvent) {
      log.events.push(event);
    },
    async emitBatch(events: AgentEmittedEvent[]) {
      log.events.push(...events);
    },
    async pause(item: PendingItem) {
      log.pauses.push(item);
      if (!options.answer) throw new Error('unexpected pause');
      return options.answer(item);
    },
    async beforeWrite(intent: WriteIntent) {
      if (options.conflictOn && intent.paths.includes(options.conflictOn)) {
        throw new RpcError(`"${options.conflictOn}" is being changed by agent brave-otter.`, 'CONFLICT');
      }
      log.writes.push({ phase: 'before', intent });
    },
    async afterWrite(intent: WriteIntent) {
      log.writes.push({ phase: 'after', intent });
    },
    async beforeCommand(info) {
      log.commands.push({ phase: 'before', info });
    },
    async afterCommand(info) {
      log.commands.push({ phase: 'after', info });
      return { changedPaths: options.changedByCommand ?? [] };
    },
    async commandStarted(info) {
      log.commands.push({ phase: 'started', info });
    },
    async commandEnded(info) {
      log.commands.push({ phase: 'ended', info });
    },
  };
  return { host, log };
}

export function toolContext(workspace: string, host: AgentHostService, overrides: Partial<ToolContext> = {}): ToolContext {
  const output: string[] = [];
  return {
    workspace,
    options: DEFAULT_TEST_OPTIONS,
    host,
    step: 1,
    toolUseId: 'toolu_test',
    emitOutput: (chunk) => output.push(chunk),
    processGroups: new ProcessGroups(),
    searchIndex: new CodebaseIndex(workspace),
    cancelSignal: new AbortController().signal,
    changedFiles: new Set<string>(),
    protectedPaths: [],
    ...overrides,
  };
}
