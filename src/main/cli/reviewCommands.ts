// The review commands: diff, accept, reject, checkpoints, undo (issue 3).
// A reject with feedback continues the agent in the foreground, like reply.

import { TOO_LARGE_NOTICE, type FileDiff } from '../../shared/review.js';
import { EXIT_OK } from '../app/exitCodes.js';
import { continueAgent, type CommandContext } from './agentCommands.js';
import { UsageError } from './usageError.js';

/** The unified diff text of one file, from its hunks. */
export function unifiedDiff(file: FileDiff): string {
  if (file.binary) return `Binary file ${file.path} ${file.status}\n`;
  const from = file.status === 'added' ? '/dev/null' : `a/${file.path}`;
  const to = file.status === 'deleted' ? '/dev/null' : `b/${file.path}`;
  let text = `--- ${from}\n+++ ${to}\n`;
  if (file.tooLarge) return `${text}${file.path} is ${TOO_LARGE_NOTICE} (about +${file.additions} -${file.deletions} lines)\n`;
  for (const hunk of file.hunks) {
    text += `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@ hunk ${hunk.index}\n`;
    for (const line of hunk.lines) text += line.endsWith('\n') ? line : `${line}\n`;
  }
  return text;
}

export async function diffCommand(ctx: CommandContext, id: string, path: string | undefined): Promise<number> {
  const files = await ctx.session.client.call.getDiff(id, path);
  if (ctx.json) {
    const out = files.map(({ original: _o, modified: _m, ...rest }) => rest);
    ctx.output.out(JSON.stringify(out, null, 2));
    return EXIT_OK;
  }
  if (files.length === 0) {
    ctx.output.out(path ? `No changes to ${path} by this agent under review.` : 'No changes under review for this agent.');
    return EXIT_OK;
  }
  for (const file of files) ctx.output.out(unifiedDiff(file).trimEnd());
  return EXIT_OK;
}

function hunkOf(hunk: number | undefined, paths: string[]): number | undefined {
  if (hunk === undefined) return undefined;
  if (paths.length !== 1) throw new UsageError('--hunk N picks a hunk of one file: give exactly one PATH.');
  return hunk;
}

export async function acceptCommand(ctx: CommandContext, id: string, paths: string[], hunk: number | undefined): Promise<number> {
  const h = hunkOf(hunk, paths);
  await ctx.session.client.call.accept(id, { paths: paths.length ? paths : undefined, hunk: h });
  ctx.output.out(`Accepted ${describeSelection(paths, h)}.`);
  return EXIT_OK;
}

export interface RejectFlags {
  hunk?: number;
  feedback?: string;
  force?: boolean;
}

export async function rejectCommand(ctx: CommandContext, id: string, paths: string[], flags: RejectFlags): Promise<number> {
  const h = hunkOf(flags.hunk, paths);
  const request = { paths: paths.length ? paths : undefined, hunk: h, feedback: flags.feedback?.trim() || undefined, force: flags.force };
  if (!request.feedback) {
    await ctx.session.client.call.reject(id, request);
    ctx.output.out(`Rejected ${describeSelection(paths, h)}: restored as it was before the agent changed it.`);
    return EXIT_OK;
  }
  // With feedback the agent is told and goes on: follow it like `reply`.
  return continueAgent(ctx, id, (agentId) => ctx.session.client.call.reject(agentId, request));
}

export async function checkpointsCommand(ctx: CommandContext, id: string): Promise<number> {
  const checkpoints = await ctx.session.client.call.getCheckpoints(id);
  if (ctx.json) {
    ctx.output.out(JSON.stringify(checkpoints, null, 2));
    return EXIT_OK;
  }
  if (checkpoints.length === 0) ctx.output.out('No step of this agent changed files.');
  for (const c of checkpoints) ctx.output.out(`step ${c.step}  ${c.time}  ${c.files.join(', ')}`);
  return EXIT_OK;
}

export async function undoCommand(ctx: CommandContext, id: string, toStep: number, force: boolean): Promise<number> {
  await ctx.session.client.call.undo(id, { toStep, force });
  ctx.output.out(`Every file the agent changed is back as it was after step ${toStep}.`);
  return EXIT_OK;
}

function describeSelection(paths: string[], hunk: number | undefined): string {
  if (paths.length === 0) return 'every change of the agent';
  return (hunk !== undefined ? `hunk ${hunk} of ` : '') + paths.join(', ');
}
