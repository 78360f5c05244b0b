// The project's rules file, read by the host and handed to the agent in its
// init, so the agent's system prompt carries the project's own instructions.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const RULES_FILES = ['AGENTS.md', 'CLAUDE.md', '.cursorrules'] as const;
/** Rules beyond this are cut: they go into every model call. */
const MAX_RULES_CHARS = 32_000;

export async function readRulesFile(workspace: string): Promise<{ file: string; content: string } | null> {
  for (const file of RULES_FILES) {
    try {
      const content = await readFile(join(workspace, file), 'utf8');
      return { file, content: content.length > MAX_RULES_CHARS ? content.slice(0, MAX_RULES_CHARS) : content };
    } catch {
      // not there: try the next name
    }
  }
  return null;
}
