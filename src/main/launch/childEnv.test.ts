import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubbedChildEnv } from './childEnv.js';

test("an agent's environment keeps the ordinary variables and loses every secret", () => {
  const env = scrubbedChildEnv({
    PATH: '/usr/bin',
    HOME: '/home/me',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
    ANTHROPIC_API_KEY: 'sk-ant-secret',
    ANTHROPIC_AUTH_TOKEN: 't',
    GITHUB_TOKEN: 'g',
    AWS_SECRET_ACCESS_KEY: 'a',
    DB_PASSWORD: 'p',
    npm_config_authkey: 'n',
    NPM_CONFIG__AUTH: 'x',
    SMTP_PASS: 'p',
    DB_PASS: 'p',
    GH_PAT: 'p',
    SENTRY_DSN: 'https://k@sentry.io/1',
    DATABASE_URL: 'postgres://me:hunter2@db:5432/app',
    GIT_AUTHOR_NAME: 'Me',
    EMPTY: undefined,
  });
  assert.deepEqual(Object.keys(env).sort(), ['ANTHROPIC_BASE_URL', 'GIT_AUTHOR_NAME', 'HOME', 'PATH']);
});
