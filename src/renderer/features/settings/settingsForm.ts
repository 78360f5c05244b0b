// The settings form's text fields and their conversion to Settings values.

import type { Settings } from '../../../shared/settings.js';
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
    const problem = value === null ? null : settingProblem(key, value);
    if (problem) errors[key] = `${label} ${problem}.`;
  }
  return errors;
}

/** The settings the draft sets; call only when draftErrors(draft) is empty. */
export function patchOf(draft: SettingsDraft): Partial<Settings> {
  return {
    defaultModel: draft.defaultModel || null,
    approval: draft.approval,
    allowedCommands: draft.allowedCommands
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    maxRequestsPerAgent: numberOf(draft.maxRequestsPerAgent),
    maxCostPerAgentUsd: numberOf(draft.maxCostPerAgentUsd),
    monthlyPremiumRequests: numberOf(draft.monthlyPremiumRequests),
    // Empty: learned from the API's rate-limit headers.
    rateLimits: { rpm: numberOf(draft.rpm), itpm: numberOf(draft.itpm), otpm: numberOf(draft.otpm) },
    webSearch: draft.webSearch,
  };
}
