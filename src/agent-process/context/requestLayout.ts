// How a Messages API request is laid out so that each call re-reads as much
// as possible at the cache price (0.1× input) instead of the full price.
// Anthropic's prompt caching (https://platform.claude.com/docs/en/build-with-claude/prompt-caching)
// caches the prompt in the order tools → system → messages up to a block
// marked `cache_control`, allows 4 such breakpoints, and looks for an earlier
// cached prefix only about 20 blocks back from each breakpoint. So:
//
// 1. the shared system block (after the tools): tools + shared prompt are
//    identical for every agent of a workspace, one cache entry read by all;
// 2. the last block of the previous turn's user message: what the previous
//    call wrote, read back now even when a turn added more than 20 blocks;
// 3. the last block of the newest user message: written now, read next call.
//
// The per-agent system block comes after breakpoint 1, so it never splits the
// shared prefix.

import type {
  ContentBlockParam,
  MessageCreateParamsBase,
  MessageParam,
  TextBlockParam,
  ToolUnion,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { SystemPrompt } from '../systemPrompt.js';

const EPHEMERAL = { type: 'ephemeral' } as const;

export interface RequestInput {
  model: string;
  maxTokens: number;
  system: SystemPrompt;
  tools: ToolUnion[];
  messages: readonly MessageParam[];
  /** False where the provider has no prompt caching (and for the naive baseline in bench/tokens). */
  promptCaching: boolean;
}

export function contentBlocks(message: { content: unknown }): ContentBlockParam[] {
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return Array.isArray(message.content) ? (message.content as ContentBlockParam[]) : [];
}

/** Two user messages in a row (results, then guidance) become one, as the API wants. */
export function mergeConsecutiveUserMessages(messages: readonly MessageParam[]): MessageParam[] {
  const merged: MessageParam[] = [];
  for (const message of messages) {
    const previous = merged[merged.length - 1];
    if (previous && previous.role === 'user' && message.role === 'user') {
      merged[merged.length - 1] = { role: 'user', content: [...contentBlocks(previous), ...contentBlocks(message)] };
    } else {
      merged.push(message);
    }
  }
  return merged;
}

/** A copy of the message with a breakpoint on its last block (the conversation itself is never changed). */
function withBreakpointOnLastBlock(message: MessageParam): MessageParam {
  const blocks = contentBlocks(message).map((b) => ({ ...b }));
  const tail = blocks[blocks.length - 1];
  if (tail && tail.type !== 'thinking' && tail.type !== 'redacted_thinking') (tail as { cache_control?: unknown }).cache_control = EPHEMERAL;
  return { ...message, content: blocks } as MessageParam;
}

export function layOutRequest(input: RequestInput): MessageCreateParamsBase {
  const messages = mergeConsecutiveUserMessages(input.messages);
  const system: TextBlockParam[] = [{ type: 'text', text: input.system.shared }];
  if (input.system.agent) system.push({ type: 'text', text: input.system.agent });
  if (input.promptCaching) {
    system[0] = { ...system[0]!, cache_control: EPHEMERAL };
    const userIndexes = messages.flatMap((m, i) => (m.role === 'user' ? [i] : []));
    for (const index of userIndexes.slice(-2)) messages[index] = withBreakpointOnLastBlock(messages[index]!);
  }
  return { model: input.model, max_tokens: input.maxTokens, system, tools: input.tools, messages };
}
