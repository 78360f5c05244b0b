// What an agent is started with (AgentOptions): the one part of the host's
// contract an agent process checks (its `start`, agentHostSchemas.ts) and logs
// (`started`, agentEventSchemas.ts). In a module of its own, so that an agent
// builds these schemas and not the rest of the host's (offloadSchemas.ts and
// editorSchemas.ts: ~15 ms of every agent's start, issue 11). offloadSchemas.ts
// re-exports them.

import { z } from 'zod';
import { providerIdSchema } from '../providers.js';
import { ISOLATIONS } from '../settings.js';
import { SETTING_RULES } from '../settingsRules.js';

/** Caps that keep one request from asking the host for unbounded work or memory (offloadSchemas.ts adds the terminal's). */
export const TEXT_INPUT_LIMITS = {
  idChars: 128,
  promptChars: 200_000,
  promptsPerRequest: 100,
  textChars: 200_000,
  commandChars: 20_000,
  pathChars: 4096,
  listItems: 500,
  apiKeyChars: 1000,
} as const;

const noNul = (value: string) => !value.includes('\0');
export const workspacePath = z.string().max(TEXT_INPUT_LIMITS.pathChars).refine(noNul, 'A path may not contain NUL characters.');
export const nonEmptyText = (max: number, what: string) => z.string().trim().min(1, `${what} is empty.`).max(max);
export const optionalText = (max: number) => z.string().max(max);

export const approvalSchema = z.enum(['ask', 'auto', 'deny']);

export const agentOptionsPatchSchema = z.strictObject({
  /** The provider of the model (settings "providers"; absent: Anthropic). */
  provider: providerIdSchema.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  approval: approvalSchema.optional(),
  maxRequests: SETTING_RULES.agentMaxRequests.schema.optional(),
  maxCostUsd: SETTING_RULES.agentMaxCostUsd.schema.optional(),
  doneWhen: optionalText(TEXT_INPUT_LIMITS.textChars).optional(),
  /** Globs relative to the workspace; when non-empty, writes elsewhere are refused. */
  scope: z.array(workspacePath.min(1)).max(TEXT_INPUT_LIMITS.listItems).optional(),
  /** Command patterns the user allows without approval (e.g. "npm test"). */
  allowedCommands: z.array(nonEmptyText(TEXT_INPUT_LIMITS.commandChars, 'An allowed command')).max(TEXT_INPUT_LIMITS.listItems).optional(),
  webSearch: z.boolean().optional(),
  /** Interactive sessions live in the Composer until moved to the background. */
  mode: z.enum(['background', 'interactive']).optional(),
  /** Where the agent works: the working tree (default), or its own git worktree under OFFLOAD_HOME. */
  isolation: z.enum(ISOLATIONS).optional(),
  /**
   * How the agent keeps its context cheap (absent in logs written before these existed: defaults apply).
   * promptCaching: mark cache breakpoints (off where a provider has none); rereadCache: answer a re-read
   * of an unchanged file with "unchanged since step N"; compactAtTokens: compact once a prompt reaches
   * this many tokens (null: near the model's context window).
   */
  context: z
    .strictObject({ promptCaching: z.boolean(), rereadCache: z.boolean(), compactAtTokens: z.number().int().positive().nullable() })
    .optional(),
});

/**
 * A whole AgentOptions, as the host sends it to an agent process with start()
 * (agentHostSchemas.ts). Budgets are only checked to be above 0 here: an agent
 * started before the whole-number rule may carry 2.5 in its log, and resuming
 * it must not fail on that.
 */
export const agentOptionsSchema = agentOptionsPatchSchema.extend({
  approval: approvalSchema,
  scope: z.array(z.string()),
  allowedCommands: z.array(z.string()),
  webSearch: z.boolean(),
  mode: z.enum(['background', 'interactive']),
  maxRequests: z.number().positive().optional(),
  maxCostUsd: z.number().positive().optional(),
});
