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
import {
  agentOptionsPatchSchema,
  agentOptionsSchema,
  approvalSchema,
  nonEmptyText,
  optionalText,
  TEXT_INPUT_LIMITS,
  workspacePath,
} from './agentOptionsSchemas.js';

/** Caps that keep one request from asking the host for unbounded work or memory. */
export const INPUT_LIMITS = {
  ...TEXT_INPUT_LIMITS,
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

const count = z.number().int().nonnegative();

export { agentOptionsPatchSchema, agentOptionsSchema };

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
  approval: approvalSchema.optional(),
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
