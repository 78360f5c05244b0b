// grep {pattern, path?, glob?}: regex search over file contents, .gitignore
// respected. The search itself is the workspace's one text search
// (src/files/textSearch.ts: ripgrep when on PATH, else a JS walk), the same
// the person's search panel uses.

import { stat } from 'node:fs/promises';
import type { ToolInputs } from '../../shared/tools.js';
import { searchText, TextSearchError } from '../../files/textSearch.js';
import { resolveInWorkspace } from './pathSafety.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export { findRipgrep } from '../../files/textSearch.js';

export const GREP_MAX_MATCHES = 200;

export async function grepTool(
  input: ToolInputs['grep'],
  ctx: Pick<ToolContext, 'workspace'>,
  options: { useRipgrep?: boolean } = {},
): Promise<ToolOutcome> {
  const { relative, absolute } = await resolveInWorkspace(ctx.workspace, input.path);
  try {
    await stat(absolute);
  } catch {
    throw new ToolError(`Path not found: "${relative}".`);
  }
  let result;
  try {
    result = await searchText(
      { workspace: ctx.workspace, pattern: input.pattern, target: relative, glob: input.glob, max: GREP_MAX_MATCHES },
      options,
    );
  } catch (error) {
    if (error instanceof TextSearchError) throw new ToolError(error.message);
    throw error;
  }
  if (result.matches.length === 0) return { ok: true, content: 'No matches.' };
  let content = result.matches.map((m) => `${m.path}:${m.line}: ${m.text}`).join('\n');
  if (result.truncated) {
    content += `\n\n[Showing the first ${GREP_MAX_MATCHES} matches. Narrow the pattern, path or glob to see the rest.]`;
  }
  return { ok: true, content };
}
