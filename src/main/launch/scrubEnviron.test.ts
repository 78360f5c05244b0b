import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY = 'sk-ant-api03-SCRUB-TEST-0123456789abcdef';

test("the host's /proc/PID/environ no longer shows the key, while process.env still has it", { skip: process.platform !== 'linux' }, async () => {
  const script = `
    import { scrubSecretsFromEnviron } from ${JSON.stringify(path.join(here, 'scrubEnviron.js'))};
    const names = scrubSecretsFromEnviron();
    console.log(JSON.stringify({ names, key: process.env.ANTHROPIC_API_KEY, home: process.env.HOME_MARK }));
    setTimeout(() => {}, 30000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ANTHROPIC_API_KEY: KEY, GITHUB_TOKEN: 'ghp_SCRUBTEST', HOME_MARK: 'kept' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    const report = JSON.parse(line);
    assert.deepEqual(report.names.sort(), ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN']);
    assert.equal(report.key, KEY, 'the host itself still has the key');
    assert.equal(report.home, 'kept');
    const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8');
    assert.doesNotMatch(environ, /SCRUB-TEST|ghp_SCRUBTEST/);
    assert.match(environ, /HOME_MARK=kept/);
  } finally {
    child.kill('SIGKILL');
  }
});

test('the offload CLI scrubs its own environment block at start', { skip: process.platform !== 'linux' }, async () => {
  const bin = path.join(here, '..', '..', '..', '..', 'bin', 'offload');
  // `offload serve` stays up: read its environ while it runs.
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const root = await mkdtemp(path.join(tmpdir(), 'offload-scrub-'));
  const child = spawn(process.execPath, [bin, 'serve', '--workspace', root, '--port', '0'], {
    env: { ...process.env, ANTHROPIC_API_KEY: KEY, OFFLOAD_HOME: path.join(root, '.home'), ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('serve did not start')), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        if (/http:\/\/127\.0\.0\.1:\d+/.test(d.toString())) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    assert.doesNotMatch(readFileSync(`/proc/${child.pid}/environ`, 'utf8'), /SCRUB-TEST/);
  } finally {
    child.kill('SIGKILL');
    await rm(root, { recursive: true, force: true });
  }
});
