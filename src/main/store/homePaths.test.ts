import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { agentDir, agentLogPath, resolveOffloadHome, workspaceStateDir } from './homePaths.js';

test('OFFLOAD_HOME wins; otherwise the platform app-data folder named Offload', () => {
  assert.equal(resolveOffloadHome({ OFFLOAD_HOME: '/tmp/some-home' }), '/tmp/some-home');
  const fallback = resolveOffloadHome({});
  assert.equal(basename(fallback), 'Offload');
  assert.ok(fallback.startsWith(homedir()) || process.env.XDG_DATA_HOME !== undefined, fallback);
  if (process.platform === 'linux') assert.equal(resolveOffloadHome({ XDG_DATA_HOME: '/data' }), '/data/Offload');
});

test('workspace state folders: readable name plus a hash of the real path', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'offload-paths-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const a = join(root, 'one', 'my app');
  const b = join(root, 'two', 'my app');
  await mkdir(a, { recursive: true });
  await mkdir(b, { recursive: true });
  const link = join(root, 'link');
  await symlink(a, link);
  const dirA = workspaceStateDir('/home', a);
  assert.match(dirA, /^\/home\/workspaces\/my_app-[0-9a-f]{12}$/);
  assert.notEqual(dirA, workspaceStateDir('/home', b), 'two folders of one name never share state');
  assert.equal(workspaceStateDir('/home', link), dirA, 'a symlink to the workspace is the same workspace');
  assert.equal(agentLogPath(dirA, 'abc123'), join(dirA, 'agents', 'abc123', 'events.jsonl'));
  assert.throws(() => agentDir(dirA, '../../etc'), /Not an agent id/);
});
