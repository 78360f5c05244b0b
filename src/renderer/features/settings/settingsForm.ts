// The settings form's text fields and their conversion to Settings values.

import type { Settings } from '../../../shared/settings.js';

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

/** Empty means "no limit"; anything else must be a non-negative number. */
function optionalNumber(value: string, label: string): number | null {
  if (!value.trim()) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${label} must be a number of 0 or more, or empty for no limit.`);
  return n;
}

function optionalPositive(value: string, label: string): number | null {
  if (!value.trim()) return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${label} must be a number above 0, or empty to learn it from the API.`);
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
    maxRequestsPerAgent: optionalNumber(draft.maxRequestsPerAgent, 'Premium requests per agent'),
    maxCostPerAgentUsd: optionalNumber(draft.maxCostPerAgentUsd, 'Dollars per agent'),
    monthlyPremiumRequests: optionalNumber(draft.monthlyPremiumRequests, 'Monthly premium requests'),
    // Empty: learned from the API's rate-limit headers.
    rateLimits: {
      rpm: optionalPositive(draft.rpm, 'Requests per minute'),
      itpm: optionalPositive(draft.itpm, 'Input tokens per minute'),
      otpm: optionalPositive(draft.otpm, 'Output tokens per minute'),
    },
    webSearch: draft.webSearch,
  };
}
