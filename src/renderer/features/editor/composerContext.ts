// What the editor hands the Composer when it is opened from a file or a
// selection: "@path" (with the selected lines) and the lines themselves, so
// the agent starts from what the person was looking at.

import type * as Monaco from 'monaco-editor/editor/editor.api';

let pending: string | null = null;

/** The context for the Composer's next opening (taken once). */
export function setComposerContext(text: string | null): void {
  pending = text;
}

/** Read by the Composer's prompt when it opens. */
export function takeComposerContext(): string {
  const text = pending ?? '';
  pending = null;
  return text;
}

const MAX_CONTEXT_CHARS = 20_000;

/** "@path" for a file, "@path:3-7" and the lines in a fenced block for a selection. */
export function contextFor(path: string, model: Monaco.editor.ITextModel | null, selection: Monaco.Selection | null): string {
  if (!model || !selection || selection.isEmpty()) return `@${path}\n\n`;
  const first = selection.startLineNumber;
  // A selection that ends at column 1 of a line does not take that line.
  const last = selection.endColumn === 1 && selection.endLineNumber > first ? selection.endLineNumber - 1 : selection.endLineNumber;
  const lines: string[] = [];
  for (let n = first; n <= last; n++) lines.push(model.getLineContent(n));
  let body = lines.join('\n');
  if (body.length > MAX_CONTEXT_CHARS) body = `${body.slice(0, MAX_CONTEXT_CHARS)}\n…`;
  const range = first === last ? `${first}` : `${first}-${last}`;
  const fence = body.includes('```') ? '~~~' : '```';
  return `@${path}:${range}\n${fence}${model.getLanguageId() === 'plaintext' ? '' : model.getLanguageId()}\n${body}\n${fence}\n\n`;
}
