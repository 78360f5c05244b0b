// The environment an agent process gets: the host's, minus anything secret.
// The API key reaches the agent in AgentInit over IPC, so neither the agent nor
// the commands it runs can read it from their environment.

import { join } from 'node:path';
import { isSecretEnvName, isSecretEnvValue } from '../../shared/secretEnv.js';

export function scrubbedChildEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isSecretEnvName(name) || isSecretEnvValue(value)) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The host's environment with OFFLOAD_CODE_CACHE_DIR set to where agent
 * processes keep their compiled code (agent-process/boot/compiledBundle.cts):
 * OFFLOAD_HOME/cache/code, beside the cached model list, unless the user chose
 * a folder (or `off`). Every launch of a host gets the same value, so a warm
 * spare still matches.
 */
export function withAgentCodeCache(env: Record<string, string | undefined>, home: string): Record<string, string | undefined> {
  return env.OFFLOAD_CODE_CACHE_DIR ? env : { ...env, OFFLOAD_CODE_CACHE_DIR: join(home, 'cache', 'code') };
}
