// codebase_search {query}: ranked search over the workspace's text.

import type { ToolInputs } from '../../shared/tools.js';
import { INDEX_MAX_FILES } from './codebaseIndex.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export const SEARCH_MAX_RESULTS = 10;

export async function codebaseSearchTool(
  input: ToolInputs['codebase_search'],
  ctx: Pick<ToolContext, 'searchIndex'>,
): Promise<ToolOutcome> {
  if (input.query.trim() === '') throw new ToolError('A query is needed.');
  const hits = await ctx.searchIndex.query(input.query, SEARCH_MAX_RESULTS);
  if (hits.length === 0) return { ok: true, content: `No results for "${input.query}". Try other words, or grep for an exact pattern.` };
  const blocks = hits.map(
    (hit, i) => `${i + 1}. ${hit.path}:${hit.startLine}-${hit.endLine} (score ${hit.score})\n${hit.preview.join('\n')}`,
  );
  let content = blocks.join('\n\n');
  if (ctx.searchIndex.truncated) content += `\n\n[Only the first ${INDEX_MAX_FILES} text files are indexed; use grep for the rest.]`;
  return { ok: true, content };
}
