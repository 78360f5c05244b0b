// Where the CLI's commands go: through the host already running for the
// workspace (`offload serve`, the desktop app, or another terminal's `offload
// run`), so agents started here show up live there and share its rate limit;
// else through a host made in this process. One client type either way.
//
// One control channel per workspace: a command that drives agents (run,
// reply, approve, deny, resume, reject --feedback) announces its in-process
// host in host.json, so every other command for the workspace (cancel, reply,
// list, a second run) goes through it, and the host stays up until every agent
// it runs is at rest, not only this command's own. A live host that does not
// answer stops the command (HostUnresponsiveError): never a second host.

import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { Settings } from '../../shared/settings.js';
import { connectInProcess } from '../app/connectInProcess.js';
import { createHost } from '../app/createHost.js';
import type { OffloadHost } from '../app/host.js';
import { realWorkspacePath, resolveOffloadHome, workspaceStateDir } from '../store/homePaths.js';
import { UsageError } from './usageError.js';

export interface CliSession {
  client: RpcClient<OffloadService, OffloadEvents>;
  workspace: string;
  home: string;
  /** True when the commands go to a host in another process. */
  remote: boolean;
  /**
   * Ends the session. An announced in-process host first waits for agents
   * other clients started in it (`onWait` says so once), unless `now`.
   */
  close(options?: { now?: boolean; onWait?: (count: number) => void }): Promise<void>;
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

export async function openSession(
  dir: string | undefined,
  settingsOverrides: Partial<Settings> = {},
  env: Record<string, string | undefined> = process.env,
  options: { drives?: boolean } = {},
): Promise<CliSession> {
  const workspace = resolveWorkspace(dir);
  const home = resolveOffloadHome(env);
  for (let attempt = 0; ; attempt++) {
    const running = await connectToRunningHostIfAny(home, workspace);
    if (running) {
      return {
        client: running.client,
        workspace,
        home,
        remote: true,
        close: async () => running.close(),
      };
    }
    const host = await createHost({ workspace, home, runtime: 'node', env, settingsOverrides, endProcessOnPause: true });
    let server: { close(): Promise<void> } | null = null;
    if (options.drives) {
      try {
        const { startHostServer } = await import('../server/hostServer.js');
        server = await startHostServer({ host, home, exclusive: true });
      } catch (error) {
        await host.dispose();
        // Another command became the workspace's host a moment ago: go through it.
        if ((error as { code?: string }).code === 'HOST_RUNNING' && attempt < 2) continue;
        throw error;
      }
    }
    const client = connectInProcess(host);
    return {
      client,
      workspace,
      home,
      remote: false,
      close: async ({ now = false, onWait } = {}) => {
        if (server && !now) await untilIdle(host, onWait);
        client.dispose();
        await server?.close();
        await host.dispose();
      },
    };
  }
}

/** Resolves once the host runs and queues no agent (agents other clients started in it included). */
function untilIdle(host: OffloadHost, onWait?: (count: number) => void): Promise<void> {
  const active = () => host.activeAgentIds?.().length ?? 0;
  if (active() === 0) return Promise.resolve();
  onWait?.(active());
  // A local check (no I/O): the slot's state settles just after the agent's last event.
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (active() > 0) return;
      clearInterval(timer);
      resolve();
    }, 200);
  });
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
