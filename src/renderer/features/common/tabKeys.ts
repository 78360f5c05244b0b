// The keys of the WAI-ARIA tabs pattern (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/),
// shared by every tab list (agent view, editors, terminals): Left/Right move
// (wrapping), Home and End go to the ends. Selecting on arrival ("automatic
// activation") is right here: showing a tab costs nothing.

interface TabKey {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** The index of the tab a key moves to from `at` among `count` tabs, or null when the key is not one of the pattern's. */
export function tabIndexAfterKey(event: TabKey, at: number, count: number): number | null {
  if (count === 0 || event.altKey || event.ctrlKey || event.metaKey) return null;
  const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: count - 1 };
  const next = moves[event.key];
  return next === undefined ? null : (next + count) % count;
}

/**
 * True while a person moves through the tab list named `label` with the
 * keyboard: what a tab shows must not take the focus from it then (a click on
 * a tab may hand it over; :focus-visible tells keys from a click).
 */
export function keyboardInTabList(label: string): boolean {
  const at = document.activeElement;
  return at instanceof HTMLElement && at.matches(':focus-visible') && at.closest(`[role="tablist"][aria-label="${label}"]`) !== null;
}

/** A ref callback that keeps a tab's element in `map` under `key` (to move the focus to it). */
export function refInto<K, E extends HTMLElement>(map: Map<K, E>, key: K): (element: E | null) => void {
  return (element) => {
    if (element) map.set(key, element);
    else map.delete(key);
  };
}
