// `offload run`'s first agent process, forked by bin/loadCli.js before the CLI
// and host load (a bundle of its own, dist/src/main/bundle/earlyAgent.cjs, a
// few KB). It is the process session.ts's startEarlyAgent would fork later:
// the same entry, folder and scrubbed environment (launch/earlyFork.ts keeps
// it until that launch takes it, and kills it if the launch differs). Only a
// guess from the arguments: when it guesses wrong, or a host already runs for
// the workspace, the process is killed unused and the command goes on as if
// it had never been made.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { agentEntryPath } from '../launch/agentEntry.js';
import { scrubbedChildEnv } from '../launch/childEnv.js';
import { forkEarly } from '../launch/earlyFork.js';
import { resolveOffloadHome, workspaceStateDir } from '../store/homePaths.js';
import { resolveWorkspace } from './resolveWorkspace.js';

/** `--workspace DIR` or `--workspace=DIR` among the arguments (commander takes options anywhere before `--`). */
function workspaceArgument(args: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--workspace') found = args[++i];
    else if (arg.startsWith('--workspace=')) found = arg.slice('--workspace='.length);
  }
  return found;
}

/** Forks the first agent of `offload run ARGS` when the command will launch one in this process. */
export function forkFirstAgentEarly(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  try {
    if (argv[0] !== 'run' || argv.includes('--help') || argv.includes('-h')) return;
    const home = resolveOffloadHome(env);
    // Not a folder: a UsageError, which the command itself will report.
    const workspace = resolveWorkspace(workspaceArgument(argv.slice(1)));
    // A host runs for the workspace: the command goes through it, and launches nothing here.
    if (existsSync(join(workspaceStateDir(home, workspace), 'host.json'))) return;
    forkEarly({ entry: agentEntryPath(), cwd: workspace, env: scrubbedChildEnv(env), displayName: 'offload agent' });
  } catch {
    // Only a head start: the command itself says what is wrong with its arguments.
  }
}
