// A view that takes the keyboard when it is ready (the editor once Monaco has
// loaded and the file shows, the terminal once its shell runs) takes it only if
// the person has not moved on meanwhile: Monaco's first load or a shell's start
// can take a second, and keystrokes meant for an answer box must not land in a
// file or, worse, run in a shell. (CI once failed on exactly that.)

import { useEffect, useRef } from 'react';

/** Whether the focus has gone somewhere other than `before` (the page itself does not count). */
function focusMovedOn(before: Element | null): boolean {
  const now = document.activeElement;
  return now !== null && now !== document.body && now !== before;
}

export interface FocusAtRequest {
  /** Where the keyboard was at the last request. */
  element(): Element | null;
  /** Whether the focus has gone elsewhere since. */
  movedOn(): boolean;
}

/**
 * Where the keyboard was when the view was last asked for (any of `request`
 * changed). Declare it before the effect that focuses, so that effect sees the
 * request of the same render. A view that mounts only once its code has loaded
 * (React.lazy) takes its first request from the component that was there when
 * it was asked for (`asked`), not from its own mount, which comes later.
 */
export function useFocusAtRequest(request: readonly unknown[], asked?: FocusAtRequest): FocusAtRequest {
  const at = useRef<Element | null>(null);
  const first = useRef(true);
  useEffect(() => {
    at.current = first.current && asked ? asked.element() : document.activeElement;
    first.current = false;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, request);
  return { element: () => at.current, movedOn: () => focusMovedOn(at.current) };
}
