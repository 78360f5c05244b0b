// Context compaction as data: what an agent did to its conversation to keep it
// under the model's context window. The agent applies it and logs it as a
// `compacted` event; rebuilding the conversation from the log (resume, a host
// restart) applies the same function, so the resumed agent continues with the
// compacted context while the log keeps every original message for the UI.

import type { z } from 'zod';
import type { compactionSchema } from './contract/agentEventSchemas.js';
import type { ConversationMessage } from './events.js';

export const CLEARED_TOOL_RESULT =
  '[This older tool result was cleared to keep the conversation short. Run the tool again if you need it.]';

export const SUMMARY_HEADING = 'Summary of the work so far (older turns were compacted to save context):';

/** A compaction of the conversation (typed by compactionSchema, contract/agentEventSchemas.ts). */
export type Compaction = z.infer<typeof compactionSchema>;

type Block = Record<string, unknown>;

function blocksOf(message: ConversationMessage): Block[] {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return Array.isArray(message.content) ? (message.content as Block[]) : [];
}

export function applyCompaction(messages: readonly ConversationMessage[], compaction: Compaction): ConversationMessage[] {
  const cleared = new Set(compaction.clearedToolUseIds);
  let result: ConversationMessage[] = messages.map((message) => {
    if (message.role !== 'user' || cleared.size === 0 || !Array.isArray(message.content)) return message;
    return {
      role: 'user',
      content: blocksOf(message).map((block) =>
        block.type === 'tool_result' && cleared.has(String(block.tool_use_id))
          ? { type: 'tool_result', tool_use_id: block.tool_use_id, content: CLEARED_TOOL_RESULT, ...(block.is_error ? { is_error: true } : {}) }
          : block,
      ),
    };
  });
  const summary = compaction.summary;
  if (summary && summary.keptFrom > 0 && summary.keptFrom < result.length) {
    // The task itself (the first message's text) always stays, word for word.
    const task = blocksOf(result[0]!).filter((block) => block.type === 'text');
    const head: ConversationMessage = { role: 'user', content: [...task, { type: 'text', text: `${SUMMARY_HEADING}\n${summary.text}` }] };
    result = [head, ...result.slice(summary.keptFrom)];
  }
  return result;
}

/** The stream's and the CLI's line for a compaction: "Compacted: 152,300 tokens → 38,100". */
export function describeCompaction(event: { tokensBefore: number; tokensAfter: number; clearedToolUseIds: string[]; summary?: unknown }): string {
  const how = [
    event.clearedToolUseIds.length > 0 ? `${event.clearedToolUseIds.length} old tool result${event.clearedToolUseIds.length === 1 ? '' : 's'} cleared` : '',
    event.summary ? 'older turns summarized' : '',
  ].filter(Boolean);
  return `Compacted: ${event.tokensBefore.toLocaleString('en-US')} tokens → ${event.tokensAfter.toLocaleString('en-US')}${how.length ? ` (${how.join(', ')})` : ''}`;
}
