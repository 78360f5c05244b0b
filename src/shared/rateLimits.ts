// What the shared rate limiter and the monthly budget look like from outside:
// `offload limits [--json]` prints it, the status bar shows it
// (OffloadService.getLimits). Typed once here.

/** The API's limits (anthropic-ratelimit-{requests,input-tokens,output-tokens,tokens}-*). */
export const LIMIT_KINDS = ['requests', 'input-tokens', 'output-tokens', 'tokens'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

export const LIMIT_WORDS: Record<LimitKind, string> = {
  requests: 'requests per minute',
  'input-tokens': 'input tokens per minute',
  'output-tokens': 'output tokens per minute',
  tokens: 'tokens per minute',
};

export interface LimitReadout {
  kind: LimitKind;
  /** Per minute: the bucket's capacity; it refills at limit/60 per second. */
  limit: number;
  /** limit minus what is left now (in flight and recently spent, not yet refilled). */
  usedNow: number;
  /** Where the limit came from: the API's headers, or the user's settings. */
  source: 'server' | 'settings';
  /** When the bucket is full again (ISO time). */
  fullAt: string;
}

export interface ModelClassLimits {
  /** `${provider}:${modelClass}`, e.g. "anthropic:sonnet". */
  key: string;
  provider: string;
  /** "sonnet", "opus", "haiku", or the model id when it is none of those. */
  modelClass: string;
  /** Only limits that are known (from headers or settings): none is invented. */
  limits: LimitReadout[];
  /** Requests the limiter sends back to back before pacing (learned from the server; starts at 1). */
  burst: number;
  /** The pace requests are sent at now, per minute; null when nothing limits it. */
  pacePerMinute: number | null;
  /** Every agent on this key waits until then (a 429's retry-after), ISO time. */
  heldUntil: string | null;
  /** Calls waiting for permission now. */
  waiting: number;
  /** When the calls waiting now are expected to have been let go (ISO time); null when none waits. */
  drainsAt: string | null;
  /** 429s the API answered on this key since the host started. */
  rateLimited: number;
}

export interface MonthlyBudget {
  /** OFFLOAD_MONTHLY_REQUESTS / Settings: null when there is no monthly budget. */
  budget: number | null;
  /** Premium requests of the agents created this calendar month. */
  used: number;
  /** At or past the budget: every agent pauses for approval before its next model call. */
  reached: boolean;
}

/** What OffloadService.getLimits answers (host to page or CLI; the host builds it, nothing to validate). */
export interface LimitsStatus {
  modelClasses: ModelClassLimits[];
  monthly: MonthlyBudget;
}

/** The class a model's limits are kept under (the API limits each class separately). */
export function modelClassOf(model: string | null | undefined): string {
  const id = (model ?? '').toLowerCase();
  for (const name of ['opus', 'sonnet', 'haiku']) if (id.includes(name)) return name;
  return id || 'default';
}

/** Premium requests used this calendar month (local time): agents created this month. */
export function monthlyUsage(agents: readonly { createdAt: string; premiumRequests: number }[], now = new Date()): number {
  const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).getTime();
  let used = 0;
  for (const agent of agents) {
    const created = Date.parse(agent.createdAt);
    if (!Number.isNaN(created) && created >= monthStart) used += agent.premiumRequests;
  }
  return used;
}
