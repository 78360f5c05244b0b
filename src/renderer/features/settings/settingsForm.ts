// The settings form's text fields and their conversion to Settings values.

import type { Isolation, Settings } from '../../../shared/settings.js';
import { settingProblem, type RuledSetting } from '../../../shared/settingsRules.js';

export interface SettingsDraft {
  defaultModel: string;
  approval: Settings['approval'];
  allowedCommands: string;
  maxRequestsPerAgent: string;
  maxCostPerAgentUsd: string;
  monthlyPremiumRequests: string;
  rpm: string;
  itpm: string;
  otpm: string;
  webSearch: boolean;
  concurrency: string;
  compactAtTokens: string;
  rereadCache: boolean;
  isolation: Isolation;
  worktreeLink: string;
  worktreeCopy: string;
}

const text = (n: number | null) => (n === null ? '' : String(n));

export function draftOf(settings: Settings): SettingsDraft {
  return {
    defaultModel: settings.defaultModel ?? '',
    approval: settings.approval,
    allowedCommands: settings.allowedCommands.join('\n'),
    maxRequestsPerAgent: text(settings.maxRequestsPerAgent),
    maxCostPerAgentUsd: text(settings.maxCostPerAgentUsd),
    monthlyPremiumRequests: text(settings.monthlyPremiumRequests),
    rpm: text(settings.rateLimits.rpm),
    itpm: text(settings.rateLimits.itpm),
    otpm: text(settings.rateLimits.otpm),
    webSearch: settings.webSearch,
    concurrency: String(settings.concurrency),
    compactAtTokens: text(settings.compactAtTokens),
    rereadCache: settings.rereadCache,
    isolation: settings.isolation,
    worktreeLink: settings.worktreeLink.join('\n'),
    worktreeCopy: settings.worktreeCopy.join('\n'),
  };
}

/** The draft's fields that can be wrong, each with what is wrong ("Requests per minute must be ..."). */
export type DraftErrors = Partial<Record<keyof SettingsDraft, string>>;

/** The numeric fields, in the order the form shows them, with their labels and rules (shared/settingsRules.ts, which the host applies too). */
const NUMBER_FIELDS = [
  ['maxRequestsPerAgent', 'Premium requests per agent'],
  ['maxCostPerAgentUsd', 'Dollars per agent'],
  ['monthlyPremiumRequests', 'Monthly premium requests'],
  ['rpm', 'Requests per minute'],
  ['itpm', 'Input tokens per minute'],
  ['otpm', 'Output tokens per minute'],
  ['concurrency', 'Agents at once'],
  ['compactAtTokens', 'Compact at (tokens)'],
] as const satisfies readonly (readonly [keyof SettingsDraft & RuledSetting, string])[];

/** The field's number; empty means "no limit" (or, for rate limits, "learned from the API"). */
function numberOf(value: string): number | null {
  return value.trim() ? Number(value) : null;
}

/** Every wrong field of the draft, in the form's order (empty when all are fine). */
export function draftErrors(draft: SettingsDraft): DraftErrors {
  const errors: DraftErrors = {};
  for (const [key, label] of NUMBER_FIELDS) {
    const value = numberOf(draft[key]);
    // Empty is "no limit" / "the default" except for the one setting that has no such meaning.
    const problem = value === null && key !== 'concurrency' ? null : settingProblem(key, value);
    if (problem) errors[key] = `${label} ${problem}.`;
  }
  return errors;
}

/**
 * The settings the draft sets; call only when draftErrors(draft) is empty.
 * The agents' settings (concurrency, compaction, isolation, worktree paths,
 * re-read cache) are sent only when changed from `shown`, so a Save does not
 * pin a value that came from the environment into the settings file.
 */
export function patchOf(draft: SettingsDraft, shown: SettingsDraft = draft): Partial<Settings> {
  const agents: Partial<Settings> = {
    concurrency: Number(draft.concurrency),
    compactAtTokens: numberOf(draft.compactAtTokens),
    rereadCache: draft.rereadCache,
    isolation: draft.isolation,
    worktreeLink: lines(draft.worktreeLink),
    worktreeCopy: lines(draft.worktreeCopy),
  };
  const changed = Object.fromEntries(Object.entries(agents).filter(([key]) => draft[key as keyof SettingsDraft] !== shown[key as keyof SettingsDraft]));
  return {
    ...changed,
    defaultModel: draft.defaultModel || null,
    approval: draft.approval,
    allowedCommands: lines(draft.allowedCommands),
    maxRequestsPerAgent: numberOf(draft.maxRequestsPerAgent),
    maxCostPerAgentUsd: numberOf(draft.maxCostPerAgentUsd),
    monthlyPremiumRequests: numberOf(draft.monthlyPremiumRequests),
    // Empty: learned from the API's rate-limit headers.
    rateLimits: { rpm: numberOf(draft.rpm), itpm: numberOf(draft.itpm), otpm: numberOf(draft.otpm) },
    webSearch: draft.webSearch,
  };
}

/** A textarea's non-empty lines, trimmed. */
function lines(value: string): string[] {
  return value
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}
