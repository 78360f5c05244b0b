// The desktop app's key store: encrypted by safeStorage into a 0600 file that
// never holds the plaintext; where the system offers no real encryption, the
// CLI's store serves instead and the description says why.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecretStore } from '../../src/main/store/fileSecretStore.js';
import { createSafeStorageSecretStore, ENCRYPTED_FILE } from '../../src/main/electron/safeStorageSecretStore.js';
import { createFakeSafeStorage } from './fakeElectron.js';

const dirs: string[] = [];
function tempHome() {
  const dir = mkdtempSync(join(tmpdir(), 'offload-secrets-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const KEY = 'sk-ant-api03-THIS-IS-THE-PLAINTEXT-KEY';

test('with real encryption: kind keychain, a 0600 file, never the plaintext, and it reads back', async () => {
  const home = tempHome();
  const safeStorage = createFakeSafeStorage();
  const store = await createSafeStorageSecretStore(safeStorage, { dir: home, fallback: new FileSecretStore(home), platform: 'linux' });
  assert.equal(store.kind, 'keychain');
  assert.equal(store.fallbackReason, null);
  await store.set('anthropic_api_key', KEY);
  const file = join(home, ENCRYPTED_FILE);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes(KEY) && !text.includes('PLAINTEXT'), 'no plaintext at rest');
  assert.equal(await store.get('anthropic_api_key'), KEY);
  assert.deepEqual(safeStorage.calls, ['encrypt', 'decrypt']);
  await store.delete('anthropic_api_key');
  assert.equal(await store.get('anthropic_api_key'), null);
});

test('a key the CLI saved in the plain file is still found, and moves into the encrypted file on the next save', async () => {
  const home = tempHome();
  const fallback = new FileSecretStore(home);
  await fallback.set('anthropic_api_key', 'sk-ant-old');
  const store = await createSafeStorageSecretStore(createFakeSafeStorage(), { dir: home, fallback, platform: 'darwin' });
  assert.equal(await store.get('anthropic_api_key'), 'sk-ant-old');
  await store.set('anthropic_api_key', KEY);
  assert.equal(await fallback.get('anthropic_api_key'), null, 'the plaintext copy is gone');
  assert.ok(!readFileSync(fallback.path, 'utf8').includes(KEY));
  assert.equal(await store.get('anthropic_api_key'), KEY);
  assert.match(store.description, /macOS Keychain/);
});

test("Linux without a keyring ('basic_text') or no encryption at all: the fallback serves, and says why", async () => {
  for (const [options, why] of [
    [{ backend: 'basic_text' }, /no keyring/],
    [{ available: false }, /no encryption/],
  ] as const) {
    const home = tempHome();
    const safeStorage = createFakeSafeStorage(options);
    const store = await createSafeStorageSecretStore(safeStorage, { dir: home, fallback: new FileSecretStore(home), platform: 'linux' });
    assert.equal(store.kind, 'file');
    assert.match(store.description, /mode 600/);
    assert.match(store.description, why);
    await store.set('anthropic_api_key', KEY);
    assert.equal(await store.get('anthropic_api_key'), KEY);
    assert.ok(!existsSync(join(home, ENCRYPTED_FILE)));
    assert.deepEqual(safeStorage.calls, [], 'safeStorage was not used to obfuscate');
  }
});
