// The host's secret store is picked when a secret is first needed, not when the
// host starts: a key in ANTHROPIC_API_KEY (CI, scripts) never waits for the
// keychain probe, which runs libsecret's secret-tool and waits on D-Bus, up to
// a 5 s timeout when the Secret Service hangs. With a stand-in secret-tool on
// PATH that logs each call. It follows secret-tool(1) (libsecret,
// https://gitlab.gnome.org/GNOME/libsecret/-/blob/master/docs/man/secret-tool.xml):
// `lookup ATTRIBUTE VALUE...` prints the matching secret on stdout; with no
// match it prints nothing and exits 1 (the man page is silent on the status;
// that is tool/secret-tool.c's), which keychainSecretStore.ts reads as "none".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost } from '../../src/main/app/createHost.js';

/** secret-tool that logs its arguments; `hang`: a Secret Service that never answers the probe. */
function fakeSecretTool(dir: string, behaviour: 'hang' | 'stored-key'): { bin: string; log: string } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'secret-tool.log');
  const body =
    behaviour === 'hang'
      ? 'sleep 30\n'
      : 'case "$*" in *anthropic-api-key*) printf "sk-ant-api03-from-the-keyring-0000WXYZ" ;; *) exit 1 ;; esac\n';
  writeFileSync(join(bin, 'secret-tool'), `#!/bin/sh\necho "$@" >> "${log}"\n${body}`, { mode: 0o755 });
  return { bin, log };
}

/** A host for a fresh workspace, with the stand-in secret-tool first on PATH. */
async function withHost(
  behaviour: 'hang' | 'stored-key',
  extraEnv: Record<string, string>,
  body: (host: Awaited<ReturnType<typeof createHost>>, log: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'offload-host-secrets-'));
  try {
    const workspace = join(dir, 'ws');
    execFileSync('git', ['init', '-q', workspace]);
    const tool = fakeSecretTool(dir, behaviour);
    const host = await createHost({ workspace, home: join(dir, 'home'), runtime: 'node', env: { PATH: `${tool.bin}:${process.env.PATH}`, HOME: dir, ...extraEnv } });
    try {
      await body(host, tool.log);
    } finally {
      await host.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a key in the environment: the host starts and answers without running the keychain tool', { skip: process.platform !== 'linux' }, () =>
  withHost('hang', { ANTHROPIC_API_KEY: 'sk-ant-api03-from-the-environment-1234' }, async (host, log) => {
    const info = await host.service.getInfo();
    assert.deepEqual(info.apiKey, { set: true, storage: 'environment', hint: 'sk-ant-…1234' });
    assert.equal(existsSync(log), false, 'secret-tool was never run');
  }));

test('no key in the environment: the keychain is probed when the key is first read, and named as its place', { skip: process.platform !== 'linux' }, () =>
  withHost('stored-key', {}, async (host, log) => {
    const info = await host.service.getInfo();
    assert.deepEqual(info.apiKey, { set: true, storage: 'keychain', hint: 'sk-ant-…WXYZ' });
    const calls = readFileSync(log, 'utf8');
    assert.match(calls, /lookup service Offload probe offload-availability-check/);
    assert.match(calls, /lookup service Offload account anthropic-api-key/);
  }));
