// Where the CLI's commands go: through the host already running for the
// workspace (`offload serve`, the desktop app, or another terminal's `offload
// run`), so agents started here show up live there and share its rate limit;
// else through a host made in this process. One client type either way.
//
// One control channel per workspace: a command that launches agents (run,
// reply, approve, deny, resume, reject --feedback) announces its in-process
// host in host.json, so every other command for the workspace (cancel, reply,
// list, a second run) goes through it, and the host stays up until every agent
// it runs is at rest, not only this command's own. A live host that does not
// answer stops the command (HostUnresponsiveError): never a second host.
import { existsSync } from 'node:fs';
import { makeStateDir } from '../store/storageErrors.js';
import { join } from 'node:path';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { Settings } from '../../shared/settings.js';
import type { OffloadHost } from '../app/host.js';
import { isSettled } from '../../shared/agent.js';
import { createDebugLog } from '../app/debugLog.js';
import { agentEntryPath } from '../launch/agentEntry.js';
import { scrubbedChildEnv } from '../launch/childEnv.js';
import { discardEarlyFork } from '../launch/earlyFork.js';
import { createForkLauncher } from '../launch/forkLauncher.js';
import { withWarmSpare, type WarmSpareLauncher } from '../launch/warmSpare.js';
import { resolveOffloadHome, workspaceStateDir } from '../store/homePaths.js';
import { resolveWorkspace } from './resolveWorkspace.js';

export { resolveWorkspace };

export interface CliSession {
  client: RpcClient<OffloadService, OffloadEvents>;
  workspace: string;
  home: string;
  /** True when the commands go to a host in another process. */
  remote: boolean;
  /** Words for a person about the host (e.g. it runs another release), or null. */
  notice?: string | null;
  /**
   * Ends the session. An announced in-process host first waits for agents
   * other clients started in it (`onWait` says so once), unless `now`.
   */
  close(options?: { now?: boolean; onWait?: (count: number) => void }): Promise<void>;
}

export interface SessionOptions {
  settingsOverrides?: Partial<Settings>;
  env?: Record<string, string | undefined>;
  /**
   * The command will launch an agent: when there is no host to go through,
   * its process is forked first thing, and boots while this process loads
   * the host, reads the logs and asks for the model list (the first agent
   * claims it, see launch/warmSpare.ts). Its in-process host is announced
   * as the workspace's host (host.json) for other commands to go through.
   */
  launchesAgent?: boolean;
}

export async function openSession(dir: string | undefined, options: SessionOptions = {}): Promise<CliSession> {
  const env = options.env ?? process.env;
  const workspace = resolveWorkspace(dir);
  const home = resolveOffloadHome(env);
  for (let attempt = 0; ; attempt++) {
    const hostAnnounced = existsSync(join(workspaceStateDir(home, workspace), 'host.json'));
    const early = options.launchesAgent && !hostAnnounced ? startEarlyAgent(home, workspace, env) : null;
    // One forked before this code loaded (bin/loadCli.js) and not taken just now is of no use.
    if (!early) discardEarlyFork();
    let running;
    try {
      running = hostAnnounced ? await connectToRunningHostIfAny(home, workspace) : null;
    } catch (error) {
      early?.dispose();
      throw error;
    }
    if (running) early?.dispose();
    if (running) {
      return {
        client: running.client,
        workspace,
        home,
        remote: true,
        notice: running.versionNote,
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
        onNotice: (m) => process.stderr.write(`offload: ${m}\n`),
      });
    } catch (error) {
      early?.dispose();
      throw error;
    }
    let server: { close(): Promise<void> } | null = null;
    if (options.launchesAgent) {
      try {
        const { startHostServer } = await import('../server/hostServer.js');
        server = await startHostServer({ host, home, exclusive: true });
      } catch (error) {
        early?.dispose();
        await host.dispose();
        // Another command became the workspace's host a moment ago: go through it.
        if ((error as { code?: string }).code === 'HOST_RUNNING' && attempt < 2) continue;
        throw error;
      }
    }
    const client = connectInProcess(host);
    const idleHost = host;
    return {
      client,
      workspace,
      home,
      remote: false,
      close: async ({ now = false, onWait } = {}) => {
        if (server && !now) await untilIdle(idleHost, onWait);
        client.dispose();
        early?.dispose(); // unclaimed (the command failed before launching): it goes with us
        await server?.close();
        await idleHost.dispose();
      },
    };
  }
}

/**
 * Resolves once the host runs and queues no agent (agents other clients started in it included).
 * `onWait` is told, once, of agents still unsettled: an agent whose record has settled (the
 * command's own, just finished) keeps its slot until its process has exited, which under load
 * takes longer than a tick, and is no agent "started from elsewhere".
 * The checks start 5 ms apart and back off to `tickMs`: the command's own agent usually
 * ends within milliseconds of its last event, and a fixed 200 ms poll kept every
 * `offload run` up to 200 ms past it (issue 11, bench/startup's spawn → exit).
 */
export function untilIdle(host: Pick<OffloadHost, 'activeAgentIds' | 'service'>, onWait?: (count: number) => void, tickMs = 200): Promise<void> {
  const active = () => host.activeAgentIds?.() ?? [];
  if (active().length === 0) return Promise.resolve();
  let told = false;
  let delay = Math.min(5, tickMs);
  return new Promise((resolve) => {
    const check = async () => {
      const ids = active();
      if (ids.length === 0) return resolve();
      if (!told && onWait) {
        const records = await Promise.all(ids.map((id) => host.service.getAgent(id).catch(() => null)));
        const unsettled = records.filter((record) => record !== null && !isSettled(record.status)).length;
        if (unsettled > 0 && !told) {
          told = true;
          onWait(unsettled);
        }
      }
      delay = Math.min(delay * 2, tickMs);
      setTimeout(() => void check(), delay);
    };
    setTimeout(() => void check(), delay);
  });
}

/** Forks the agent process the command's first agent will claim, with the options the supervisor launches with. */
function startEarlyAgent(home: string, workspace: string, env: Record<string, string | undefined>): WarmSpareLauncher {
  const stateDir = workspaceStateDir(home, workspace);
  makeStateDir(stateDir);
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
  // A live host that does not answer throws (HostUnresponsiveError): the command stops there.
  return connectToRunningHost(home, workspace);
}
