// The environment an agent process gets: the host's, minus anything secret.
// The API key reaches the agent in AgentInit over IPC, so neither the agent nor
// the commands it runs can read it from their environment.

import { isSecretEnvName, isSecretEnvValue } from '../../shared/secretEnv.js';

export function scrubbedChildEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isSecretEnvName(name) || isSecretEnvValue(value)) continue;
    out[name] = value;
  }
  return out;
}

