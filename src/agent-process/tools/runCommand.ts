// run_command {command, timeout_ms?}: the approval gate first, then the
// command in a pty in the workspace, with the host told before and after so it
// can track what the command changed and kill it if the agent dies.

import type { ToolInputs } from '../../shared/tools.js';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { classifyCommand, type GateContext } from '../approval/commandPolicy.js';
import { commandEnvironment } from '../commandEnvironment.js';
import { COMMAND_MARK_VAR, killMarked, newCommandMark } from '../processGroups.js';
import { secretRoots } from '../approval/secretPaths.js';
import { SANDBOX_MISSING_NOTICE, detectSandbox, wrapInSandbox, type SandboxAccess } from '../sandbox/sandbox.js';
import { runInPty } from './ptyRunner.js';
import { ToolError, type ToolContext, type ToolOutcome } from './toolContext.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const MAX_TIMEOUT_MS = 600_000;
/** How long a running command may go on after a cancel before its group is signalled. */
export const CANCEL_GRACE_MS = 2_000;

export interface CommandOutcome extends ToolOutcome {
  /** The command that actually ran (the user may have edited it), null when it did not run. */
  ran: string | null;
  exitCode: number | null;
}

/** The input schema made it a whole number of at least 1 ms; this keeps it between 1 s and the maximum. */
function clampTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  return Math.min(MAX_TIMEOUT_MS, Math.max(1000, value));
}

/** What the gate needs to know besides the command: where secrets are, what this run changed. */
export function commandGateContext(ctx: Pick<ToolContext, 'workspace' | 'changedFiles' | 'protectedPaths'>): GateContext {
  return {
    secrets: { home: homedir(), workspace: ctx.workspace, paths: ctx.protectedPaths },
    changedFiles: [...ctx.changedFiles],
  };
}

function sandboxSpec(ctx: Pick<ToolContext, 'workspace' | 'protectedPaths'>, access: SandboxAccess) {
  const home = homedir();
  // Hidden folders are mounted first and the workspace after, so a workspace
  // inside one (an agent's worktree under OFFLOAD_HOME) is still there.
  const hidden = secretRoots({ home, paths: ctx.protectedPaths });
  return { workspace: ctx.workspace, access, home, hidden, writableExtra: access === 'read-only' ? [] : worktreeGitDirs(ctx.workspace) };
}

/**
 * A git worktree keeps its index and objects in the main repository's git
 * folder (`.git` is a file: `gitdir: <repo>/.git/worktrees/<name>`, whose
 * `commondir` names the shared folder). An approved `git commit` there must be
 * able to write it.
 */
function worktreeGitDirs(workspace: string): string[] {
  try {
    const pointer = readFileSync(path.join(workspace, '.git'), 'utf8');
    const m = /^gitdir:\s*(.+)$/m.exec(pointer);
    if (!m) return [];
    const gitDir = path.resolve(workspace, m[1]!.trim());
    let common = gitDir;
    try {
      common = path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
      // no commondir: the gitdir is all there is
    }
    return [...new Set([common, gitDir])];
  } catch {
    return [];
  }
}


export async function runCommandTool(input: ToolInputs['run_command'], ctx: ToolContext): Promise<CommandOutcome> {
  if (input.command.trim() === '') throw new ToolError('A command is needed.');
  let command = input.command;
  let note = '';
  const gateContext = commandGateContext(ctx);
  const sandbox = await detectSandbox();
  let verdict = classifyCommand(command, ctx.options.allowedCommands, gateContext);
  if (sandbox === 'none') {
    ctx.notice?.(SANDBOX_MISSING_NOTICE);
    // Without an OS sandbox nothing backs the parser up: only the user's own allow list runs at once.
    if (!verdict.needsApproval && !verdict.reason.startsWith('allowed by your pattern')) {
      verdict = { needsApproval: true, reason: `runs without an OS sandbox on this machine (${verdict.reason})` };
    }
  }
  if (verdict.needsApproval) {
    if (ctx.options.approval === 'deny') {
      return {
        ok: false,
        ran: null,
        exitCode: null,
        content:
          `The command was not run: it ${verdict.reason}, and this agent's approval policy refuses such commands. ` +
          'Use the file tools or read-only commands instead, or finish and say what the user should run.',
      };
    }
    if (ctx.options.approval === 'ask') {
      const answer = await ctx.host.pause({
        kind: 'approval',
        reason: 'command',
        command,
        toolUseId: ctx.toolUseId,
        detail: verdict.reason,
      });
      if (answer.kind !== 'approval') throw new ToolError('The approval answer was not understood.');
      if (answer.decision === 'reject') {
        const feedback = answer.feedback?.trim();
        return {
          ok: false,
          ran: null,
          exitCode: null,
          content: `The user refused to run this command.${feedback ? ` Their feedback: ${feedback}` : ' Do not run it again; find another way or ask the user.'}`,
        };
      }
      // An edited command is what the person approved: it runs without another check.
      if (answer.command && answer.command.trim() && answer.command !== command) {
        command = answer.command;
        note = `The user edited the command before approving it; it ran as: ${command}\n`;
      }
    }
  }

  const timeoutMs = clampTimeout(input.timeout_ms);
  // Tracking a command's changes costs the host a stat walk of the tree before
  // and after; a command the gate knows to be read-only changes nothing. An
  // edited command is classified again, since the person may have changed it.
  const tracked = classifyCommand(command, [], gateContext).needsApproval;
  if (tracked) await ctx.host.beforeCommand({ step: ctx.step, command });
  let startedPid: number | null = null;
  let result;
  // Read-only commands get a read-only file system and no network; a pattern
  // the user allowed may write the workspace; what a person (or the auto
  // policy) approved may also reach the network.
  const access: SandboxAccess = !tracked ? 'read-only' : verdict.needsApproval ? 'workspace-write-network' : 'workspace-write';
  const mark = newCommandMark();
  // A workspace deleted, unmounted, read-only or full under a running command: the
  // command is stopped at once (it could only fail, or spin printing errors), and the agent after it.
  let fault: { kind: string; message: string } | null = null;
  const stopWatching =
    ctx.watchWorkspace?.((found) => {
      fault = found;
      if (startedPid === null) return;
      const pid = startedPid;
      ctx.processGroups.signal(pid, 'SIGTERM');
      setTimeout(() => ctx.processGroups.signal(pid, 'SIGKILL'), 1_000).unref();
    }) ?? (() => {});
  try {
    result = await runInPty({
      command,
      cwd: ctx.workspace,
      env: { ...commandEnvironment(process.env), [COMMAND_MARK_VAR]: mark },
      wrap: (inner) => wrapInSandbox(sandbox, sandboxSpec(ctx, access), inner),
      // The PID namespace takes everything with it; without one, strays are found by their mark.
      afterExit: sandbox === 'bwrap' ? undefined : () => void killMarked(mark),
      timeoutMs,
      cancelSignal: ctx.cancelSignal,
      graceMs: CANCEL_GRACE_MS,
      onOutput: (chunk) => ctx.emitOutput(chunk),
      onStart: (pid) => {
        startedPid = pid;
        ctx.processGroups.add(pid, sandbox === 'bwrap' ? null : mark);
        void ctx.host.commandStarted({ pid }).catch(() => undefined);
      },
      signalGroup: (pid, signal) => ctx.processGroups.signal(pid, signal),
    });
  } finally {
    stopWatching();
    if (startedPid !== null) {
      ctx.processGroups.remove(startedPid);
      void ctx.host.commandEnded({ pid: startedPid }).catch(() => undefined);
    }
  }
  const faultSeen = fault as { kind: string; message: string } | null;
  // A folder that is gone (or another one in its place) would read as every file deleted: nothing to track.
  const workspaceGone = faultSeen?.kind === 'gone' || faultSeen?.kind === 'replaced';
  const { changedPaths } = tracked && !workspaceGone
    ? await ctx.host.afterCommand({ step: ctx.step, command, pid: result.pid })
    : { changedPaths: [] as string[] };
  for (const path of changedPaths) ctx.searchIndex.markChanged(path);

  let status: string;
  if (faultSeen) status = `[stopped: ${faultSeen.message}]`;
  else if (result.timedOut) status = `[timed out after ${timeoutMs} ms; the command and its child processes were killed]`;
  else if (result.cancelled) status = '[stopped: the agent was cancelled]';
  else if (result.exitCode === null) status = `[killed by signal ${result.signal}]`;
  else status = `[exit code ${result.exitCode}]`;
  const output = result.output.trim() === '' ? '(no output)' : result.output.replace(/\s+$/, '');
  const ok = !faultSeen && !result.timedOut && !result.cancelled && result.exitCode === 0;
  return { ok, ran: command, exitCode: result.exitCode, content: `${note}${output}\n${status}`, changedPaths };
}
