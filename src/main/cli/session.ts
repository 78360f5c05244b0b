// Where the CLI's commands go: through the host already running for the
// workspace (`offload serve` or the desktop app), so agents started here show
// up live there and share its rate limit; else through a host made in this
// process, which lives as long as the command. One client type either way.

import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { Settings } from '../../shared/settings.js';
import { connectInProcess } from '../app/connectInProcess.js';
import { createHost } from '../app/createHost.js';
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

export async function openSession(
  dir: string | undefined,
  settingsOverrides: Partial<Settings> = {},
  env: Record<string, string | undefined> = process.env,
): Promise<CliSession> {
  const workspace = resolveWorkspace(dir);
  const home = resolveOffloadHome(env);
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
  const host = await createHost({ workspace, home, runtime: 'node', env, settingsOverrides, endProcessOnPause: true, onNotice: (m) => process.stderr.write(`offload: ${m}\n`) });
  const client = connectInProcess(host);
  return {
    client,
    workspace,
    home,
    remote: false,
    close: async () => {
      client.dispose();
      await host.dispose();
    },
  };
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
