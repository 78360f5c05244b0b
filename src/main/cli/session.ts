// Where the CLI's commands go: through the host already running for the
// workspace (`offload serve` or the desktop app), so agents started here show
// up live there and share its rate limit; else through a host made in this
// process, which lives as long as the command. One client type either way.

import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { Settings } from '../../shared/settings.js';
import { createDebugLog } from '../app/debugLog.js';
import { agentEntryPath } from '../launch/agentEntry.js';
import { scrubbedChildEnv } from '../launch/childEnv.js';
import { createForkLauncher } from '../launch/forkLauncher.js';
import { withWarmSpare, type WarmSpareLauncher } from '../launch/warmSpare.js';
import { realWorkspacePath, resolveOffloadHome, workspaceStateDir } from '../store/homePaths.js';
import { UsageError } from './usageError.js';

export interface CliSession {
  client: RpcClient<OffloadService, OffloadEvents>;
  workspace: string;
  home: string;
  /** True when the commands go to a host in another process. */
  remote: boolean;
  close(): Promise<void>;
}

export function resolveWorkspace(dir: string | undefined): string {
  const absolute = resolve(dir ?? process.cwd());
  let isDir = false;
  try {
    isDir = statSync(absolute).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`The workspace ${absolute} is not a folder. Pass an existing project folder with --workspace DIR.`);
  return realWorkspacePath(absolute);
}

export interface SessionOptions {
  settingsOverrides?: Partial<Settings>;
  env?: Record<string, string | undefined>;
  /**
   * The command will launch an agent: when there is no host to go through,
   * its process is forked first thing, and boots while this process loads
   * the host, reads the logs and asks for the model list (the first agent
   * claims it, see launch/warmSpare.ts).
   */
  launchesAgent?: boolean;
}

export async function openSession(dir: string | undefined, options: SessionOptions = {}): Promise<CliSession> {
  const env = options.env ?? process.env;
  const workspace = resolveWorkspace(dir);
  const home = resolveOffloadHome(env);
  const hostAnnounced = existsSync(join(workspaceStateDir(home, workspace), 'host.json'));
  const early = options.launchesAgent && !hostAnnounced ? startEarlyAgent(home, workspace, env) : null;
  const running = hostAnnounced ? await connectToRunningHostIfAny(home, workspace) : null;
  if (running) early?.dispose();
  if (running) {
    return {
      client: running.client,
      workspace,
      home,
      remote: true,
      close: async () => running.close(),
    };
  }
  // The in-process host (and all it imports) loads only when no host runs for the workspace.
  const [{ createHost }, { connectInProcess }] = await Promise.all([import('../app/createHost.js'), import('../app/connectInProcess.js')]);
  let host;
  try {
    host = await createHost({
      workspace,
      home,
      runtime: 'node',
      env,
      settingsOverrides: options.settingsOverrides,
      endProcessOnPause: true,
      launcher: early ?? undefined,
    });
  } catch (error) {
    early?.dispose();
    throw error;
  }
  const client = connectInProcess(host);
  return {
    client,
    workspace,
    home,
    remote: false,
    close: async () => {
      client.dispose();
      early?.dispose(); // unclaimed (the command failed before launching): it goes with us
      await host.dispose();
    },
  };
}

/** Forks the agent process the command's first agent will claim, with the options the supervisor launches with. */
function startEarlyAgent(home: string, workspace: string, env: Record<string, string | undefined>): WarmSpareLauncher {
  const stateDir = workspaceStateDir(home, workspace);
  mkdirSync(stateDir, { recursive: true });
  const launcher = withWarmSpare(createForkLauncher({ debugSink: createDebugLog(stateDir) }), { replace: false });
  launcher.prelaunch({ entry: agentEntryPath(), cwd: workspace, env: scrubbedChildEnv(env), displayName: 'offload agent' });
  return launcher;
}

/**
 * A running host announces itself in <workspace state>/host.json (see
 * server/hostDiscovery.ts). The WebSocket client is only loaded when that
 * file exists: most commands run with no host, and every import costs start-up time.
 */
export async function connectToRunningHostIfAny(home: string, workspace: string) {
  if (!existsSync(join(workspaceStateDir(home, workspace), 'host.json'))) return null;
  const { connectToRunningHost } = await import('../server/hostDiscovery.js');
  return connectToRunningHost(home, workspace).catch(() => null);
}
