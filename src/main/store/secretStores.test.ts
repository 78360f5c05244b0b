import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyHint, API_KEY_SECRET_NAME, resolveApiKey } from './apiKey.js';
import { createDefaultSecretStore, FileSecretStore } from './fileSecretStore.js';
import { KeychainSecretStore } from './keychainSecretStore.js';

const KEY = 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz-0123456789-WXYZ';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-secrets-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

test('file store: saves to <home>/secrets.json with mode 600 in a 700 folder, reads back, deletes', { skip: process.platform === 'win32' }, async (t) => {
  const root = await tempDir(t);
  const home = join(root, 'home');
  const store = new FileSecretStore(home);
  assert.equal(store.kind, 'file');
  assert.match(store.description, /secrets\.json \(mode 600\)$/);
  assert.equal(await store.get(API_KEY_SECRET_NAME), null);
  await store.set(API_KEY_SECRET_NAME, KEY);
  assert.equal(await modeOf(join(home, 'secrets.json')), 0o600);
  assert.equal(await modeOf(home), 0o700);
  assert.equal(await new FileSecretStore(home).get(API_KEY_SECRET_NAME), KEY);
  await store.set('other', 'value');
  await store.delete(API_KEY_SECRET_NAME);
  assert.equal(await store.get(API_KEY_SECRET_NAME), null);
  assert.equal(await store.get('other'), 'value');
  assert.deepEqual(await readdir(home), ['secrets.json'], 'no temp files left behind');
});

test('file store: a file or folder someone widened is made private again', { skip: process.platform === 'win32' }, async (t) => {
  const home = join(await tempDir(t), 'home');
  const store = new FileSecretStore(home);
  await store.set(API_KEY_SECRET_NAME, KEY);
  await chmod(join(home, 'secrets.json'), 0o644);
  await chmod(home, 0o755);
  assert.equal(await store.get(API_KEY_SECRET_NAME), KEY);
  assert.equal(await modeOf(join(home, 'secrets.json')), 0o600);
  assert.equal(await modeOf(home), 0o700);
});

test('file store: a corrupt file gives an error that does not echo its contents', async (t) => {
  const home = await tempDir(t);
  await writeFile(join(home, 'secrets.json'), `{"anthropic-api-key": "${KEY}"`, { mode: 0o600 });
  await assert.rejects(new FileSecretStore(home).get(API_KEY_SECRET_NAME), (error: Error) => {
    assert.match(error.message, /not valid JSON/);
    assert.ok(!error.message.includes('WXYZ'));
    return true;
  });
});

/** A stand-in for libsecret's secret-tool: same arguments, same stdin/stdout, same exit codes. */
async function fakeSecretTool(dir: string, behaviour: 'working' | 'no-service'): Promise<string> {
  const bin = join(dir, 'bin');
  const keyring = join(dir, 'keyring');
  await mkdir(bin, { recursive: true });
  await mkdir(keyring, { recursive: true });
  const script =
    behaviour === 'no-service'
      ? `#!/bin/sh\necho "secret-tool: Cannot autolaunch D-Bus without X11 \\$DISPLAY" >&2\nexit 1\n`
      : `#!/bin/sh
echo "$@" >> "${keyring}/argv.log"
cmd="$1"; shift
if [ "$cmd" = store ]; then shift; fi
id=$(echo "$@" | cksum | cut -d' ' -f1)
case "$cmd" in
  store) cat > "${keyring}/$id" ;;
  lookup) if [ -f "${keyring}/$id" ]; then cat "${keyring}/$id"; else exit 1; fi ;;
  clear) if [ -f "${keyring}/$id" ]; then rm "${keyring}/$id"; else exit 1; fi ;;
  *) echo "usage" >&2; exit 2 ;;
esac
`;
  await writeFile(join(bin, 'secret-tool'), script, { mode: 0o755 });
  return bin;
}

test('keychain store (Linux): secret-tool stores, looks up and clears; the key goes on stdin, never in argv', { skip: process.platform === 'win32' }, async (t) => {
  const dir = await tempDir(t);
  const bin = await fakeSecretTool(dir, 'working');
  const env = { PATH: `${bin}:${process.env.PATH}` };
  const store = new KeychainSecretStore({ home: join(dir, 'home'), env, platform: 'linux' });
  assert.equal(await store.isUsable(), true);
  assert.equal(store.kind, 'keychain');
  assert.equal(await store.get(API_KEY_SECRET_NAME), null);
  await store.set(API_KEY_SECRET_NAME, KEY);
  assert.equal(await store.get(API_KEY_SECRET_NAME), KEY);
  const otherHome = new KeychainSecretStore({ home: join(dir, 'other-home'), env, platform: 'linux' });
  assert.equal(await otherHome.get(API_KEY_SECRET_NAME), null, 'entries are kept apart per Offload home');
  await store.delete(API_KEY_SECRET_NAME);
  assert.equal(await store.get(API_KEY_SECRET_NAME), null);
  await store.delete(API_KEY_SECRET_NAME);
  const argv = await readFile(join(dir, 'keyring', 'argv.log'), 'utf8');
  assert.ok(argv.includes('service Offload account anthropic-api-key'));
  assert.ok(!argv.includes('WXYZ'), 'the key never appears in a command line');
});

test('the default store is the keychain when a Secret Service answers, else the user-only file', { skip: process.platform !== 'linux' }, async (t) => {
  const dir = await tempDir(t);
  const working = await fakeSecretTool(join(dir, 'a'), 'working');
  const broken = await fakeSecretTool(join(dir, 'b'), 'no-service');
  const home = join(dir, 'home');
  assert.equal((await createDefaultSecretStore(home, { env: { PATH: `${working}:${process.env.PATH}` } })).kind, 'keychain');
  assert.equal((await createDefaultSecretStore(home, { env: { PATH: `${broken}:${process.env.PATH}` } })).kind, 'file');
  assert.equal((await createDefaultSecretStore(home, { env: { PATH: join(dir, 'empty') } })).kind, 'file', 'no secret-tool on PATH');
  assert.equal((await createDefaultSecretStore(home, { env: { PATH: `${working}:${process.env.PATH}`, OFFLOAD_SECRET_STORE: 'file' } })).kind, 'file');
  assert.equal((await createDefaultSecretStore(home, { env: { PATH: `${working}:${process.env.PATH}`, OFFLOAD_TEST: '1' } })).kind, 'file', 'tests never touch a real keychain');
});

test('resolveApiKey: ANTHROPIC_API_KEY wins, else the store, else none; hints show at most the last four characters', async (t) => {
  const home = await tempDir(t);
  const store = new FileSecretStore(home);
  assert.deepEqual(await resolveApiKey({}, store), { key: null, status: { set: false, storage: 'none', hint: null } });
  await store.set(API_KEY_SECRET_NAME, KEY);
  assert.deepEqual(await resolveApiKey({}, store), { key: KEY, status: { set: true, storage: 'file', hint: 'sk-ant-…WXYZ' } });
  assert.deepEqual(await resolveApiKey({ ANTHROPIC_API_KEY: 'sk-ant-from-the-environment-1234' }, store), {
    key: 'sk-ant-from-the-environment-1234',
    status: { set: true, storage: 'environment', hint: 'sk-ant-…1234' },
  });
  assert.equal((await resolveApiKey({ ANTHROPIC_API_KEY: '  ' }, store)).status.storage, 'file', 'a blank variable does not count');
});

test('apiKeyHint never shows more than four characters of the secret part', () => {
  assert.equal(apiKeyHint(KEY), 'sk-ant-…WXYZ');
  assert.equal(apiKeyHint('plainkey-without-prefix-9876'), '…9876');
  assert.equal(apiKeyHint('short123'), '…23');
  assert.equal(apiKeyHint('abc'), '…');
});
