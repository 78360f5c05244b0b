// User settings. The API key is never part of these: it lives in the keychain
// or a user-only file, and the page only learns whether one is set.

import type { ApprovalPolicy } from './agent.js';

/**
 * Limits the user knows (e.g. copied from the Console). null: not set, so the
 * limiter learns the limits from the API's headers and invents none.
 */
export interface RateLimits {
  rpm: number | null;
  itpm: number | null;
  otpm: number | null;
}

export interface Settings {
  defaultModel: string | null;
  approval: ApprovalPolicy;
  allowedCommands: string[];
  maxRequestsPerAgent: number | null;
  maxCostPerAgentUsd: number | null;
  monthlyPremiumRequests: number | null;
  concurrency: number;
  rateLimits: RateLimits;
  webSearch: boolean;
  /** Answer a re-read of an unchanged file with "unchanged since step N". */
  rereadCache: boolean;
  /** Compact an agent's conversation at this many prompt tokens; null: at 80% of the model's context window. */
  compactAtTokens: number | null;
  /** Where agents work by default: the working tree itself, or a git worktree of their own. */
  isolation: Isolation;
  /** Ignored paths (e.g. node_modules) symlinked into an agent's worktree. */
  worktreeLink: string[];
  /** Ignored paths (e.g. .env) copied into an agent's worktree. */
  worktreeCopy: string[];
}

export const ISOLATIONS = ['working-tree', 'worktree'] as const;
export type Isolation = (typeof ISOLATIONS)[number];

export const DEFAULT_SETTINGS: Settings = {
  defaultModel: null,
  approval: 'ask',
  allowedCommands: [],
  maxRequestsPerAgent: null,
  maxCostPerAgentUsd: null,
  monthlyPremiumRequests: null,
  concurrency: 5,
  rateLimits: { rpm: null, itpm: null, otpm: null },
  webSearch: true,
  rereadCache: true,
  compactAtTokens: null,
  isolation: 'working-tree',
  worktreeLink: [],
  worktreeCopy: [],
};

export type SecretStorageKind = 'keychain' | 'file' | 'environment' | 'none';

/** What the UI may know of the API key. */
export interface ApiKeyStatus {
  set: boolean;
  storage: SecretStorageKind;
  /** e.g. "sk-ant-…3xQ": never more than the last four characters. */
  hint: string | null;
}
