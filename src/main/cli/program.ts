// The `offload` command line's commands and flags. Commands, flags, JSON
// fields and exit codes are a public contract (issues 2 and 3); exit codes
// live in app/exitCodes.ts. main.ts runs it; the build renders its help
// (scripts/renderHelp.mjs) so `offload --help` prints without loading it.
//
// Every command goes through a host: the one running for the workspace (an
// `offload serve` or the desktop app) when there is one, else one made in this
// process for the command's lifetime (see session.ts). Without a running host,
// a foreground command returns when its agents settle or pause; a paused
// agent's process ends and its answer (`offload reply`...) relaunches it.

import { spawn } from 'node:child_process';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Settings } from '../../shared/settings.js';
import type { OffloadHost } from '../app/host.js';
import { EXIT_FAILED, EXIT_OK } from '../app/exitCodes.js';
import { packageVersion } from '../app/packageVersion.js';
import type { CommandContext, RunFlags } from './agentCommands.js';
import type { CliSession } from './session.js';
import { exitAfterFlush, setBrokenPipeHandler, writeErr, writeOut } from './processOutput.js';
import { UsageError } from './usageError.js';

// Each command loads its own code when it runs: `offload --help` (and every
// command that needs no host) would otherwise load the whole host, zod,
// isomorphic-git and node-pty first (bench/startup.ts).
const agentCommands = () => import('./agentCommands.js');
const reviewCommands = () => import('./reviewCommands.js');
const mcpCommands = () => import('./mcpCommands.js');
const sessions = () => import('./session.js');

const output = { out: (line: string) => writeOut(line + '\n') };
export const note = (line: string) => writeErr(line + '\n');

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number above 0.');
  return n;
}
function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number (0 or more).');
  return n;
}
function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0.');
  return n;
}
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface CommonFlags {
  workspace?: string;
  json?: boolean;
}

/**
 * Opens the session, runs the command, closes the session; returns the exit
 * code. `launchesAgent`: an in-process host is announced as the workspace's
 * one host and stays up for agents others start in it (see session.ts).
 */
async function withSession(
  flags: CommonFlags,
  body: (ctx: CommandContext) => Promise<number>,
  settingsOverrides: Partial<Settings> = {},
  launchesAgent = false,
): Promise<number> {
  const session: CliSession = await (await sessions()).openSession(flags.workspace, { settingsOverrides, launchesAgent });
  if (session.notice) note(session.notice);
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    // Running agents of an in-process host read as interrupted; `resume` continues them.
    void session.close({ now: true }).finally(() => exitAfterFlush(EXIT_FAILED));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The reader went away (`| head`): stop like a signal would, quietly.
  setBrokenPipeHandler(async () => {
    if (stopping) return;
    stopping = true;
    await session.close({ now: true });
  });
  try {
    return await body({ session, output, note, json: Boolean(flags.json) });
  } finally {
    const onWait = (count: number) =>
      note(`This process is the workspace's Offload host: waiting for ${count} agent${count === 1 ? '' : 's'} started from elsewhere (Ctrl+C stops them; \`offload resume\` continues them).`);
    setBrokenPipeHandler(null);
    if (!stopping) await session.close({ onWait });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Runs a command on one named agent: its id, id prefix or name is looked up
 * under OFFLOAD_HOME across every workspace (--workspace only narrows), and
 * the session opens on that agent's workspace.
 */
async function withAgent(
  flags: CommonFlags,
  query: string,
  body: (ctx: CommandContext, agentId: string) => Promise<number>,
  launchesAgent = false,
): Promise<number> {
  const [{ locateAgent }, { resolveOffloadHome }, { resolveWorkspace }] = await Promise.all([
    import('../store/agentDirectory.js'),
    import('../store/homePaths.js'),
    sessions(),
  ]);
  const home = resolveOffloadHome(process.env);
  const found = await locateAgent(home, query, { workspace: flags.workspace ? resolveWorkspace(flags.workspace) : undefined });
  return withSession({ ...flags, workspace: found.workspace }, (ctx) => body(ctx, found.id), {}, launchesAgent);
}

function workspaceOption() {
  return new Option('--workspace <dir>', 'the project folder (default: the current folder; for a named agent, only narrows the search)');
}

/**
 * Help wraps at the terminal's width, but never wider than HELP_WIDTH: then
 * the help the build renders at that width (scripts/renderHelp.mjs) is what
 * commander would print on any terminal at least that wide, and bin/offload
 * prints it without loading the CLI.
 */
export const HELP_WIDTH = 80;
function helpWidth(stream: NodeJS.WriteStream): number {
  return stream.isTTY && stream.columns ? Math.min(stream.columns, HELP_WIDTH) : HELP_WIDTH;
}

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('offload')
    .version(packageVersion(), '-V, --version', 'print the version')
    .description('Run AI coding agents in the background, under one supervisor.')
    .showHelpAfterError('(run `offload --help` or `offload COMMAND --help` for usage)')
    .exitOverride()
    .configureOutput({ writeOut, writeErr, getOutHelpWidth: () => helpWidth(process.stdout), getErrHelpWidth: () => helpWidth(process.stderr) });

  const run = (p: Promise<number>) => p.then(setExit);

  program
    .command('run')
    .description('start one agent per prompt; with several, they run at once under one supervisor')
    .argument('[prompts...]', 'what each agent should do')
    .addOption(workspaceOption())
    .option('--tasks <file>', 'more prompts, one per line')
    .option('--provider <id>', 'the provider of the model, from the settings\' "providers" (default: defaultProvider, else anthropic)')
    .option('--model <name>', 'the model (default: the newest Sonnet-class model the API lists, or the provider\'s defaultModel)')
    .addOption(new Option('--approval <policy>', 'what a write-y command gets').choices(['ask', 'auto', 'deny']))
    .option('--max-requests <n>', 'per-agent budget in premium requests', positiveInt)
    .option('--max-cost <usd>', 'per-agent budget in dollars', positiveNumber)
    .option('--done-when <text>', 'the completion criterion, given to the agent')
    .option('--scope <glob>', 'the agent may write only matching paths (repeatable)', collect, [])
    .addOption(new Option('--isolation <mode>', 'where the agent works: the working tree, or its own git worktree').choices(['working-tree', 'worktree']))
    .option('--concurrency <n>', 'agents running at once (default 5)', positiveInt)
    .option('--rpm <n>', 'requests per minute shared by all agents', positiveInt)
    .option('--itpm <n>', 'input tokens per minute shared by all agents', positiveInt)
    .option('--otpm <n>', 'output tokens per minute shared by all agents', positiveInt)
    .option('--json', 'JSON Lines events on stdout instead of human text')
    .action((prompts: string[], flags: RunFlags & CommonFlags & { concurrency?: number; rpm?: number; itpm?: number; otpm?: number }) => {
      const overrides: Partial<Settings> = {};
      if (flags.concurrency !== undefined) overrides.concurrency = flags.concurrency;
      if (flags.rpm !== undefined || flags.itpm !== undefined || flags.otpm !== undefined) {
        // Only the given ones: the settings store fills the others from env and files.
        overrides.rateLimits = { rpm: flags.rpm, itpm: flags.itpm, otpm: flags.otpm } as Settings['rateLimits'];
        for (const key of ['rpm', 'itpm', 'otpm'] as const) if (overrides.rateLimits[key] === undefined) delete overrides.rateLimits[key];
      }
      return run(
        withSession(
          flags,
          async (ctx) => {
            if (ctx.session.remote && Object.keys(overrides).length) {
              ctx.note('Note: a host is running for this workspace; its own concurrency and rate limits apply (--concurrency/--rpm/--itpm/--otpm ignored).');
            }
            return (await agentCommands()).runCommand(ctx, prompts, flags);
          },
          overrides,
          true,
        ),
      );
    });

  program
    .command('list')
    .description('every agent of the workspace, newest first')
    .addOption(workspaceOption())
    .option('--json', 'a JSON array of agent records')
    .option('--all', "every workspace's agents, each with its workspace")
    .action(async (flags: CommonFlags & { all?: boolean }) => {
      if (!flags.all) return run(withSession(flags, async (ctx) => (await agentCommands()).listCommand(ctx)));
      const [{ listAllCommand }, { resolveOffloadHome }] = await Promise.all([agentCommands(), import('../store/homePaths.js')]);
      return run(listAllCommand(output, Boolean(flags.json), resolveOffloadHome(process.env)));
    });

  program
    .command('limits')
    .description('the shared rate limits per model class (each limit, used now, when the queue drains) and the monthly budget')
    .addOption(workspaceOption())
    .option('--json', 'the readout as JSON')
    .action((flags: CommonFlags) => run(withSession(flags, async (ctx) => (await import('./limitsCommand.js')).limitsCommand(ctx))));

  program
    .command('show')
    .description("one agent's state")
    .argument('<id>')
    .addOption(workspaceOption())
    .option('--json', 'the agent record as JSON')
    .action((id: string, flags: CommonFlags) => run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).showCommand(ctx, agentId))));

  program
    .command('logs')
    .description('its event stream, from the start')
    .argument('<id>')
    .addOption(workspaceOption())
    .option('--json', 'JSON Lines events')
    .option('--follow', 'keep printing until the agent settles or pauses')
    .action((id: string, flags: CommonFlags & { follow?: boolean }) =>
      run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).logsCommand(ctx, agentId, Boolean(flags.follow)))),
    );

  program
    .command('reply')
    .description('answer the question of an agent paused for input, and follow it')
    .argument('<id>')
    .argument('<text>')
    .addOption(workspaceOption())
    .option('--json', 'JSON Lines events')
    .action((id: string, text: string, flags: CommonFlags) => run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).replyCommand(ctx, agentId, text), true)));

  program
    .command('approve')
    .description('run (or edit, then run) the command an agent is paused on, and follow it')
    .argument('<id>')
    .addOption(workspaceOption())
    .option('--edit <command>', 'run this command instead')
    .option('--json', 'JSON Lines events')
    .action((id: string, flags: CommonFlags & { edit?: string }) => run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).approveCommand(ctx, agentId, flags.edit), true)));

  program
    .command('deny')
    .description('refuse the command; the agent is told, with the feedback; follow it')
    .argument('<id>')
    .addOption(workspaceOption())
    .option('--feedback <text>', 'why, or what to do instead')
    .option('--json', 'JSON Lines events')
    .action((id: string, flags: CommonFlags & { feedback?: string }) => run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).denyCommand(ctx, agentId, flags.feedback), true)));

  program
    .command('resume')
    .description('continue an agent that failed, was cancelled or was interrupted, and follow it')
    .argument('<id>')
    .addOption(workspaceOption())
    .option('--json', 'JSON Lines events')
    .action((id: string, flags: CommonFlags) => run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).resumeCommand(ctx, agentId), true)));

  program
    .command('cancel')
    .description('stop it at the next step boundary (its changes stay for review)')
    .argument('<id>')
    .addOption(workspaceOption())
    .action((id: string, flags: CommonFlags) => run(withAgent(flags, id, async (ctx, agentId) => (await agentCommands()).cancelCommand(ctx, agentId))));

  // Review (issue 3)
  program
    .command('diff')
    .description("the agent's changes: a unified diff, or per file with --json")
    .argument('<id>')
    .argument('[path]')
    .addOption(workspaceOption())
    .option('--json', 'per file {path, status, additions, deletions, hunks}')
    .action((id: string, path: string | undefined, flags: CommonFlags) => run(withAgent(flags, id, async (ctx, agentId) => (await reviewCommands()).diffCommand(ctx, agentId, path))));

  program
    .command('accept')
    .description('keep the changes (all files when no path is given)')
    .argument('<id>')
    .argument('[paths...]')
    .addOption(workspaceOption())
    .option('--hunk <n>', 'only this hunk (0-based) of the one path given', nonNegativeInt)
    .action((id: string, paths: string[], flags: CommonFlags & { hunk?: number }) =>
      run(withAgent(flags, id, async (ctx, agentId) => (await reviewCommands()).acceptCommand(ctx, agentId, paths, flags.hunk))),
    );

  program
    .command('reject')
    .description('restore the baseline; with feedback, the agent is told and goes on in the foreground')
    .argument('<id>')
    .argument('[paths...]')
    .addOption(workspaceOption())
    .option('--hunk <n>', 'only this hunk (0-based) of the one path given', nonNegativeInt)
    .option('--feedback <text>', 'why: the agent is told and continues')
    .option('--force', 'overwrite a file you edited after the agent')
    .option('--json', 'JSON Lines events (with --feedback)')
    .action((id: string, paths: string[], flags: CommonFlags & { hunk?: number; feedback?: string; force?: boolean }) =>
      run(withAgent(flags, id, async (ctx, agentId) => (await reviewCommands()).rejectCommand(ctx, agentId, paths, flags), Boolean(flags.feedback))),
    );

  program
    .command('checkpoints')
    .description('the steps that changed files, with the files each changed')
    .argument('<id>')
    .addOption(workspaceOption())
    .option('--json', 'a JSON array of {step, time, files}')
    .action((id: string, flags: CommonFlags) => run(withAgent(flags, id, async (ctx, agentId) => (await reviewCommands()).checkpointsCommand(ctx, agentId))));

  program
    .command('undo')
    .description('put every file the agent changed back as it was after step N')
    .argument('<id>')
    .addOption(workspaceOption())
    .requiredOption('--to-step <n>', 'the step to go back to', nonNegativeInt)
    .option('--force', 'overwrite files you edited after the agent')
    .action((id: string, flags: CommonFlags & { toStep: number; force?: boolean }) =>
      run(withAgent(flags, id, async (ctx, agentId) => (await reviewCommands()).undoCommand(ctx, agentId, flags.toStep, Boolean(flags.force)))),
    );

  program
    .command('mcp')
    .description('MCP servers (from .offload/mcp.json and your settings)')
    .addCommand(
      new Command('list')
        .description('start each MCP server, list its status and tools, stop it')
        .addOption(workspaceOption())
        .option('--json', 'a JSON array of {name, source, transport, target, status, error?, tools, stderr?}')
        .action((flags: CommonFlags) => run(withSession(flags, async (ctx) => (await mcpCommands()).mcpListCommand(ctx)))),
    );

  program
    .command('serve')
    .description('start the host and serve the UI on 127.0.0.1 (first line: the URL with its token)')
    .addOption(workspaceOption())
    .option('--port <n>', 'the port (default: a free one)', nonNegativeInt)
    .option('--open', 'open the URL in the browser')
    .action((flags: CommonFlags & { port?: number; open?: boolean }) => run(serveCommand(flags)));

  return program;
}

/** `offload serve`: up until SIGINT/SIGTERM, then closes the server and the host cleanly. */
async function serveCommand(flags: { workspace?: string; port?: number; open?: boolean }): Promise<number> {
  const [{ resolveWorkspace, connectToRunningHostIfAny }, { resolveOffloadHome }, { startHostServer }] = await Promise.all([
    sessions(),
    import('../store/homePaths.js'),
    import('../server/hostServer.js'),
  ]);
  const workspace = resolveWorkspace(flags.workspace);
  const home = resolveOffloadHome(process.env);
  const existing = await connectToRunningHostIfAny(home, workspace);
  if (existing) {
    const where = `127.0.0.1:${existing.record.port} (pid ${existing.record.pid})`;
    existing.close();
    throw new UsageError(`A host already runs for ${workspace} at ${where}. Stop it first, or use that one.`);
  }
  // The page is served (and its URL printed) first; the server makes the host (reading
  // every agent's log) once the page's files are out, and the page's connection waits
  // for it (issue 11).
  let hostMade: Promise<OffloadHost> | null = null;
  const makeHost = () =>
    (hostMade ??= import('../app/createHost.js').then(({ createHost }) =>
      createHost({ workspace, home, runtime: 'node', env: process.env, warmSpare: true, onNotice: (m) => note(`offload: ${m}`) }),
    ));
  const server = await startHostServer({ host: makeHost, port: flags.port, home, exclusive: true });
  output.out(server.url);
  try {
    await server.ready;
  } catch (error) {
    await server.close();
    await (await (hostMade as Promise<OffloadHost> | null)?.catch(() => null))?.dispose();
    throw error;
  }
  const host = await makeHost();
  note(`Offload is serving ${workspace}. Press Ctrl+C to stop.`);
  if (flags.open) openInBrowser(server.url);
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  await host.dispose();
  return EXIT_OK;
}

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd as string, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', () => note(`Could not open a browser; open ${url.split('?')[0]} with the URL printed above.`));
    child.unref();
  } catch {
    note('Could not open a browser; open the URL printed above.');
  }
}
