// The agent commands: run, list, show, logs, reply, approve, deny, resume,
// cancel. Commands that drive agents (run, reply, approve, deny, resume, and a
// review reject with feedback) follow them in the foreground and exit with the
// outcome's code (see app/exitCodes.ts).

import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isSettled, type AgentOptions, type AgentRecord } from '../../shared/agent.js';
import type { AgentEvent } from '../../shared/events.js';
import { formatElapsed } from '../../shared/format.js';
import { withElapsed, reduceAgent } from '../../shared/reduceAgent.js';
import { EXIT_OK, exitCodeForStatuses } from '../app/exitCodes.js';
import { INTERRUPTED_REASON } from '../app/agents/interrupted.js';
import { listAgentLocations } from '../store/agentDirectory.js';
import { liveLockHolder, readLogReadOnly } from '../store/eventLog.js';
import {
  createHumanPrinter,
  createJsonPrinter,
  describeOutcome,
  oneLine,
  statusWords,
  type EventPrinter,
  type Output,
} from './eventPrinter.js';
import { followAgents } from './followAgents.js';
import type { CliSession } from './session.js';
import { UsageError } from './usageError.js';

export interface CommandContext {
  session: CliSession;
  output: Output;
  /** Notes for a person (stderr), never mixed into --json output. */
  note: (line: string) => void;
  json: boolean;
}

/** `--workspace DIR` for the hints we print, when the workspace is not the current folder. */
function workspaceFlag(workspace: string): string {
  const rel = relative(process.cwd(), workspace);
  if (rel === '') return '';
  return `--workspace ${/^[\w@%+=:,./-]+$/.test(workspace) ? workspace : `'${workspace.replace(/'/g, `'\\''`)}'`}`;
}

function makePrinter(ctx: CommandContext, names: Map<string, string>): EventPrinter {
  if (ctx.json) return createJsonPrinter(ctx.output);
  return createHumanPrinter(ctx.output, {
    nameOf: (id) => names.get(id) ?? id,
    workspaceFlag: workspaceFlag(ctx.session.workspace),
  });
}

/** Follows agents to rest, prints the summary, returns the exit code. */
export async function foreground(ctx: CommandContext, records: AgentRecord[], afterSeq?: Map<string, number>): Promise<number> {
  const names = new Map(records.map((r) => [r.id, r.name]));
  const printer = makePrinter(ctx, names);
  const learnName = (event: AgentEvent) => {
    if (event.type === 'started') names.set(event.agentId, event.name);
  };
  const final = await followAgents(ctx.session.client, records.map((r) => r.id), printer, { afterSeq, onEvent: learnName });
  if (!ctx.json) {
    ctx.output.out('');
    for (const record of final) ctx.output.out(describeOutcome(record));
  } else {
    // A failure that could not be logged (a full or read-only OFFLOAD_HOME) has no event to print.
    for (const record of final) if (record.status === 'failed' && record.error) ctx.note(`offload: ${record.name}: ${record.error}`);
  }
  return exitCodeForStatuses(final.map((r) => r.status));
}

// ------------------------------------------------------------------ run

export interface RunFlags {
  tasks?: string;
  provider?: string;
  model?: string;
  approval?: AgentOptions['approval'];
  maxRequests?: number;
  maxCost?: number;
  doneWhen?: string;
  scope?: string[];
  isolation?: 'working-tree' | 'worktree';
}

export function readPrompts(prompts: string[], tasksFile: string | undefined): string[] {
  const all = [...prompts];
  if (tasksFile) {
    let text: string;
    try {
      text = readFileSync(resolve(tasksFile), 'utf8');
    } catch (error) {
      throw new UsageError(`Cannot read the tasks file ${tasksFile}: ${(error as Error).message}`);
    }
    all.push(...text.split(/\r?\n/));
  }
  const cleaned = all.map((p) => p.trim()).filter(Boolean);
  if (cleaned.length === 0) throw new UsageError('Give at least one prompt: offload run "PROMPT" (or --tasks FILE with one prompt a line).');
  return cleaned;
}

export async function runCommand(ctx: CommandContext, prompts: string[], flags: RunFlags): Promise<number> {
  const options: Partial<AgentOptions> = {};
  if (flags.provider) options.provider = flags.provider;
  if (flags.model) options.model = flags.model;
  if (flags.approval) options.approval = flags.approval;
  if (flags.maxRequests !== undefined) options.maxRequests = flags.maxRequests;
  if (flags.maxCost !== undefined) options.maxCostUsd = flags.maxCost;
  if (flags.doneWhen) options.doneWhen = flags.doneWhen;
  if (flags.scope?.length) options.scope = flags.scope;
  if (flags.isolation) options.isolation = flags.isolation;
  const records = await ctx.session.client.call.startAgents({ prompts: readPrompts(prompts, flags.tasks), options });
  if (!ctx.json) {
    for (const r of records) ctx.note(`Started ${r.name} (${r.id})${ctx.session.remote ? ' in the running Offload host' : ''}`);
  }
  return foreground(ctx, records);
}

// ------------------------------------------------------------------ answers and resume

/** Runs an action on one agent, then follows it from where it was. */
export async function continueAgent(ctx: CommandContext, id: string, action: (agentId: string) => Promise<void>): Promise<number> {
  const before = await ctx.session.client.call.getAgent(id);
  await action(before.id);
  return foreground(ctx, [before], new Map([[before.id, before.lastSeq]]));
}

export function replyCommand(ctx: CommandContext, id: string, text: string) {
  if (!text.trim()) throw new UsageError('The answer is empty: offload reply ID "TEXT".');
  return continueAgent(ctx, id, (agentId) => ctx.session.client.call.reply(agentId, text));
}

export function approveCommand(ctx: CommandContext, id: string, edit: string | undefined) {
  if (edit !== undefined && !edit.trim()) throw new UsageError('--edit needs the command to run instead.');
  return continueAgent(ctx, id, (agentId) => ctx.session.client.call.approve(agentId, edit ? { command: edit } : {}));
}

export function denyCommand(ctx: CommandContext, id: string, feedback: string | undefined) {
  return continueAgent(ctx, id, (agentId) => ctx.session.client.call.deny(agentId, feedback ? { feedback } : {}));
}

export function resumeCommand(ctx: CommandContext, id: string) {
  return continueAgent(ctx, id, (agentId) => ctx.session.client.call.resume(agentId));
}

// ------------------------------------------------------------------ cancel

const CANCEL_WAIT_MS = 15_000;

export async function cancelCommand(ctx: CommandContext, id: string): Promise<number> {
  const client = ctx.session.client;
  const agent = await client.call.getAgent(id);
  if (isSettled(agent.status)) {
    ctx.output.out(`${agent.name} (${agent.id}) is already ${statusWords(agent).toLowerCase()}; nothing to cancel.`);
    return EXIT_OK;
  }
  await client.call.cancel(agent.id);
  // A running agent stops at its next step boundary, possibly in another process: wait for it.
  // When that process was the host (another terminal's `offload run`), it ends once its agents
  // are at rest, closing this connection: the cancel has then taken effect.
  const poll = () =>
    client.call.getAgent(agent.id).catch((error: { code?: string; message?: string }) => {
      if (error?.code === 'DISCONNECTED' || /connection to the Offload host is closed/i.test(error?.message ?? '')) return null;
      throw error;
    });
  const deadline = Date.now() + CANCEL_WAIT_MS;
  let now = await poll();
  while (now && !isSettled(now.status) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    now = await poll();
  }
  if (!now) {
    ctx.output.out(`${agent.name} (${agent.id}): cancelled; the process that ran it has ended. Its changes stay for review (offload diff ${agent.id}).`);
    return EXIT_OK;
  }
  if (isSettled(now.status)) {
    ctx.output.out(`${now.name} (${now.id}): ${statusWords(now)}. Its changes stay for review (offload diff ${now.id}).`);
  } else {
    ctx.output.out(`Cancel requested: ${now.name} (${now.id}) stops at its next step boundary.`);
  }
  return EXIT_OK;
}

// ------------------------------------------------------------------ list, show, logs

export async function listCommand(ctx: CommandContext): Promise<number> {
  const agents = await ctx.session.client.call.listAgents();
  if (ctx.json) {
    ctx.output.out(JSON.stringify(agents, null, 2));
    return EXIT_OK;
  }
  if (agents.length === 0) {
    ctx.output.out('No agents in this workspace yet. Start one with: offload run "PROMPT"');
    return EXIT_OK;
  }
  for (const a of agents) ctx.output.out(agentRow(a));
  return EXIT_OK;
}

function agentRow(a: AgentRecord): string {
  return [
    a.id,
    a.name.padEnd(24),
    statusWords(a).padEnd(26),
    `${a.steps} steps`.padEnd(10),
    `${a.premiumRequests} req`.padEnd(8),
    formatElapsed(a.elapsedMs).padEnd(7),
    oneLine(a.prompt, 60),
  ].join('  ');
}

/**
 * `offload list --all`: every agent under OFFLOAD_HOME with its workspace,
 * newest first, read from the logs without writing to any (each log is its
 * driver's to write). An agent that reads as running while no live process
 * holds it shows as the interrupted failure the next host will record.
 */
export async function listAllCommand(output: Output, json: boolean, home: string): Promise<number> {
  const records: AgentRecord[] = [];
  for (const location of await listAgentLocations(home)) {
    const events = await readLogReadOnly(location.stateDir, location.id);
    let record = withElapsed(reduceAgent(location.id, events));
    if ((record.status === 'running' || record.status === 'queued') && (await liveLockHolder(location.stateDir, location.id)) === null) {
      record = { ...record, status: 'failed', error: INTERRUPTED_REASON, pid: null };
    }
    records.push(record);
  }
  records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  if (json) {
    output.out(JSON.stringify(records, null, 2));
    return EXIT_OK;
  }
  if (records.length === 0) {
    output.out('No agents yet. Start one with: offload run "PROMPT"');
    return EXIT_OK;
  }
  const byWorkspace = new Map<string, AgentRecord[]>();
  for (const record of records) byWorkspace.set(record.workspace, [...(byWorkspace.get(record.workspace) ?? []), record]);
  let first = true;
  for (const [workspace, agents] of byWorkspace) {
    if (!first) output.out('');
    first = false;
    output.out(`${workspace}`);
    for (const a of agents) output.out(`  ${agentRow(a)}`);
  }
  return EXIT_OK;
}

export async function showCommand(ctx: CommandContext, id: string): Promise<number> {
  const a = await ctx.session.client.call.getAgent(id);
  if (ctx.json) {
    ctx.output.out(JSON.stringify(a, null, 2));
    return EXIT_OK;
  }
  const lines = [
    `${a.name} (${a.id})`,
    `status:    ${statusWords(a)}${a.rateLimitedUntil ? ` until ${a.rateLimitedUntil}` : ''}`,
    `prompt:    ${a.prompt}`,
    `model:     ${a.model ?? '(not chosen yet)'}`,
    `steps:     ${a.steps}`,
    `requests:  ${a.premiumRequests} premium ($${a.costUsd.toFixed(4)})`,
    `elapsed:   ${formatElapsed(a.elapsedMs)}`,
  ];
  if (a.pid !== null) lines.push(`pid:       ${a.pid}`);
  if (a.pending?.kind === 'input') lines.push(`waiting:   ${a.pending.question}`, `           answer: offload reply ${a.id} "..."`);
  if (a.pending?.kind === 'approval') lines.push(`waiting:   ${a.pending.command}`, `           offload approve ${a.id}  |  offload deny ${a.id} --feedback "..."`);
  if (a.error) lines.push(`error:     ${a.error}`);
  if (a.summary.filesChanged.length) {
    lines.push('files changed:');
    for (const f of a.summary.filesChanged) lines.push(`  ${f.status.padEnd(9)} ${f.path} (+${f.additions} -${f.deletions})`);
  }
  if (a.summary.changedPathsFromLog?.length) {
    lines.push("files changed (from the agent's log; the workspace could not be read):");
    for (const path of a.summary.changedPathsFromLog) lines.push(`  ${path}`);
  }
  if (a.summary.commandsRun.length) lines.push(`commands:  ${a.summary.commandsRun.join('; ')}`);
  for (const line of lines) ctx.output.out(line);
  return EXIT_OK;
}

export async function logsCommand(ctx: CommandContext, id: string, follow: boolean): Promise<number> {
  const agent = await ctx.session.client.call.getAgent(id);
  const names = new Map([[agent.id, agent.name]]);
  const printer = makePrinter(ctx, names);
  const final = await followAgents(ctx.session.client, [agent.id], printer, { untilAtRest: follow });
  return follow ? exitCodeForStatuses(final.map((r) => r.status)) : EXIT_OK;
}
