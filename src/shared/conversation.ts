// Rebuilds an agent's conversation from its event log, for `resume` and for a
// host that restarts. The log keeps every complete message (`message` events);
// tool results are logged one by one as each tool finishes, and only become a
// message when the whole batch is done. So an agent that stopped in the middle
// of a batch resumes with the results it already has, and re-runs only the
// tool calls that never finished.

import { applyCompaction } from './compaction.js';
import type { AgentEvent, ConversationMessage } from './events.js';

export interface RebuiltConversation {
  messages: ConversationMessage[];
  /** Results already produced for the tool calls of the last assistant message (keyed by tool_use id). */
  completedToolResults: Record<string, { content: string; ok: boolean }>;
}

export function rebuildConversation(events: readonly AgentEvent[]): RebuiltConversation {
  let messages: ConversationMessage[] = [];
  let lastMessageIndex = -1;
  events.forEach((event, index) => {
    // A compaction applies to the messages before it, exactly as the agent applied it.
    if (event.type === 'compacted') messages = applyCompaction(messages, event);
    if (event.type !== 'message') return;
    messages.push(event.message);
    lastMessageIndex = index;
  });

  const completedToolResults: RebuiltConversation['completedToolResults'] = {};
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'assistant') return { messages, completedToolResults };

  const pending = new Set(toolUseIds(last));
  if (pending.size === 0) return { messages, completedToolResults };
  for (const event of events.slice(lastMessageIndex + 1)) {
    if (event.type === 'tool_result' && pending.has(event.toolUseId)) {
      // The latest result wins (a tool re-run after an earlier resume).
      completedToolResults[event.toolUseId] = { content: event.content, ok: event.ok };
    }
  }
  return { messages, completedToolResults };
}

/** The ids of the tool_use blocks of a message (client tools only: server tools carry their own results). */
export function toolUseIds(message: ConversationMessage): string[] {
  if (!Array.isArray(message.content)) return [];
  const ids: string[] = [];
  for (const block of message.content as unknown[]) {
    if (typeof block !== 'object' || block === null) continue;
    const { type, id } = block as { type?: unknown; id?: unknown };
    if (type === 'tool_use' && typeof id === 'string') ids.push(id);
  }
  return ids;
}
