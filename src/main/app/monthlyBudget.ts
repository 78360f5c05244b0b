// The monthly premium-request budget (OFFLOAD_MONTHLY_REQUESTS, Settings →
// monthlyPremiumRequests), enforced by the host: before an agent's model call,
// if this month's premium requests have reached the budget, the agent pauses
// for approval to go on, as the per-agent budgets do (the agent loop's own
// `budget` pauses). A yes lets that agent go on for the rest of the month
// (under this budget); a no ends it as completed, with the reason.

import type { PendingItem } from '../../shared/agent.js';
import type { Settings } from '../../shared/settings.js';
import { monthlyUsage, type MonthlyBudget } from '../../shared/rateLimits.js';

export function monthlyBudgetOf(
  settings: Pick<Settings, 'monthlyPremiumRequests'>,
  agents: readonly { createdAt: string; premiumRequests: number }[],
  now = new Date(),
): MonthlyBudget {
  const budget = settings.monthlyPremiumRequests;
  const used = monthlyUsage(agents, now);
  return { budget, used, reached: budget !== null && used >= budget };
}

/** The pause to ask for when the budget is reached, else null. Its id is stable per month and budget: one yes per agent. */
export function monthlyBudgetPause(budget: MonthlyBudget, now = new Date()): (PendingItem & { kind: 'approval' }) | null {
  if (!budget.reached || budget.budget === null) return null;
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  return {
    kind: 'approval',
    reason: 'budget',
    command: `continue past the monthly budget of ${budget.budget} premium requests`,
    toolUseId: `budget-monthly-${month}-${budget.budget}`,
    detail: `${formatUsed(budget.used)} premium requests used this month; the monthly budget (OFFLOAD_MONTHLY_REQUESTS) is ${budget.budget}`,
  };
}

export function monthlyBudgetRefusal(budget: number): string {
  return `Stopped at the monthly budget of ${budget} premium requests: the person chose not to go on.`;
}

function formatUsed(n: number): string {
  return String(Math.round(n * 100) / 100);
}
