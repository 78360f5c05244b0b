// Where the CLI's commands go: through the host already running for the
// workspace (`offload serve` or the desktop app), so agents started here show
// up live there and share its rate limit; else through a host made in this
// process, which lives as long as the command. One client type either way.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import type { RpcClient } from '../../shared/rpc/client.js';
import type { Settings } from '../../shared/settings.js';
import { connectInProcess } from '../app/connectInProcess.js';
import { createHost } from '../app/createHost.js';
import { realWorkspacePath, resolveOffloadHome } from '../store/homePaths.js';
import { connectToRunningHost } from '../server/hostDiscovery.js';
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
  const running = await connectToRunningHost(home, workspace).catch(() => null);
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
