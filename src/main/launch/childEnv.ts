// The environment an agent process gets: the host's, minus anything secret.
// The API key reaches the agent in AgentInit over IPC, so neither the agent nor
// the commands it runs can read it from their environment.

const SECRET_NAME = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|(^|_)AUTH($|_)|(^|_)PASS($|_)|(^|_)PAT$|COOKIE|(^|_)DSN$/i;
/** A URL with a password in it (DATABASE_URL=postgres://me:pw@db): a secret whatever its name. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

export function isSecretEnvName(name: string): boolean {
  return name === 'ANTHROPIC_API_KEY' || name === 'ANTHROPIC_AUTH_TOKEN' || SECRET_NAME.test(name);
}

export function scrubbedChildEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || isSecretEnvName(name) || URL_WITH_PASSWORD.test(value)) continue;
    out[name] = value;
  }
  return out;
}
