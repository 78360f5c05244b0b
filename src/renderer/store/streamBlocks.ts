// Turns an agent's events into the blocks its stream view shows: text deltas
// grouped into one block per model turn, each tool call with its output and
// result, and short notices for the rest. Built incrementally: appending
// events copies only the blocks they change.

import { describeCompaction } from '../../shared/compaction.js';
import { STATUS_LABELS } from '../../shared/agent.js';
import type { PendingItem } from '../../shared/agent.js';
import type { AgentEvent } from '../../shared/events.js';

export type StreamBlock =
  | { kind: 'prompt'; key: string; text: string; label?: string }
  | { kind: 'text'; key: string; text: string; streaming: boolean }
  | {
      kind: 'tool';
      key: string;
      tool: string;
      toolUseId: string;
      input: unknown;
      output: string;
      result: { ok: boolean; content: string; changedPaths?: string[] } | null;
      /** Set while the agent waits for a person on this call. */
      awaiting?: 'input' | 'approval';
      /** Edit and Run: the command that ran instead of the proposed one (set only when it differs). */
      ranCommand?: string;
    }
  | { kind: 'retries'; key: string; text: string; count: number; reason: string }
  | { kind: 'pause'; key: string; item: PendingItem }
  | { kind: 'answer'; key: string; text: string }
  | { kind: 'notice'; key: string; text: string; tone: 'info' | 'warn' | 'error' | 'done'; count?: number };

export interface AgentStream {
  blocks: StreamBlock[];
  /** Highest seq folded in; events at or below it are duplicates. */
  lastSeq: number;
  /** Index of each tool block by toolUseId, to attach output and results. */
  toolIndex: Record<string, number>;
  /** Index of the text block of the turn now streaming, or -1. */
  openText: number;
}

export const EMPTY_STREAM: AgentStream = { blocks: [], lastSeq: 0, toolIndex: {}, openText: -1 };

/** Output kept per tool block; the full output stays in the host's log. */
const MAX_TOOL_OUTPUT = 64 * 1024;

export function appendEvents(stream: AgentStream, events: readonly AgentEvent[]): AgentStream {
  const fresh = events.filter((e) => e.seq > stream.lastSeq);
  if (fresh.length === 0) return stream;
  const blocks = stream.blocks.slice();
  let toolIndex = stream.toolIndex;
  let openText = stream.openText;
  let lastSeq = stream.lastSeq;
  const copiedTools = new Set<number>();

  const push = (block: StreamBlock) => {
    blocks.push(block);
  };
  const closeText = () => {
    if (openText >= 0) {
      const block = blocks[openText] as Extract<StreamBlock, { kind: 'text' }>;
      blocks[openText] = { ...block, streaming: false };
    }
    openText = -1;
  };
  const toolAt = (toolUseId: string) => {
    const index = toolIndex[toolUseId];
    if (index === undefined) return null;
    if (!copiedTools.has(index)) {
      blocks[index] = { ...blocks[index]! } as StreamBlock;
      copiedTools.add(index);
    }
    return blocks[index] as Extract<StreamBlock, { kind: 'tool' }>;
  };

  for (const event of fresh) {
    lastSeq = Math.max(lastSeq, event.seq);
    const key = `e${event.seq}`;
    switch (event.type) {
      case 'started':
        push({ kind: 'prompt', key, text: event.prompt });
        break;
      case 'text': {
        if (openText < 0) {
          openText = blocks.length;
          push({ kind: 'text', key, text: event.text, streaming: true });
        } else {
          const block = blocks[openText] as Extract<StreamBlock, { kind: 'text' }>;
          blocks[openText] = { ...block, text: block.text + event.text };
        }
        break;
      }
      case 'message': {
        // A full message closes the turn whose deltas we have been showing.
        if (event.message.role === 'assistant') closeText();
        // The person's follow-ups (and the engine's own nudges): every user text but the prompt itself.
        else {
          const said = userTextOf(event.message.content).filter((text) => text !== firstPrompt(blocks));
          if (said.length) push({ kind: 'prompt', key, text: said.join('\n\n'), label: 'Message to the agent' });
        }
        break;
      }
      case 'tool_call':
        closeText();
        if (toolIndex === stream.toolIndex) toolIndex = { ...toolIndex };
        toolIndex[event.toolUseId] = blocks.length;
        copiedTools.add(blocks.length);
        push({ kind: 'tool', key, tool: event.tool, toolUseId: event.toolUseId, input: event.input, output: '', result: null });
        break;
      case 'tool_output': {
        const block = toolAt(event.toolUseId);
        if (block && block.output.length < MAX_TOOL_OUTPUT) block.output = (block.output + event.chunk).slice(0, MAX_TOOL_OUTPUT);
        break;
      }
      case 'tool_result': {
        const block = toolAt(event.toolUseId);
        if (block) block.result = { ok: event.ok, content: event.content, changedPaths: event.changedPaths };
        else push({ kind: 'notice', key, text: `${event.tool}: ${event.ok ? 'done' : 'failed'}`, tone: event.ok ? 'info' : 'error' });
        break;
      }
      case 'paused': {
        closeText();
        const waitingTool = toolAt(event.toolUseId);
        if (waitingTool) waitingTool.awaiting = event.kind;
        const { type: _t, agentId: _a, time: _time, seq: _s, v: _v, ...item } = event;
        push({ kind: 'pause', key, item: item as PendingItem });
        break;
      }
      case 'answered': {
        const answeredTool = toolAt(event.toolUseId);
        const proposed = answeredTool ? String((answeredTool.input as { command?: unknown } | null)?.command ?? '') : undefined;
        const edited = event.kind === 'approval' && event.decision !== 'reject' && !!event.command && event.command !== proposed;
        if (answeredTool) {
          answeredTool.awaiting = undefined;
          if (edited) answeredTool.ranCommand = event.command;
        }
        push({ kind: 'answer', key, text: describeAnswer(event, edited) });
        break;
      }
      case 'rate_limited':
        push({ kind: 'notice', key, text: `Rate-limited until ${new Date(event.until).toLocaleTimeString()}: ${event.reason}`, tone: 'warn' });
        break;
      case 'isolation':
        push({
          kind: 'notice',
          key,
          text: event.mode === 'worktree' ? `Working in its own worktree: ${event.path}` : (event.reason ?? 'Working in your working tree'),
          tone: event.reason ? 'warn' : 'info',
        });
        break;
      case 'compacted':
        push({ kind: 'notice', key, text: describeCompaction(event), tone: 'info' });
        break;
      case 'retry': {
        // Retries in a row fold into one line with a count: the same error five times says nothing new.
        const last = blocks[blocks.length - 1];
        const text = `Retrying in ${Math.round(event.delayMs / 100) / 10} s: ${event.reason}`;
        if (last?.kind === 'retries') blocks[blocks.length - 1] = { ...last, count: last.count + 1, text, reason: event.reason };
        else push({ kind: 'retries', key, text, count: 1, reason: event.reason });
        break;
      }
      case 'error': {
        closeText();
        // The same error again (a retry loop) adds to a count, not a line.
        const last = blocks[blocks.length - 1];
        if (last?.kind === 'notice' && last.tone === 'error' && last.text === event.message) {
          blocks[blocks.length - 1] = { ...last, count: (last.count ?? 1) + 1 };
        } else push({ kind: 'notice', key, text: event.message, tone: 'error' });
        break;
      }
      case 'notice':
        closeText();
        push({ kind: 'notice', key, text: event.message, tone: 'warn' });
        break;
      case 'status':
        if (event.status === 'cancelled' || event.status === 'failed' || (event.status === 'running' && event.reason)) {
          closeText();
          push({
            kind: 'notice',
            key,
            text: STATUS_LABELS[event.status] + (event.reason ? `: ${event.reason}` : ''),
            tone: event.status === 'running' ? 'info' : event.status === 'failed' ? 'error' : 'warn',
          });
        }
        break;
      case 'review':
        push({
          kind: 'notice',
          key,
          text: `Review: ${event.action}${event.hunk !== undefined ? ` hunk ${event.hunk + 1} of` : ''} ${event.paths.join(', ') || 'all files'}${event.feedback ? `: "${event.feedback}"` : ''}`,
          tone: 'info',
        });
        break;
      case 'finished':
        closeText();
        push({
          kind: 'notice',
          key,
          text: STATUS_LABELS[event.status] + (event.error ? `: ${event.error}` : ''),
          tone: event.status === 'completed' ? 'done' : event.status === 'failed' ? 'error' : 'warn',
        });
        break;
      default:
        // usage, model, process, file_changed: shown through the counters and the review.
        break;
    }
  }
  return { blocks, lastSeq, toolIndex, openText };
}

function firstPrompt(blocks: StreamBlock[]): string | undefined {
  const first = blocks[0];
  return first?.kind === 'prompt' ? first.text : undefined;
}

function userTextOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content
    .filter((part): part is { type: 'text'; text: string } => !!part && typeof part === 'object' && (part as { type?: unknown }).type === 'text')
    .map((part) => part.text);
}

function describeAnswer(event: Extract<AgentEvent, { type: 'answered' }>, edited: boolean): string {
  if (event.kind === 'input') return `Answered: ${event.answer ?? ''}`;
  if (event.decision === 'reject') return `Rejected${event.feedback ? `: ${event.feedback}` : ''}`;
  // Marked as edited only when the command that ran is not the one proposed.
  if (edited) return `Approved (edited): ${event.command ?? ''}`;
  return event.command ? `Approved: ${event.command}` : 'Approved';
}
