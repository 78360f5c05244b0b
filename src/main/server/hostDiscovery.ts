// How the CLI finds a host already running for its workspace: the host writes
// <workspace state dir>/host.json (pid, port, token; mode 0600, so only the
// user can read the token) while it runs; `connectToRunningHost` reads it and
// connects, so agents started from a terminal appear live in the UI and share
// its rate limit. Stale files (dead pid, nothing listening, wrong token) are
// removed on sight. A live host that does not answer is an error, never a
// reason to start a second host (and a second rate limiter) for the workspace.

import { readFileSync, unlinkSync } from 'node:fs';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OffloadEvents, OffloadService } from '../../shared/contract/offloadService.js';
import { createRpcClient, type RpcClient } from '../../shared/rpc/client.js';
import { packageVersion } from '../app/packageVersion.js';
import { workspaceStateDir } from '../store/homePaths.js';
import { connectWsTransport, WsConnectError } from './wsTransport.js';

export interface HostDiscoveryRecord {
  pid: number;
  port: number;
  token: string;
  /** ISO time. */
  startedAt: string;
  /** The file's format (HOST_FILE_VERSION); absent in files written before it. */
  v?: number;
  /** The host's Offload release, so a client of another release can say so. */
  version?: string;
}

/** host.json's format. A newer file is still read for pid, port and token (their meaning never changes). */
export const HOST_FILE_VERSION = 1;

export function hostFilePath(home: string, workspace: string): string {
  return join(workspaceStateDir(home, workspace), 'host.json');
}

function isRecord(value: unknown): value is HostDiscoveryRecord {
  const r = value as Partial<HostDiscoveryRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    Number.isInteger(r.pid) &&
    Number.isInteger(r.port) &&
    (r.port as number) > 0 &&
    (r.port as number) < 65536 &&
    typeof r.token === 'string' &&
    r.token.length > 0 &&
    typeof r.startedAt === 'string'
  );
}

/**
 * Announces a running host. Returns the function that withdraws the
 * announcement (only if the file still names this host). The file also goes
 * when the process exits without closing the server.
 */
export async function publishRunningHost(
  home: string,
  workspace: string,
  info: { pid: number; port: number; token: string },
  options: { exclusive?: boolean } = {},
): Promise<() => Promise<void>> {
  const file = hostFilePath(home, workspace);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const record: HostDiscoveryRecord = { v: HOST_FILE_VERSION, version: packageVersion(), ...info, startedAt: new Date().toISOString() };
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  await chmod(temp, 0o600); // in case a umask or an old file got in the way
  if (options.exclusive) {
    // link() fails if the file exists: two processes starting at once cannot both become the host.
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await link(temp, file);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error;
          const current = await readRunningHost(home, workspace);
          if (current && isAlive(current.pid)) throw new HostAlreadyRunningError(workspace, current);
          await removeStale(home, workspace, current);
        }
      }
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  } else {
    await rename(temp, file);
  }

  const isStillOurs = (text: string) => {
    try {
      const current = JSON.parse(text) as Partial<HostDiscoveryRecord>;
      return current.pid === record.pid && current.port === record.port;
    } catch {
      return false;
    }
  };
  const removeOnExit = () => {
    try {
      if (isStillOurs(readFileSync(file, 'utf8'))) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', removeOnExit);

  let withdrawn = false;
  return async () => {
    if (withdrawn) return;
    withdrawn = true;
    process.off('exit', removeOnExit);
    try {
      if (isStillOurs(await readFile(file, 'utf8'))) await unlink(file);
    } catch {
      // Already gone.
    }
  };
}

/** The record of a host announced for the workspace, or null (none, unreadable or torn). */
export async function readRunningHost(home: string, workspace: string): Promise<HostDiscoveryRecord | null> {
  let text: string;
  try {
    text = await readFile(hostFilePath(home, workspace), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else (then it is not our host, but it is alive).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function removeStale(home: string, workspace: string, record: HostDiscoveryRecord | null) {
  const file = hostFilePath(home, workspace);
  try {
    if (record) {
      // Only remove the file we judged, not one a new host wrote meanwhile.
      const current = JSON.parse(await readFile(file, 'utf8')) as Partial<HostDiscoveryRecord>;
      if (current.pid !== record.pid || current.port !== record.port) return;
    }
    await unlink(file);
  } catch {
    // Gone already or replaced.
  }
}

/** Another live process announced itself as the workspace's host first. */
export class HostAlreadyRunningError extends Error {
  readonly code = 'HOST_RUNNING';
  constructor(
    workspace: string,
    readonly record: HostDiscoveryRecord,
  ) {
    super(`A host already runs for ${workspace} (pid ${record.pid}, 127.0.0.1:${record.port}).`);
    this.name = 'HostAlreadyRunningError';
  }
}

/** host.json names a live process that does not answer: the command stops rather than start a second host. */
export class HostUnresponsiveError extends Error {
  readonly code = 'HOST_UNRESPONSIVE';
  constructor(
    workspace: string,
    readonly record: HostDiscoveryRecord,
    timeoutMs: number,
  ) {
    super(
      `The Offload host of ${workspace} (pid ${record.pid}, 127.0.0.1:${record.port}) did not answer within ${Math.round(timeoutMs / 100) / 10} s. ` +
        `A second host would double the workspace's rate limit, so none was started. Try again in a moment, or stop that host (kill ${record.pid}).`,
    );
    this.name = 'HostUnresponsiveError';
  }
}

export interface RunningHostConnection {
  client: RpcClient<OffloadService, OffloadEvents>;
  /** Set when the host runs another Offload release than this process: words to show. */
  versionNote: string | null;
  /** The host's pid and port, e.g. for "(through the host at 127.0.0.1:PORT)". */
  record: HostDiscoveryRecord;
  close(): void;
}

/**
 * Connects to the host running for this workspace, or returns null when there
 * is none (no file, a dead pid, a refused connection or token, or a host that
 * serves another folder); stale files are removed. A live host that does not
 * answer within the time-out throws HostUnresponsiveError.
 */
export async function connectToRunningHost(
  home: string,
  workspace: string,
  options: { timeoutMs?: number } = {},
): Promise<RunningHostConnection | null> {
  const record = await readRunningHost(home, workspace);
  if (!record) {
    // A torn or foreign file would block nothing, but it would confuse: clear it.
    const exists = await readFile(hostFilePath(home, workspace), 'utf8').then(() => true, () => false);
    if (exists) await removeStale(home, workspace, null);
    return null;
  }
  if (!isAlive(record.pid)) {
    await removeStale(home, workspace, record);
    return null;
  }
  const timeoutMs = options.timeoutMs ?? 3000;
  let transport;
  try {
    transport = await connectWsTransport(`ws://127.0.0.1:${record.port}/rpc`, { token: record.token, timeoutMs });
  } catch (error) {
    if (error instanceof WsConnectError && error.kind === 'timeout') throw new HostUnresponsiveError(workspace, record, timeoutMs);
    // Nothing listens, or something else does (the pid was reused): the file is stale.
    await removeStale(home, workspace, record);
    return null;
  }
  const client = createRpcClient<OffloadService, OffloadEvents>(transport);
  const close = () => {
    client.dispose('The connection to the Offload host was closed.');
    transport.close();
  };
  // A host that takes the connection but never answers must not hang the CLI.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unanswered = Symbol('unanswered');
  let info;
  try {
    info = await Promise.race([
      client.call.getInfo(),
      new Promise<typeof unanswered>((resolve) => {
        timer = setTimeout(() => resolve(unanswered), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
  } catch {
    // It answered with an error, or closed the connection: not a host we can use.
    close();
    return null;
  }
  if (info === unanswered) {
    close();
    throw new HostUnresponsiveError(workspace, record, timeoutMs);
  }
  if (!sameFolder(info.workspace, workspace)) {
    close();
    return null;
  }
  const mine = packageVersion();
  const versionNote =
    info.version && info.version !== mine
      ? `Note: the Offload host of ${workspace} (pid ${record.pid}) runs version ${info.version}; this command is version ${mine}. Restart the host to use one release.`
      : null;
  return { client, record, close, versionNote };
}

function sameFolder(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/[\\/]+$/, '');
  return norm(a) === norm(b) || workspaceStateDir('/', a) === workspaceStateDir('/', b);
}
