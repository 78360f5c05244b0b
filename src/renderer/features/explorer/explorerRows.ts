// The Explorer's tree as the flat list of rows it shows: each listed folder's
// entries, and under each open folder (once read) its own, depth first. The
// list is what the virtualized tree scrolls over; level, set size and position
// give assistive technology the tree's shape without nested groups.

import type { DirEntry } from '../../../shared/contract/editorService.js';

export interface ExplorerRow {
  entry: DirEntry;
  /** 1 for the workspace's own entries (aria-level). */
  level: number;
  /** How many entries its folder has (aria-setsize) and its place among them, from 1 (aria-posinset). */
  setSize: number;
  posInSet: number;
}

export function explorerRows(folders: Record<string, DirEntry[]>, expanded: Record<string, boolean>): ExplorerRow[] {
  const rows: ExplorerRow[] = [];
  // An explicit stack, not recursion: a deep tree must not overflow the call stack.
  const stack: { entries: DirEntry[]; next: number; level: number }[] = [];
  if (folders['']) stack.push({ entries: folders[''], next: 0, level: 1 });
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.entries.length) {
      stack.pop();
      continue;
    }
    const entry = top.entries[top.next++]!;
    rows.push({ entry, level: top.level, setSize: top.entries.length, posInSet: top.next });
    const children = entry.kind === 'dir' && expanded[entry.path] ? folders[entry.path] : undefined;
    if (children?.length) stack.push({ entries: children, next: 0, level: top.level + 1 });
  }
  return rows;
}

/** The row of the folder holding row `index` (for ArrowLeft), or -1 at the top level. */
export function parentRow(rows: readonly ExplorerRow[], index: number): number {
  const level = rows[index]?.level ?? 1;
  for (let i = index - 1; i >= 0; i--) if (rows[i]!.level < level) return i;
  return -1;
}
