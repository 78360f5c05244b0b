// Where Offload keeps its state. Everything lives under one home folder
// (OFFLOAD_HOME, so a test can point it at a temp folder), one subfolder per
// workspace, one per agent:
//
//   <home>/settings.json                       user settings
//   <home>/secrets.json                        the API key when no keychain is usable (mode 600)
//   <home>/workspaces/<name>-<hash>/agents/<agentId>/events.jsonl   an agent's log
//   <home>/workspaces/<name>-<hash>/agents/<agentId>/lock           the pid driving it

import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import envPaths from 'env-paths';

export const APP_NAME = 'Offload';

/** OFFLOAD_HOME, else the platform's app-data folder for Offload. */
export function resolveOffloadHome(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env.OFFLOAD_HOME?.trim();
  if (fromEnv) return resolve(fromEnv);
  // env-paths reads process.env; honour a caller's own XDG_DATA_HOME on Linux.
  if (process.platform === 'linux' && env.XDG_DATA_HOME?.trim()) return join(resolve(env.XDG_DATA_HOME.trim()), APP_NAME);
  return envPaths(APP_NAME, { suffix: '' }).data;
}

/**
 * The folder holding one workspace's state: a readable name (the folder's
 * basename) plus a short hash of its real path, so two checkouts both named
 * "app" never share state and a symlinked path maps to the same folder.
 */
export function workspaceStateDir(home: string, workspace: string): string {
  const real = realWorkspacePath(workspace);
  const hash = createHash('sha256').update(real).digest('hex').slice(0, 12);
  const readable = basename(real).replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 40) || 'workspace';
  return join(home, 'workspaces', `${readable}-${hash}`);
}

export function realWorkspacePath(workspace: string): string {
  const absolute = resolve(workspace);
  try {
    return realpathSync.native(absolute);
  } catch {
    // Not created yet: the absolute path is the best name we have.
    return absolute;
  }
}

/** Agent ids are folder names: letters, digits, '-' and '_' only. */
const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidAgentId(agentId: string): boolean {
  return AGENT_ID_PATTERN.test(agentId);
}

export function assertValidAgentId(agentId: string): void {
  if (!isValidAgentId(agentId)) {
    const error = new Error(`Not an agent id: ${JSON.stringify(agentId)}. Run \`offload list\` to see the agents of this workspace.`);
    (error as Error & { code: string }).code = 'NOT_FOUND';
    throw error;
  }
}

export function agentsDir(stateDir: string): string {
  return join(stateDir, 'agents');
}

export function agentDir(stateDir: string, agentId: string): string {
  assertValidAgentId(agentId);
  return join(agentsDir(stateDir), agentId);
}

export function agentLogPath(stateDir: string, agentId: string): string {
  return join(agentDir(stateDir, agentId), 'events.jsonl');
}

export function agentLockPath(stateDir: string, agentId: string): string {
  return join(agentDir(stateDir, agentId), 'lock');
}

export function userSettingsPath(home: string): string {
  return join(home, 'settings.json');
}

export function workspaceSettingsPath(workspace: string): string {
  return join(resolve(workspace), '.offload', 'settings.json');
}

export function secretsFilePath(home: string): string {
  return join(home, 'secrets.json');
}
