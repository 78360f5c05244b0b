// The environment a run_command command sees: the agent's own, minus secrets
// (the model must never be able to print the API key), plus settings that
// keep output readable in a pty nobody types into.

import { isSecretEnvName, isSecretEnvValue } from '../shared/secretEnv.js';

/** Set for the agent process itself, wrong for programs it runs. */
const INTERNAL_NAMES = new Set(['ELECTRON_RUN_AS_NODE', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']);

/**
 * PATH without empty or relative entries: those make the shell look up `ls`
 * in the current folder, where the agent writes files.
 */
export function absolutePath(value: string): string {
  return value
    .split(':')
    .filter((entry) => entry.startsWith('/'))
    .join(':');
}

export function commandEnvironment(base: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || isSecretEnvName(name) || isSecretEnvValue(value) || INTERNAL_NAMES.has(name)) continue;
    env[name] = value;
  }
  if (env.PATH !== undefined) env.PATH = absolutePath(env.PATH);
  env.TERM = 'xterm-256color';
  env.PAGER = 'cat';
  env.GIT_PAGER = 'cat';
  // Nobody can type a password into the agent's terminal: fail instead of hanging.
  env.GIT_TERMINAL_PROMPT = '0';
  // A folder the agent wrote (HEAD, config, objects/) must not pass for a bare
  // repository whose config names programs for a read-only git command to run.
  // Environment config counts as command-line scope, which git trusts for this (git-config(1), safe.bareRepository).
  const count = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  env[`GIT_CONFIG_KEY_${count}`] = 'safe.bareRepository';
  env[`GIT_CONFIG_VALUE_${count}`] = 'explicit';
  env.GIT_CONFIG_COUNT = String(count + 1);
  return env;
}
