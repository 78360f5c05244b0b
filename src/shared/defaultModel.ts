// Which model "default" means when neither the person nor the settings name
// one: the newest Sonnet-class model the API lists, else the built-in default.
// Shared so that the host (which runs it) and the pickers (which name it: a
// "Default model" option says which model that is) agree.

import { DEFAULT_MODEL } from './cost.js';

export interface ModelListing {
  id: string;
  created_at?: string;
  display_name?: string;
}

/** Newest Sonnet-class id of a listing (the API lists newest first; created_at decides when given). */
export function pickNewestSonnet(models: readonly ModelListing[]): string | null {
  const sonnets = models.filter((m) => m.id.toLowerCase().includes('sonnet'));
  if (sonnets.length === 0) return null;
  const dated = sonnets.every((m) => m.created_at && !Number.isNaN(Date.parse(m.created_at)));
  if (dated) return [...sonnets].sort((a, b) => Date.parse(b.created_at!) - Date.parse(a.created_at!))[0]!.id;
  return sonnets[0]!.id;
}

/** The model an agent without a chosen model runs: the settings' default, else the newest listed Sonnet, else the built-in one. */
export function effectiveDefaultModel(settingsDefault: string | null | undefined, listed: readonly ModelListing[]): string {
  return settingsDefault || pickNewestSonnet(listed) || DEFAULT_MODEL;
}
