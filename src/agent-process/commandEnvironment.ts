// The environment a run_command command sees: the agent's own, minus secrets
// (the model must never be able to print the API key), plus settings that
// keep output readable in a pty nobody types into.

const SECRET_NAMES = new Set(['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'OFFLOAD_API_KEY']);
const SECRET_PATTERN = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|(^|_)AUTH($|_)|(^|_)PASS($|_)|(^|_)PAT$|COOKIE|(^|_)DSN$)/i;
/** A URL with a password in it (DATABASE_URL=postgres://me:pw@db): a secret whatever its name. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;
/** Set for the agent process itself, wrong for programs it runs. */
const INTERNAL_NAMES = new Set(['ELECTRON_RUN_AS_NODE', 'NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']);

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name) || SECRET_PATTERN.test(name);
}

export function isSecretValue(value: string): boolean {
  return URL_WITH_PASSWORD.test(value);
}

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
    if (value === undefined || isSecretName(name) || isSecretValue(value) || INTERNAL_NAMES.has(name)) continue;
    env[name] = value;
  }
  if (env.PATH !== undefined) env.PATH = absolutePath(env.PATH);
  env.TERM = 'xterm-256color';
  env.PAGER = 'cat';
  env.GIT_PAGER = 'cat';
  // Nobody can type a password into the agent's terminal: fail instead of hanging.
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}
