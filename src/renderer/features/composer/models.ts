// Models offered in the pickers: the ones the API lists (useModelList), else
// these common choices. The host resolves "default" to the newest Sonnet-class
// model the API lists.

import type { ModelInfo } from '../../../shared/contract/offloadService.js';

export const KNOWN_MODELS = ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-4-5'] as const;

/** The Anthropic API's own models of a listing (in the API's order, newest first). */
export function anthropicListed(models: readonly ModelInfo[]): ModelInfo[] {
  return models.filter((m) => !m.provider || m.provider === 'anthropic');
}

export function modelChoices(defaultModel: string | null | undefined, listed: readonly string[] = []): string[] {
  const list: string[] = listed.length > 0 ? [...listed] : [...KNOWN_MODELS];
  if (defaultModel && !list.includes(defaultModel)) list.unshift(defaultModel);
  return list;
}
