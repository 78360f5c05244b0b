// The packaged app's Electron fuses (issue 13, item 8): electron-builder.yml
// must turn off every way to run code as Offload through Node-style entry
// points and load only the integrity-checked asar. The names are checked
// against electron-builder's own schema, so a misspelt key (which
// electron-builder would reject or ignore) fails here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const config = load(readFileSync(`${repoRoot}electron-builder.yml`, 'utf8')) as { electronFuses?: Record<string, unknown>; asar?: unknown };

test('electron-builder.yml sets the fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar-only with integrity; cookies encrypted', () => {
  const fuses = config.electronFuses;
  assert.ok(fuses, 'electron-builder.yml has no electronFuses section');
  assert.equal(fuses.runAsNode, false);
  assert.equal(fuses.enableNodeOptionsEnvironmentVariable, false);
  assert.equal(fuses.enableNodeCliInspectArguments, false);
  assert.equal(fuses.enableEmbeddedAsarIntegrityValidation, true);
  assert.equal(fuses.onlyLoadAppFromAsar, true);
  assert.equal(fuses.enableCookieEncryption, true);
  assert.equal(fuses.grantFileProtocolExtraPrivileges, false);
  // OnlyLoadAppFromAsar needs an asar to load from.
  assert.notEqual(config.asar, false);
});

test("every fuse key is one electron-builder's schema knows", () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as {
    definitions: { FuseOptionsV1: { properties: Record<string, { type?: string }> } };
  };
  const known = schema.definitions.FuseOptionsV1.properties;
  for (const [key, value] of Object.entries(config.electronFuses ?? {})) {
    assert.ok(key in known, `electronFuses.${key} is not a fuse electron-builder knows`);
    assert.equal(typeof value, 'boolean', `electronFuses.${key} must be true or false`);
  }
});
