// One Tab stop for a virtualized list of agents (the Background Agents list,
// the Inbox): the row that holds it is the last one focused, else the
// preferred one (the selected agent), else the first. Arrow keys, Home and End
// move it, but only when focus is on a row's own stop: a textbox inside a row
// keeps its arrow keys.
//
// Focus moves at once when the row is in the DOM. A row outside the rendered
// window enters the DOM only after the virtualizer scrolls and the list
// re-renders, so the move is remembered and done after that render (a layout
// effect), never on a timer or an animation frame that a loaded machine may run late.

import { useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

interface RovingFocusOptions {
  /** The rows' agent ids, in order. */
  ids: readonly string[];
  /** The row that holds the stop when none was focused yet. */
  preferredId: string | null;
  listRef: RefObject<HTMLElement | null>;
  /** The class of the element in each row that takes the Tab stop. */
  stopClass: string;
  /** The row's attribute holding its id (the Explorer's rows: data-path). */
  idAttribute?: string;
  scrollToIndex: (index: number) => void;
}

export function useRovingFocus({ ids, preferredId, listRef, stopClass, scrollToIndex, idAttribute = 'data-agent-id' }: RovingFocusOptions) {
  const [activeId, setActiveId] = useState<string | null>(null);
  const pendingFocusId = useRef<string | null>(null);
  const indexOf = (id: string | null) => (id ? ids.indexOf(id) : -1);
  const activeIndex = Math.max(0, indexOf(activeId) >= 0 ? indexOf(activeId) : indexOf(preferredId));

  const stopOf = (id: string) => listRef.current?.querySelector<HTMLElement>(`[${idAttribute}="${CSS.escape(id)}"] .${stopClass}`) ?? null;
  const focusPending = () => {
    const id = pendingFocusId.current;
    const stop = id ? stopOf(id) : null;
    if (!stop) return;
    pendingFocusId.current = null;
    stop.focus();
  };
  // After every render: the row asked for may only now be in the DOM.
  useLayoutEffect(focusPending);

  const focusIndex = (index: number) => {
    const id = ids[index];
    if (id === undefined) return;
    setActiveId(id);
    scrollToIndex(index);
    pendingFocusId.current = id;
    focusPending();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!(event.target instanceof HTMLElement) || !event.target.classList.contains(stopClass)) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const moves: Record<string, number> = { ArrowDown: activeIndex + 1, ArrowUp: activeIndex - 1, Home: 0, End: ids.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    focusIndex(Math.max(0, Math.min(ids.length - 1, next)));
  };

  return { activeIndex, setActiveId, onKeyDown, focusIndex };
}
