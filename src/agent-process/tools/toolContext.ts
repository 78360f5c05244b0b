// What every tool gets to work with, and what it gives back.

import type { AgentOptions } from '../../shared/agent.js';
import type { AgentHostService } from '../../shared/contract/agentHost.js';
import type { CodebaseIndex } from './codebaseIndex.js';
import type { ProcessGroups } from '../processGroups.js';

export interface ToolContext {
  /** The workspace's real path (symlinks resolved once at start). */
  workspace: string;
  options: AgentOptions;
  host: AgentHostService;
  /** This tool call's step number (one step per tool call). */
  step: number;
  toolUseId: string;
  /** Streams a running command's output to the host. */
  emitOutput(chunk: string): void;
  /** Process groups of running commands, killed when the agent stops. */
  processGroups: ProcessGroups;
  searchIndex: CodebaseIndex;
  /** Aborted when the user cancels the agent. */
  cancelSignal: AbortSignal;
  /** Workspace-relative paths this agent changed in this run (allowed patterns do not cover changed scripts). */
  changedFiles: ReadonlySet<string>;
  /** Absolute paths commands must never read (OFFLOAD_HOME). */
  protectedPaths: readonly string[];
  /** Tells the user something once per agent (e.g. that no OS sandbox is available). */
  notice?: (message: string) => void;
  /**
   * Calls `onFault` once if the workspace is deleted, unmounted, turns
   * read-only or fills up (workspaceGuard.ts) while a command runs; returns a stop function.
   */
  watchWorkspace?: (onFault: (fault: { kind: string; message: string }) => void) => () => void;
}

export interface ToolOutcome {
  ok: boolean;
  /** What the model is told. */
  content: string;
  /** Workspace-relative paths the tool changed. */
  changedPaths?: string[];
}

/** A failure the model should see as the tool's result (never a crash). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
