// How the CLI shows an agent's events: JSON Lines (--json), or one readable
// line per event for a person. Model text streams as deltas, so it is
// gathered into whole lines before it is printed.

import { formatElapsed } from '../../shared/format.js';
import { describeCompaction } from '../../shared/compaction.js';
import { STATUS_LABELS, type AgentRecord } from '../../shared/agent.js';
import type { AgentEvent } from '../../shared/events.js';

export interface Output {
  out(line: string): void;
}

export interface EventPrinter {
  print(event: AgentEvent): void;
  /** Prints text still gathered (at the end of a stream). */
  flush(): void;
}

export function createJsonPrinter(output: Output): EventPrinter {
  return {
    print(event) {
      output.out(JSON.stringify(event));
    },
    flush() {},
  };
}

export interface HumanPrinterOptions {
  /** Agents' names by id (events other than `started` carry none). */
  nameOf: (agentId: string) => string;
  /** How to refer to the workspace in hints (`--workspace DIR`), or '' for the current folder. */
  workspaceFlag: string;
}

export function createHumanPrinter(output: Output, options: HumanPrinterOptions): EventPrinter {
  const pendingText = new Map<string, string>();
  const prefix = (agentId: string) => `[${options.nameOf(agentId) || agentId}]`;
  const flushText = (agentId: string) => {
    const text = pendingText.get(agentId);
    pendingText.delete(agentId);
    if (text && text.trim()) output.out(`${prefix(agentId)} ${text.trimEnd()}`);
  };

  return {
    print(event) {
      if (event.type === 'text') {
        const text = (pendingText.get(event.agentId) ?? '') + event.text;
        const lines = text.split('\n');
        const last = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) output.out(`${prefix(event.agentId)} ${line}`);
        pendingText.set(event.agentId, last);
        return;
      }
      flushText(event.agentId);
      const line = describeEvent(event, options.workspaceFlag);
      if (line === null) return;
      for (const part of line.split('\n')) output.out(part.startsWith('  ') ? part : `${prefix(event.agentId)} ${part}`);
    },
    flush() {
      for (const agentId of [...pendingText.keys()]) flushText(agentId);
    },
  };
}

/** One event in words; null for events a person does not need to see. */
export function describeEvent(event: AgentEvent, workspaceFlag = ''): string | null {
  const ws = workspaceFlag ? ` ${workspaceFlag}` : '';
  switch (event.type) {
    case 'started':
      return `started: ${oneLine(event.prompt, 200)}`;
    case 'status':
      // A pause is told by its `paused` event, with the question and how to answer.
      if (event.status === 'paused_input' || event.status === 'paused_approval') return null;
      return STATUS_LABELS[event.status] + (event.reason ? ` (${event.reason})` : '');
    case 'tool_call':
      return `> ${event.tool} ${describeToolInput(event.tool, event.input)}`.trimEnd();
    case 'tool_result':
      return event.ok ? `  ok: ${event.tool}${firstLineNote(event.content)}` : `  error: ${event.tool}: ${oneLine(event.content, 300)}`;
    case 'rate_limited':
      return `rate-limited until ${new Date(event.until).toLocaleTimeString()} (${event.reason}); still running`;
    case 'isolation':
      return event.mode === 'worktree' ? `working in its own worktree: ${event.path}` : (event.reason ?? null);
    case 'compacted':
      return describeCompaction(event);
    case 'retry':
      return `retrying (attempt ${event.attempt}) in ${Math.round(event.delayMs / 100) / 10}s: ${event.reason}`;
    case 'paused':
      if (event.kind === 'input') {
        return `${STATUS_LABELS.paused_input}: ${event.question}\n  Answer with: offload reply ${event.agentId}${ws} "..."`;
      }
      return (
        `${STATUS_LABELS.paused_approval}: ${event.command}${event.detail ? ` (${event.detail})` : ''}\n` +
        `  Run it with: offload approve ${event.agentId}${ws}   (or --edit "COMMAND" to change it first)\n` +
        `  Refuse it with: offload deny ${event.agentId}${ws} --feedback "..."`
      );
    case 'answered':
      if (event.kind === 'input') return `answered: ${oneLine(event.answer ?? '', 200)}`;
      if (event.decision === 'reject') return `command refused${event.feedback ? `: ${event.feedback}` : ''}`;
      return `command approved${event.decision === 'edit' && event.command ? ` (edited: ${event.command})` : ''}`;
    case 'file_changed':
      return `  changed ${event.path}`;
    case 'review':
      return `review: ${event.action}${event.paths.length ? ` ${event.paths.join(', ')}` : ''}${event.feedback ? ` (${event.feedback})` : ''}`;
    case 'finished': {
      const fromLog = event.summary.changedPathsFromLog;
      const files = fromLog?.length ?? event.summary.filesChanged.length;
      const changed = `${files} file${files === 1 ? '' : 's'} changed`;
      const parts = [
        fromLog ? `${changed} (${fromLog.length ? `${fromLog.join(', ')}; ` : ''}from the agent's log: the workspace could not be read)` : changed,
        `${event.summary.commandsRun.length} commands run`,
      ];
      if (event.summary.testsRun.length) parts.push(`${event.summary.testsRun.filter((t) => t.ok).length}/${event.summary.testsRun.length} test runs passed`);
      return `${STATUS_LABELS[event.status]}: ${parts.join(', ')}${event.error ? ` (${event.error})` : ''}`;
    }
    case 'error':
      return `error: ${event.message}`;
    case 'notice':
      return `notice: ${event.message}`;
    default:
      // text, message, tool_output, usage, model, process: counted in the summary, not shown line by line.
      return null;
  }
}

export function describeToolInput(tool: string, input: unknown): string {
  const value = (input ?? {}) as Record<string, unknown>;
  if (tool === 'run_command' && typeof value.command === 'string') return value.command;
  if (tool === 'ask_user' && typeof value.question === 'string') return oneLine(value.question, 200);
  if (typeof value.path === 'string') {
    if (tool === 'grep' && typeof value.pattern === 'string') return `${value.pattern} in ${value.path}`;
    return value.path;
  }
  if (typeof value.pattern === 'string') return value.pattern;
  if (typeof value.query === 'string') return value.query;
  const json = JSON.stringify(input);
  return json === '{}' ? '' : oneLine(json ?? '', 200);
}

/** The final lines of a run: one per agent. */
export function describeOutcome(record: AgentRecord): string {
  const parts = [
    `${record.steps} step${record.steps === 1 ? '' : 's'}`,
    `${formatNumber(record.premiumRequests)} premium request${record.premiumRequests === 1 ? '' : 's'}`,
    `$${record.costUsd.toFixed(4)}`,
    formatElapsed(record.elapsedMs),
  ];
  let line = `${record.name} (${record.id}): ${statusWords(record)} - ${parts.join(', ')}`;
  const files = record.summary.filesChanged;
  if (files.length) line += `\n  files changed: ${files.map((f) => `${f.path} (+${f.additions} -${f.deletions})`).join(', ')}`;
  const fromLog = record.summary.changedPathsFromLog;
  if (fromLog?.length) line += `\n  files changed (from its log; the workspace could not be read): ${fromLog.join(', ')}`;
  if (record.summary.commandsRun.length) line += `\n  commands run: ${record.summary.commandsRun.join('; ')}`;
  if (record.status === 'failed' && record.error) line += `\n  reason: ${record.error}`;
  return line;
}

/** The status in words, with "(interrupted)" for agents a stopped host left behind. */
export function statusWords(record: AgentRecord): string {
  const label = STATUS_LABELS[record.status];
  if (record.status === 'failed' && record.error?.startsWith('interrupted')) return `${label} (interrupted)`;
  if (record.status === 'running' && record.rateLimitedUntil) return `${label} (rate-limited)`;
  return label;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function firstLineNote(content: string): string {
  const first = content.split('\n').find((l) => l.trim());
  return first && first.length < 120 && !/^\s*\d+[\t|:]/.test(first) ? ` (${first.trim()})` : '';
}
