// Files that change what runs or what an agent may do: Offload's own
// settings, git's hooks and attributes, editor and tool configs that run
// code, and the rules file every later agent reads. File tools write them only
// with the user's approval, so an agent cannot raise its own permissions.

import picomatch from 'picomatch';
import type { ToolContext } from './toolContext.js';
import { ToolError } from './toolContext.js';

const PROTECTED: Array<[string[], string]> = [
  [['.offload', '.offload/**'], "Offload's own settings for this workspace"],
  [['.gitattributes', '.gitmodules', '.gitconfig', '.husky/**', '.githooks/**', '.pre-commit-config.yaml'], 'git attributes, hooks or config, which can make git run programs'],
  [['.vscode/**', '.idea/**', '.devcontainer/**', '.envrc', '.claude/**', '.cursor/**', '.zed/**'], 'editor or tool configuration that can run programs'],
  [['.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', '.pnpmfile.js'], 'package-manager configuration that can run programs'],
  [['AGENTS.md', 'CLAUDE.md', '.cursorrules'], 'the rules file every later agent follows'],
];

const MATCHERS = PROTECTED.map(([globs, why]) => ({
  matches: picomatch(globs.flatMap((glob) => [glob, `**/${glob}`]), { dot: true, nocase: true }),
  why,
}));

/** Why writing `relative` (workspace-relative) needs approval, or null. */
export function protectedWriteReason(relative: string): string | null {
  for (const { matches, why } of MATCHERS) if (matches(relative)) return `changes ${why} (${relative})`;
  return null;
}

/** Asks the user (under `ask`), refuses (under `deny`) or allows (under `auto`) a write to a protected file. */
export async function approveProtectedWrite(
  ctx: Pick<ToolContext, 'options' | 'host' | 'toolUseId'>,
  tool: string,
  relative: string,
): Promise<void> {
  const reason = protectedWriteReason(relative);
  if (!reason) return;
  if (ctx.options.approval === 'auto') return;
  if (ctx.options.approval === 'deny') {
    throw new ToolError(`Writing "${relative}" was refused: it ${reason}, and this agent's approval policy refuses such changes.`);
  }
  const answer = await ctx.host.pause({ kind: 'approval', reason: 'command', command: `${tool} ${relative}`, toolUseId: ctx.toolUseId, detail: reason });
  if (answer.kind !== 'approval') throw new ToolError('The approval answer was not understood.');
  if (answer.decision === 'reject') {
    const feedback = answer.feedback?.trim();
    throw new ToolError(`The user refused this change to "${relative}".${feedback ? ` Their feedback: ${feedback}` : ' Do not try again; find another way or ask the user.'}`);
  }
}
