// Models offered in the pickers. The host resolves "default" to the newest
// Sonnet-class model the API lists; these are the common explicit choices.

export const KNOWN_MODELS = ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'] as const;

export function modelChoices(defaultModel: string | null | undefined): string[] {
  const list: string[] = [...KNOWN_MODELS];
  if (defaultModel && !list.includes(defaultModel)) list.unshift(defaultModel);
  return list;
}
