// Runtime checks for what reaches the host from a page or a remote CLI: one
// params schema (a tuple of the method's arguments) per OffloadService method.
// The host validates before it acts (see validateOffloadParams); the types of
// the schemas are tied to the service's signatures below, so a contract change
// that the schemas miss fails the build.

import { z } from 'zod';
import { providerIdSchema } from '../providers.js';
import { paramsValidator } from './paramsValidator.js';
import { EDITOR_LIMITS, editorParamsSchemas } from './editorSchemas.js';
import { OFFLOAD_METHODS, type OffloadService } from './offloadService.js';
import { ISOLATIONS } from '../settings.js';
import { SETTING_RULES } from '../settingsRules.js';

/** Caps that keep one request from asking the host for unbounded work or memory. */
export const INPUT_LIMITS = {
  idChars: 128,
  promptChars: 200_000,
  promptsPerRequest: 100,
  textChars: 200_000,
  commandChars: 20_000,
  pathChars: 4096,
  listItems: 500,
  apiKeyChars: 1000,
  /** One writeTerminal (the editor's limits: editorSchemas.ts). */
  terminalDataChars: EDITOR_LIMITS.terminalDataChars,
  terminalCells: EDITOR_LIMITS.terminalCells,
} as const;

/**
 * Optional trailing argument. JSON turns a trailing `undefined` into `null`
 * (e.g. `approve(id, undefined)` arrives as `[id, null]`), so both mean "absent".
 */
function optionalArg<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => (value ?? undefined) as z.output<T> | undefined);
}

const agentId = z
  .string()
  .min(1, 'An agent id is required.')
  .max(INPUT_LIMITS.idChars)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'An agent id holds only letters, digits, ".", "_" and "-".');

const noNul = (value: string) => !value.includes('\0');
const workspacePath = z.string().max(INPUT_LIMITS.pathChars).refine(noNul, 'A path may not contain NUL characters.');
const nonEmptyText = (max: number, what: string) => z.string().trim().min(1, `${what} is empty.`).max(max);
const optionalText = (max: number) => z.string().max(max);
const count = z.number().int().nonnegative();

const approval = z.enum(['ask', 'auto', 'deny']);

export const agentOptionsPatchSchema = z.strictObject({
  /** The provider of the model (settings "providers"; absent: Anthropic). */
  provider: providerIdSchema.optional(),
  model: z.string().trim().min(1).max(200).optional(),
  approval: approval.optional(),
  maxRequests: SETTING_RULES.agentMaxRequests.schema.optional(),
  maxCostUsd: SETTING_RULES.agentMaxCostUsd.schema.optional(),
  doneWhen: optionalText(INPUT_LIMITS.textChars).optional(),
  /** Globs relative to the workspace; when non-empty, writes elsewhere are refused. */
  scope: z.array(workspacePath.min(1)).max(INPUT_LIMITS.listItems).optional(),
  /** Command patterns the user allows without approval (e.g. "npm test"). */
  allowedCommands: z.array(nonEmptyText(INPUT_LIMITS.commandChars, 'An allowed command')).max(INPUT_LIMITS.listItems).optional(),
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
  approval,
  scope: z.array(z.string()),
  allowedCommands: z.array(z.string()),
  webSearch: z.boolean(),
  mode: z.enum(['background', 'interactive']),
  maxRequests: z.number().positive().optional(),
  maxCostUsd: z.number().positive().optional(),
});

export const startAgentsRequestSchema = z.strictObject({
  prompts: z
    .array(nonEmptyText(INPUT_LIMITS.promptChars, 'A prompt'))
    .min(1, 'Give at least one prompt.')
    .max(INPUT_LIMITS.promptsPerRequest),
  options: agentOptionsPatchSchema.optional(),
});

const rateLimits = z.strictObject({
  rpm: SETTING_RULES.rpm.schema.nullable(),
  itpm: SETTING_RULES.itpm.schema.nullable(),
  otpm: SETTING_RULES.otpm.schema.nullable(),
});

export const settingsPatchSchema = z.strictObject({
  defaultModel: z.string().trim().min(1).max(200).nullable().optional(),
  approval: approval.optional(),
  allowedCommands: z.array(nonEmptyText(INPUT_LIMITS.commandChars, 'An allowed command')).max(INPUT_LIMITS.listItems).optional(),
  maxRequestsPerAgent: SETTING_RULES.maxRequestsPerAgent.schema.optional(),
  maxCostPerAgentUsd: SETTING_RULES.maxCostPerAgentUsd.schema.optional(),
  monthlyPremiumRequests: SETTING_RULES.monthlyPremiumRequests.schema.optional(),
  concurrency: SETTING_RULES.concurrency.schema.optional(),
  rateLimits: rateLimits.optional(),
  webSearch: z.boolean().optional(),
  rereadCache: z.boolean().optional(),
  compactAtTokens: SETTING_RULES.compactAtTokens.schema.optional(),
  isolation: z.enum(ISOLATIONS).optional(),
  worktreeLink: z.array(workspacePath.min(1)).max(INPUT_LIMITS.listItems).optional(),
  worktreeCopy: z.array(workspacePath.min(1)).max(INPUT_LIMITS.listItems).optional(),
});

/** A key or token to save (null removes it): printable ASCII only, as every API key is. */
function secretText(what: string) {
  return z
    .string()
    .trim()
    .min(1, `${what} is empty.`)
    .max(INPUT_LIMITS.apiKeyChars)
    .regex(/^[\x21-\x7e]+$/, `${what} holds characters an API key never has.`)
    .nullable();
}

const hunk = count.optional();
const paths = z.array(workspacePath.min(1)).max(INPUT_LIMITS.listItems).optional();

/** Params (as a tuple of arguments) for every method, typed against OffloadService. */
export const offloadParamsSchemas = {
  getInfo: z.tuple([]),
  listModels: z.tuple([]),
  getLimits: z.tuple([]),
  listAgents: z.tuple([]),
  getAgent: z.tuple([agentId]),
  getEvents: z.tuple([agentId, optionalArg(count)]),
  startAgents: z.tuple([startAgentsRequestSchema]),
  reply: z.tuple([agentId, nonEmptyText(INPUT_LIMITS.textChars, 'The answer')]),
  approve: z.tuple([
    agentId,
    optionalArg(z.strictObject({ command: nonEmptyText(INPUT_LIMITS.commandChars, 'The edited command').optional() })),
  ]),
  deny: z.tuple([agentId, optionalArg(z.strictObject({ feedback: optionalText(INPUT_LIMITS.textChars).optional() }))]),
  resume: z.tuple([agentId]),
  cancel: z.tuple([agentId]),
  moveToBackground: z.tuple([agentId]),
  followUp: z.tuple([agentId, nonEmptyText(INPUT_LIMITS.textChars, 'The follow-up')]),
  watchAgentStreams: z.tuple([z.array(agentId).max(INPUT_LIMITS.listItems)]),
  listChanges: z.tuple([agentId]),
  getDiff: z.tuple([agentId, optionalArg(workspacePath)]),
  accept: z.tuple([agentId, optionalArg(z.strictObject({ paths, hunk }))]),
  reject: z.tuple([
    agentId,
    optionalArg(
      z.strictObject({
        paths,
        hunk,
        feedback: optionalText(INPUT_LIMITS.textChars).optional(),
        force: z.boolean().optional(),
      }),
    ),
  ]),
  getCheckpoints: z.tuple([agentId]),
  undo: z.tuple([agentId, z.strictObject({ toStep: count, force: z.boolean().optional() })]),
  getSettings: z.tuple([]),
  updateSettings: z.tuple([settingsPatchSchema]),
  setApiKey: z.tuple([secretText('The API key')]),
  listProviders: z.tuple([]),
  setProviderSecret: z.tuple([providerIdSchema, secretText('The key or token')]),
  listMcpServers: z.tuple([]),
  ...editorParamsSchemas,
} satisfies { [K in keyof OffloadService]: z.ZodType<Parameters<OffloadService[K]>, unknown> };

// Every method of the contract has a schema, and only those.
const _everyMethodHasASchema: Record<(typeof OFFLOAD_METHODS)[number], unknown> = offloadParamsSchemas;
void _everyMethodHasASchema;

/**
 * The `validate` hook for serveRpc: returns the parsed arguments, or throws an
 * RpcError with code BAD_INPUT that says what is wrong.
 */
export const validateOffloadParams = paramsValidator(offloadParamsSchemas);
