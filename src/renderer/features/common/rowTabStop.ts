// Whether the controls inside a list row are in the Tab order. In a roving
// list (the Inbox) only the row that holds the list's Tab stop keeps its
// controls tabbable, so Tab leaves the list instead of walking every row's
// buttons; arrow keys move between rows. Outside such a list: tabbable.

import { createContext, useContext } from 'react';

export const RowTabStopContext = createContext(true);

/** The tabIndex for a control inside a row: unchanged when the row holds the stop, -1 otherwise. */
export function useRowTabIndex(): number | undefined {
  return useContext(RowTabStopContext) ? undefined : -1;
}
