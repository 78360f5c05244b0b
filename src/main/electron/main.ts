// The desktop app's main process: a thin shell around the same host that
// `offload serve` runs. It swaps in utilityProcess for agent processes,
// safeStorage for the API key, IPC for the page's pipe, and native menus and
// notifications. It also serves the host on 127.0.0.1 (announced in
// host.json) so the CLI's commands for this workspace go through it.
// Everything here that has logic lives in a module that takes the Electron
// APIs it needs as an argument, so it is tested under plain Node with a fake.

import * as electron from 'electron';
import { fileURLToPath } from 'node:url';
import type { OffloadHost } from '../app/host.js';
import { createHost } from '../app/createHost.js';
import { startHostServer, type RunningHostServer } from '../server/hostServer.js';
import { defaultRendererDir } from '../server/staticFiles.js';
import { createDefaultSecretStore } from '../store/fileSecretStore.js';
import { resolveOffloadHome } from '../store/homePaths.js';
import { scrubSecretsFromEnviron } from '../launch/scrubEnviron.js';
import { APP_BASE_URL, handleAppProtocol, registerAppScheme } from './appProtocol.js';
import { serveHostOverIpc, type RendererBridge } from './ipcTransport.js';
import { installAppMenu } from './menu.js';
import { watchAgentNotifications, type AgentNotifications } from './notifications.js';
import { createSafeStorageSecretStore } from './safeStorageSecretStore.js';
import { createUtilityProcessLauncher } from './utilityProcessLauncher.js';
import { hardenContents, mainWindowOptions } from './window.js';
import { workspaceFromArgv } from './workspaceArg.js';

/** The Electron APIs the shell uses; modules take (slices of) these, tests pass fakes. */
export type ElectronApi = Pick<
  typeof electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'utilityProcess' | 'Notification' | 'safeStorage' | 'Menu' | 'shell' | 'dialog' | 'nativeTheme' | 'protocol'
>;

const api: ElectronApi = electron;
const { app, BrowserWindow, dialog } = api;

const preloadPath = fileURLToPath(new URL('./preload.cjs', import.meta.url));

let window: electron.BrowserWindow | null = null;
let host: OffloadHost | null = null;
let server: RunningHostServer | null = null;
let bridge: RendererBridge | null = null;
let notifications: AgentNotifications | null = null;

async function pickWorkspace(): Promise<string | null> {
  const fromArgs = workspaceFromArgv(process.argv, { isPackaged: app.isPackaged, cwd: process.cwd() });
  if (fromArgs) return fromArgs;
  const result = await dialog.showOpenDialog({
    title: 'Choose the project folder for Offload',
    buttonLabel: 'Open',
    properties: ['openDirectory', 'createDirectory'],
  });
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0]!;
}

function showWindow() {
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

async function start(): Promise<void> {
  // The key must not stay readable in /proc/<app>/environ (launch/scrubEnviron.ts).
  scrubSecretsFromEnviron();
  await app.whenReady();
  const workspace = await pickWorkspace();
  if (!workspace) {
    app.quit();
    return;
  }
  const home = resolveOffloadHome(process.env);
  handleAppProtocol(api.protocol, defaultRendererDir());

  const secretStore = await createSafeStorageSecretStore(api.safeStorage, {
    dir: home,
    fallback: await createDefaultSecretStore(home, { env: process.env }),
  });
  if (secretStore.fallbackReason) console.warn(`Offload: the API key is stored without Electron's safeStorage: ${secretStore.fallbackReason}.`);

  host = await createHost({
    workspace,
    home,
    runtime: 'electron',
    launcher: createUtilityProcessLauncher(api.utilityProcess),
    secretStore,
    warmSpare: true,
  });

  // The CLI finds and uses this host through host.json; the app works without it.
  server = await startHostServer({ host, port: 0, home }).catch((error: unknown) => {
    console.warn(`Offload: the local host for the CLI did not start: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });

  window = new BrowserWindow(
    mainWindowOptions({ preloadPath, darkBackground: api.nativeTheme.shouldUseDarkColors, title: `Offload - ${workspace}` }),
  );
  // The window's contents were hardened as they were created ('web-contents-created' below).
  bridge = serveHostOverIpc(api.ipcMain, window.webContents, host, { appBaseUrl: APP_BASE_URL });
  const openAgent = (agentId: string) => {
    showWindow();
    bridge?.emit('onDidRequestOpenAgent', { agentId });
  };
  notifications = watchAgentNotifications({ Notification: api.Notification, host, onOpenAgent: openAgent });
  installAppMenu(api.Menu, {
    onNewAgent: () => {
      showWindow();
      bridge?.emit('onDidRequestComposer', {});
    },
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    bridge?.dispose();
    bridge = null;
    window = null;
  });
  await window.loadURL(`${APP_BASE_URL}index.html`);
}

let shuttingDown = false;
async function shutDown(): Promise<void> {
  notifications?.dispose();
  bridge?.dispose();
  await server?.close().catch(() => {});
  await host?.dispose().catch(() => {});
}

registerAppScheme(api.protocol);
if (!app.requestSingleInstanceLock()) {
  // Another Offload window is open: it gets focused (below, in that process).
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_event, contents) => {
    // Any contents (ours, and any other there should never be) get the same
    // rules: no new windows, no webviews, no navigation away from the app.
    hardenContents(contents, APP_BASE_URL, (url) => api.shell.openExternal(url));
  });
  app.on('before-quit', (event) => {
    if (shuttingDown) return;
    shuttingDown = true;
    event.preventDefault();
    void shutDown().finally(() => app.exit(0));
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox('Offload could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
