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

/** The field's number, checked by the rule the host applies too (shared/settingsRules.ts). Empty means "no limit". */
function optionalNumber(value: string, label: string, key: RuledSetting): number | null {
  if (!value.trim()) return null;
  return requiredNumber(value, label, key) as number;
}

function requiredNumber(value: string, label: string, key: RuledSetting): number {
  const n = value.trim() ? Number(value) : NaN;
  const problem = settingProblem(key, n);
  if (problem) throw new Error(`${label} ${problem}.`);
  return n;
}

/** Throws an Error that says which field is wrong. */
export function patchOf(draft: SettingsDraft): Partial<Settings> {
  return {
    defaultModel: draft.defaultModel || null,
    approval: draft.approval,
    allowedCommands: draft.allowedCommands
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    maxRequestsPerAgent: optionalNumber(draft.maxRequestsPerAgent, 'Premium requests per agent', 'maxRequestsPerAgent'),
    maxCostPerAgentUsd: optionalNumber(draft.maxCostPerAgentUsd, 'Dollars per agent', 'maxCostPerAgentUsd'),
    monthlyPremiumRequests: optionalNumber(draft.monthlyPremiumRequests, 'Monthly premium requests', 'monthlyPremiumRequests'),
    // Empty: learned from the API's rate-limit headers.
    rateLimits: {
      rpm: optionalNumber(draft.rpm, 'Requests per minute', 'rpm'),
      itpm: optionalNumber(draft.itpm, 'Input tokens per minute', 'itpm'),
      otpm: optionalNumber(draft.otpm, 'Output tokens per minute', 'otpm'),
    },
    webSearch: draft.webSearch,
  };
}
