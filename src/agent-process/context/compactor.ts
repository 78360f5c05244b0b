// When to compact a conversation and what to clear. Two stages, cheapest
// first, as Anthropic's context-management guidance orders them
// (https://platform.claude.com/docs/en/build-with-claude/context-editing):
// 1. clear the results of older tool calls (file contents, command output:
//    the bulk of an agent's context, and re-obtainable by calling the tool
//    again), keeping the newest few;
// 2. if that is not enough, replace the older turns with a summary written by
//    the model, keeping the newest turns as they are.

import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { CLEARED_TOOL_RESULT } from '../../shared/compaction.js';
import { contentBlocks } from './requestLayout.js';

/** The context window of current Claude models without the long-context beta. */
export const DEFAULT_CONTEXT_WINDOW = 200_000;
/** Compaction starts at this share of the window by default, leaving room for the reply and the next results. */
export const DEFAULT_COMPACT_SHARE = 0.8;
/** The newest tool results are never cleared: the model is working with them. */
export const KEEP_RECENT_RESULTS = 6;
/** Results this short cost less than the marker that would replace them. */
const MIN_CLEARABLE_CHARS = 400;
/** After compacting, the conversation should be at most this share of the threshold. */
export const TARGET_SHARE = 0.7;
/** Assistant turns kept word for word after a summary. */
export const KEEP_RECENT_TURNS = 2;

export const SUMMARY_INSTRUCTION =
  'Your conversation is about to be compacted to save context. Write a summary of it for yourself to continue from, without calling any tool: ' +
  'the task and any guidance the person gave; what you have done so far (files read and what matters in them, files changed and how, commands run and their results); ' +
  'decisions made and why; what remains to do next. Be complete about facts you will need, brief about everything else.';

export function compactionThreshold(configured: number | null | undefined): number {
  return configured && configured > 0 ? configured : Math.round(DEFAULT_CONTEXT_WINDOW * DEFAULT_COMPACT_SHARE);
}

/** tool_use ids of the older, large tool results that can be cleared (oldest first). */
export function clearableResults(messages: readonly MessageParam[]): string[] {
  const results: { id: string; chars: number }[] = [];
  for (const message of messages) {
    if (message.role !== 'user') continue;
    for (const block of contentBlocks(message)) {
      if (block.type !== 'tool_result') continue;
      const content = typeof block.content === 'string' ? block.content : JSON.stringify(block.content ?? '');
      if (content === CLEARED_TOOL_RESULT) continue;
      results.push({ id: block.tool_use_id, chars: content.length });
    }
  }
  return results
    .slice(0, Math.max(0, results.length - KEEP_RECENT_RESULTS))
    .filter((r) => r.chars >= MIN_CLEARABLE_CHARS)
    .map((r) => r.id);
}

/**
 * Where the kept tail starts for a summary: the assistant message that begins
 * the newest KEEP_RECENT_TURNS turns, or null when there is too little history
 * to summarize.
 */
export function summaryCut(messages: readonly MessageParam[]): number | null {
  const assistants = messages.flatMap((m, i) => (m.role === 'assistant' ? [i] : []));
  if (assistants.length <= KEEP_RECENT_TURNS) return null;
  const cut = assistants[assistants.length - KEEP_RECENT_TURNS]!;
  return cut > 1 ? cut : null;
}

/** Tokens of a request, from its size, scaled by what the API counted for the previous one. */
export class TokenEstimator {
  #tokensPerChar = 0.25;

  estimate(chars: number): number {
    return Math.ceil(chars * this.#tokensPerChar);
  }

  /** Learns from the last call: its prompt's characters and the tokens the API said it held. */
  calibrate(chars: number, promptTokens: number): void {
    if (chars > 0 && promptTokens > 0) this.#tokensPerChar = promptTokens / chars;
  }
}
