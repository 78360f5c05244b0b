// Prices and premium-request multipliers, as data in one place. Dollars per
// million tokens; cache writes are the 5-minute write price.

export interface ModelPrice {
  /** Matched against the model id. */
  family: 'opus' | 'sonnet' | 'haiku';
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
  /** Premium requests one successful model call costs. */
  premiumMultiplier: number;
}

export const MODEL_PRICES: Record<ModelPrice['family'], ModelPrice> = {
  opus: { family: 'opus', input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5, premiumMultiplier: 5 },
  sonnet: { family: 'sonnet', input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, premiumMultiplier: 1 },
  haiku: { family: 'haiku', input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1, premiumMultiplier: 1 },
};

/** Used when the API lists no Sonnet-class model. */
export const DEFAULT_MODEL = 'claude-sonnet-4-6';

export function priceForModel(model: string): ModelPrice {
  const id = model.toLowerCase();
  if (id.includes('opus')) return MODEL_PRICES.opus;
  if (id.includes('haiku')) return MODEL_PRICES.haiku;
  // Unknown models are priced as Sonnet-class: the common case, and never free.
  return MODEL_PRICES.sonnet;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/**
 * How a provider prices its calls: "anthropic" (its list prices; Bedrock and
 * Vertex too), or "free" (a local endpoint): $0 and 0 premium requests, never a guess.
 */
export type Pricing = 'anthropic' | 'free';

export function costOfUsage(model: string, usage: TokenUsage, pricing: Pricing = 'anthropic'): number {
  if (pricing === 'free') return 0;
  const p = priceForModel(model);
  const dollars =
    (usage.inputTokens * p.input +
      usage.outputTokens * p.output +
      usage.cacheReadTokens * p.cacheRead +
      usage.cacheWriteTokens * p.cacheWrite) /
    1_000_000;
  return Math.round(dollars * 1e6) / 1e6;
}

export function premiumRequestsFor(model: string, pricing: Pricing = 'anthropic'): number {
  if (pricing === 'free') return 0;
  return priceForModel(model).premiumMultiplier;
}
