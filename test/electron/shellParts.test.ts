// The window's security settings and navigation rules, the app menu, the
// offload-app:// protocol and the workspace argument.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { decideNavigation, hardenContents, mainWindowOptions, type HardenableContents } from '../../src/main/electron/window.js';
import { appMenuTemplate, installAppMenu, NEW_AGENT_ACCELERATOR } from '../../src/main/electron/menu.js';
import { APP_BASE_URL, appProtocolHandler } from '../../src/main/electron/appProtocol.js';
import { workspaceFromArgv } from '../../src/main/electron/workspaceArg.js';
import { makeStaticDir } from '../integration/serverSupport.js';

const { root, staticDir } = makeStaticDir();
after(() => rmSync(root, { recursive: true, force: true }));

test('the window is sandboxed and isolated, with no Node in the page', () => {
  const options = mainWindowOptions({ preloadPath: '/app/preload.cjs', darkBackground: true, title: 'Offload' });
  const web = options.webPreferences!;
  assert.equal(web.contextIsolation, true);
  assert.equal(web.sandbox, true);
  assert.equal(web.nodeIntegration, false);
  assert.equal(web.webviewTag, false);
  assert.equal(web.preload, '/app/preload.cjs');
  assert.equal(options.backgroundColor, '#1e1e1e');
});

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  requestHandler: ((c: unknown, p: string, cb: (granted: boolean) => void) => void) | null = null;
  checkHandler: ((c: unknown, p: string) => boolean) | null = null;
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }) {
    this.openHandler = handler;
  }
  session = {
    setPermissionRequestHandler: (h: FakeContents['requestHandler']) => (this.requestHandler = h),
    setPermissionCheckHandler: (h: FakeContents['checkHandler']) => (this.checkHandler = h),
  };
}

function navigate(contents: FakeContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, { url, preventDefault: () => (prevented = true) });
  return prevented;
}

test('new windows are denied; web links open in the browser; other navigation, webviews and permissions are refused', async () => {
  const contents = new FakeContents();
  const external: string[] = [];
  hardenContents(contents as unknown as HardenableContents, APP_BASE_URL, (url) => external.push(url));

  assert.deepEqual(contents.openHandler!({ url: 'https://docs.anthropic.com/' }), { action: 'deny' });
  assert.deepEqual(contents.openHandler!({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.equal(navigate(contents, 'will-navigate', `${APP_BASE_URL}index.html`), false);
  assert.equal(navigate(contents, 'will-navigate', 'https://evil.example/'), true);
  assert.equal(navigate(contents, 'will-redirect', 'javascript:alert(1)'), true);
  assert.equal(navigate(contents, 'will-attach-webview', 'x'), true);
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(external, ['https://docs.anthropic.com/', 'https://evil.example/']);

  const grant = (permission: string) => new Promise<boolean>((resolve) => contents.requestHandler!(null, permission, resolve));
  assert.equal(await grant('media'), false);
  assert.equal(await grant('notifications'), false);
  assert.equal(await grant('clipboard-sanitized-write'), true);
  assert.equal(contents.checkHandler!(null, 'geolocation'), false);
  assert.equal(decideNavigation('data:text/html,hi', APP_BASE_URL), 'deny');
});

test('the menu has the usual roles and "New Agent…" on Cmd/Ctrl+I, which asks for the Composer', () => {
  let newAgent = 0;
  const linux = appMenuTemplate({ onNewAgent: () => newAgent++ }, 'linux');
  const file = linux.find((m) => m.label === 'File')!;
  const items = file.submenu as MenuItemConstructorOptions[];
  const item = items.find((i) => i.label === 'New Agent…')!;
  assert.equal(item.accelerator, NEW_AGENT_ACCELERATOR);
  assert.equal(NEW_AGENT_ACCELERATOR, 'CmdOrCtrl+I');
  (item.click as () => void)();
  assert.equal(newAgent, 1);
  assert.deepEqual(linux.filter((m) => m.role).map((m) => m.role), ['editMenu', 'viewMenu', 'windowMenu']);
  assert.ok(items.some((i) => i.role === 'quit'));
  const mac = appMenuTemplate({ onNewAgent: () => {} }, 'darwin');
  assert.equal(mac[0]!.role, 'appMenu');

  let installed: unknown = null;
  const menu = installAppMenu({ buildFromTemplate: (t) => ({ t }), setApplicationMenu: (m) => (installed = m) }, { onNewAgent: () => {} }, 'linux');
  assert.equal(installed, menu);
});

test('offload-app:// serves the renderer with its CSP and never a file outside it', async () => {
  const handler = appProtocolHandler(staticDir);
  const page = await handler(new Request(`${APP_BASE_URL}index.html`));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /^text\/html/);
  assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
  assert.match(await page.text(), /<title>Offload/);
  const script = await handler(new Request(`${APP_BASE_URL}assets/app-1.js`));
  assert.match(script.headers.get('content-type')!, /^text\/javascript/);
  for (const url of [`${APP_BASE_URL}..%2fsecret.txt`, `${APP_BASE_URL}%2e%2e/secret.txt`, 'offload-app://elsewhere/index.html', `${APP_BASE_URL}nope.js`]) {
    const response = await handler(new Request(url));
    assert.equal(response.status, 404, url);
    assert.ok(!(await response.text()).includes('TOP-SECRET'));
  }
});

test('the workspace comes from the first folder on the command line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'offload-argv-'));
  try {
    assert.equal(workspaceFromArgv(['/usr/bin/electron', '.', '--no-sandbox', folder], { isPackaged: false, cwd: '/' }), folder);
    assert.equal(workspaceFromArgv(['/opt/Offload/offload', folder], { isPackaged: true, cwd: '/' }), folder);
    assert.equal(workspaceFromArgv(['/usr/bin/electron', '.'], { isPackaged: false, cwd: folder }), null, 'the app path is not the workspace');
    assert.equal(workspaceFromArgv(['/opt/Offload/offload', '/no/such/folder'], { isPackaged: true, cwd: '/' }), null);
  } finally {
    rmSync(folder, { recursive: true });
  }
});
