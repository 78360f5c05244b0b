// ask_user {question}: pauses the agent for input; the answer is the result.

import type { ToolInputs } from '../../shared/tools.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export async function askUserTool(input: ToolInputs['ask_user'], ctx: Pick<ToolContext, 'host' | 'toolUseId'>): Promise<ToolOutcome> {
  if (input.question.trim() === '') throw new ToolError('A question is needed.');
  const answer = await ctx.host.pause({ kind: 'input', question: input.question, toolUseId: ctx.toolUseId });
  if (answer.kind !== 'input') throw new ToolError('The answer was not understood.');
  return { ok: true, content: answer.answer.trim() === '' ? '(The user answered with an empty reply.)' : answer.answer };
}
