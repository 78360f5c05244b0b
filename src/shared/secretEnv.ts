// Which environment variables are secrets: one rule for the agent process's
// environment (main/launch/childEnv.ts) and its commands' (agent-process/commandEnvironment.ts).

const SECRET_NAMES = new Set(['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OFFLOAD_API_KEY']);
const SECRET_PATTERN = /KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|(^|_)AUTH($|_)|(^|_)PASS($|_)|(^|_)PAT$|COOKIE|(^|_)DSN$/i;
/** A URL with a password in it (DATABASE_URL=postgres://me:pw@db): a secret whatever its name. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

export function isSecretEnvName(name: string): boolean {
  return SECRET_NAMES.has(name) || SECRET_PATTERN.test(name);
}

export function isSecretEnvValue(value: string): boolean {
  return URL_WITH_PASSWORD.test(value);
}
