// The limits readout in words, for `offload limits` and the status bar's tooltip.

import { LIMIT_WORDS, type LimitsStatus, type ModelClassLimits, type MonthlyBudget } from './rateLimits.js';

/** The human readout, one line per fact (also what the status bar's tooltip says). */
export function describeLimits(status: LimitsStatus, now: number): string[] {
  const lines: string[] = [];
  if (status.modelClasses.length === 0) {
    lines.push('No model calls yet: no rate limit is known (none is assumed; the API states its limits in its answers).');
  }
  for (const row of status.modelClasses) lines.push(...describeModelClass(row, now));
  lines.push(describeMonthly(status.monthly));
  return lines;
}

function describeModelClass(row: ModelClassLimits, now: number): string[] {
  const lines = [`${row.modelClass} (${row.provider})`];
  if (row.limits.length === 0) lines.push('  no limit stated by the API yet');
  for (const limit of row.limits) {
    const source = limit.source === 'server' ? 'from the API' : 'from settings';
    lines.push(`  ${LIMIT_WORDS[limit.kind].padEnd(25)} ${count(limit.limit).padStart(11)}  used now ${count(limit.usedNow).padStart(9)}  (${source})`);
  }
  const pace = row.pacePerMinute === null ? 'not paced' : `paced at ${row.pacePerMinute} requests per minute, burst ${row.burst}`;
  lines.push(`  ${pace}; ${row.rateLimited} answered 429 so far`);
  if (row.heldUntil) lines.push(`  held by a 429 for ${seconds(Date.parse(row.heldUntil) - now)}`);
  lines.push(
    row.waiting === 0 || row.drainsAt === null
      ? '  nobody waiting'
      : `  ${row.waiting} waiting; the queue drains in about ${seconds(Date.parse(row.drainsAt) - now)}`,
  );
  return lines;
}

export function describeMonthly(monthly: MonthlyBudget): string {
  const used = Math.round(monthly.used * 100) / 100;
  if (monthly.budget === null) return `Monthly budget: none set (${used} premium requests used this month).`;
  if (monthly.reached) {
    return `Monthly budget reached: ${used} of ${monthly.budget} premium requests used this month. Every agent pauses for approval before its next model call.`;
  }
  return `Monthly budget: ${used} of ${monthly.budget} premium requests used this month.`;
}

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return s < 10 ? `${Math.round(s * 10) / 10} s` : `${Math.round(s)} s`;
}
