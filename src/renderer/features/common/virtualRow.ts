// What every row of a virtualized list needs (agents, Inbox): its measured
// element, its place on screen, and its position for screen readers, since
// only the rows in view are in the DOM.

export interface VirtualRowPosition {
  index: number;
  setSize: number;
  offset: number;
  measureRef: (element: HTMLElement | null) => void;
}

export function virtualRowProps({ index, setSize, offset, measureRef }: VirtualRowPosition) {
  return {
    ref: measureRef,
    'data-index': index,
    'aria-posinset': index + 1,
    'aria-setsize': setSize,
    style: { transform: `translateY(${offset}px)` },
  };
}
