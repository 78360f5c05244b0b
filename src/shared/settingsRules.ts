// The rules of the numeric settings, written once and used by every door:
// the settings store (files, environment, flags), the RPC schema
// (updateSettings from a page or a remote CLI) and the Settings form. A value
// one refuses, all refuse, with the same words ("must be a whole number above 0").

import { z } from 'zod';

export interface SettingRule<T> {
  schema: z.ZodType<T>;
  /** Completes "<setting> must be ...". */
  expected: string;
}

function rule<T>(expected: string, build: (error: { error: string }) => z.ZodType<T>): SettingRule<T> {
  return { schema: build({ error: `must be ${expected}` }), expected };
}

const WHOLE_ABOVE_0 = 'a whole number above 0';
const wholeAbove0 = (e: { error: string }) => z.number(e).int(e).positive(e).max(Number.MAX_SAFE_INTEGER, e);

export const SETTING_RULES = {
  maxRequestsPerAgent: rule(`${WHOLE_ABOVE_0} (or empty for no limit)`, (e) => wholeAbove0(e).nullable()),
  maxCostPerAgentUsd: rule('a number of dollars above 0 (or empty for no limit)', (e) => z.number(e).positive(e).nullable()),
  monthlyPremiumRequests: rule(`${WHOLE_ABOVE_0} (or empty for no limit)`, (e) => wholeAbove0(e).nullable()),
  concurrency: rule('a whole number from 1 to 64', (e) => z.number(e).int(e).min(1, e).max(64, e)),
  compactAtTokens: rule(`${WHOLE_ABOVE_0} of tokens (or empty for the default)`, (e) => wholeAbove0(e).nullable()),
  rpm: rule(WHOLE_ABOVE_0, wholeAbove0),
  itpm: rule(WHOLE_ABOVE_0, wholeAbove0),
  otpm: rule(WHOLE_ABOVE_0, wholeAbove0),
  /** One agent's own budgets (startAgents options): no "empty" there, an absent option means the setting. */
  agentMaxRequests: rule(WHOLE_ABOVE_0, wholeAbove0),
  agentMaxCostUsd: rule('a number of dollars above 0', (e) => z.number(e).positive(e).max(Number.MAX_SAFE_INTEGER, e)),
} as const;

export type RuledSetting = keyof typeof SETTING_RULES;

/** "must be ..." when the value breaks the setting's rule, else null. */
export function settingProblem(key: RuledSetting, value: unknown): string | null {
  const rule = SETTING_RULES[key];
  return rule.schema.safeParse(value).success ? null : `must be ${rule.expected}`;
}
