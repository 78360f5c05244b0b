// The desktop app's composition root: a thin shell around the same host that
// `offload serve` runs. It swaps in utilityProcess for agent processes,
// safeStorage for the API key, IPC for the page's pipe, and native menus and
// notifications. It also serves the host on 127.0.0.1 (announced in
// host.json) so the CLI's commands for this workspace go through it.
//
// Everything the shell starts is owned by one DisposableStore (no module
// globals): quitting disposes it, newest first, and the app exits once the
// server is closed and the host (agents, warm spare, timers) is disposed.
// It takes the Electron APIs as an argument (slices, typed by shape), so the
// whole shell runs under plain Node against a fake (test/electron).

import type { BrowserWindowConstructorOptions } from 'electron';
import type { OffloadHost } from '../app/host.js';
import { createHost } from '../app/createHost.js';
import { startHostServer } from '../server/hostServer.js';
import { createDefaultSecretStore } from '../store/fileSecretStore.js';
import { resolveOffloadHome } from '../store/homePaths.js';
import { scrubSecretsFromEnviron } from '../launch/scrubEnviron.js';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { APP_BASE_URL, handleAppProtocol, registerAppScheme, type ProtocolLike } from './appProtocol.js';
import { serveHostOverIpc, type IpcMainLike, type RendererContentsLike } from './ipcTransport.js';
import { installAppMenu, type MenuClassLike } from './menu.js';
import { notifyNatively, type NotificationClassLike } from './notifications.js';
import { createSafeStorageSecretStore, type SafeStorageLike } from './safeStorageSecretStore.js';
import { createUtilityProcessLauncher, type UtilityProcessLike } from './utilityProcessLauncher.js';
import { hardenContents, mainWindowOptions, type HardenableContents } from './window.js';
import { workspaceFromArgv } from './workspaceArg.js';

interface PreventableEvent {
  preventDefault(): void;
}

/** The slice of Electron's app we use. */
export interface AppLike {
  readonly isPackaged: boolean;
  whenReady(): Promise<unknown>;
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code?: number): void;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: HardenableContents) => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
}

/** The slice of a BrowserWindow we use. */
export interface BrowserWindowLike {
  readonly webContents: RendererContentsLike;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

/** The Electron APIs the shell uses; `typeof import('electron')` has them all (main.ts), tests pass fakes. */
export interface DesktopApi {
  app: AppLike;
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowLike;
  ipcMain: IpcMainLike;
  utilityProcess: UtilityProcessLike;
  Notification: NotificationClassLike;
  safeStorage: SafeStorageLike;
  Menu: MenuClassLike<unknown>;
  shell: { openExternal(url: string): Promise<void> };
  dialog: {
    showOpenDialog(options: { title: string; buttonLabel: string; properties: Array<'openDirectory' | 'createDirectory'> }): Promise<{ canceled: boolean; filePaths: string[] }>;
    showErrorBox(title: string, content: string): void;
  };
  nativeTheme: { readonly shouldUseDarkColors: boolean };
  protocol: ProtocolLike;
}

export interface DesktopAppOptions {
  argv: string[];
  cwd: string;
  preloadPath: string;
  rendererDir: string;
  env?: NodeJS.ProcessEnv;
}

/** What a running shell holds, all owned by `lifetime` (exposed for tests). */
export interface DesktopApp {
  /** Resolves when the window has loaded (or the app quit before: no workspace, a second instance). */
  readonly started: Promise<void>;
  /** Resolves once quitting has disposed everything (before app.exit is called). */
  readonly stopped: Promise<void>;
  readonly lifetime: DisposableStore;
  host(): OffloadHost | null;
}

/**
 * Async teardown steps (closing the server, disposing the host), run one
 * after another in the order the store disposes them (newest first), so the
 * server closes before the host it serves is disposed.
 */
class ShutdownSteps {
  private tail: Promise<void> = Promise.resolve();
  step(run: () => Promise<unknown>): Disposable {
    return toDisposable(() => {
      this.tail = this.tail.then(run).then(
        () => undefined,
        () => undefined,
      );
    });
  }
  get done(): Promise<void> {
    return this.tail;
  }
}

export function runDesktopApp(api: DesktopApi, options: DesktopAppOptions): DesktopApp {
  const { app, dialog } = api;
  const env = options.env ?? process.env;
  const lifetime = new DisposableStore();
  const steps = new ShutdownSteps();
  let host: OffloadHost | null = null;
  let window: BrowserWindowLike | null = null;
  /** What lives as long as the window (its IPC bridge). */
  let windowParts: DisposableStore | null = null;
  let emitToPage: ((event: 'onDidRequestOpenAgent' | 'onDidRequestComposer', data: object) => void) | null = null;

  /** app.on, owned by the lifetime. */
  const onApp = (event: 'second-instance' | 'window-all-closed' | 'web-contents-created' | 'before-quit', listener: (...args: any[]) => void) => {
    app.on(event as 'second-instance', listener);
    lifetime.add(toDisposable(() => app.removeListener(event, listener)));
  };

  async function pickWorkspace(): Promise<string | null> {
    const fromArgs = workspaceFromArgv(options.argv, { isPackaged: app.isPackaged, cwd: options.cwd });
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
    scrubSecretsFromEnviron(env);
    await app.whenReady();
    const workspace = await pickWorkspace();
    if (!workspace) {
      app.quit();
      return;
    }
    const home = resolveOffloadHome(env);
    handleAppProtocol(api.protocol, options.rendererDir);

    const secretStore = await createSafeStorageSecretStore(api.safeStorage, {
      dir: home,
      fallback: await createDefaultSecretStore(home, { env }),
    });
    if (secretStore.fallbackReason) console.warn(`Offload: the API key is stored without Electron's safeStorage: ${secretStore.fallbackReason}.`);

    const newHost = await createHost({
      workspace,
      home,
      env,
      runtime: 'electron',
      launcher: createUtilityProcessLauncher(api.utilityProcess),
      secretStore,
      warmSpare: true,
    });
    host = newHost;
    lifetime.add(steps.step(() => newHost.dispose()));
    if (lifetime.isDisposed) return;

    // The CLI finds and uses this host through host.json; the app works without it.
    const server = await startHostServer({ host: newHost, port: 0, home }).catch((error: unknown) => {
      console.warn(`Offload: the local host for the CLI did not start: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    if (server) lifetime.add(steps.step(() => server.close()));
    if (lifetime.isDisposed) return;

    const newWindow = new api.BrowserWindow(
      mainWindowOptions({ preloadPath: options.preloadPath, darkBackground: api.nativeTheme.shouldUseDarkColors, title: `Offload - ${workspace}` }),
    );
    window = newWindow;
    // The window's contents were hardened as they were created ('web-contents-created' below).
    const parts = lifetime.add(new DisposableStore());
    windowParts = parts;
    const bridge = parts.add(serveHostOverIpc(api.ipcMain, newWindow.webContents, newHost, { appBaseUrl: APP_BASE_URL }));
    emitToPage = (event, data) => bridge.emit(event, data as never);
    const openAgent = (agentId: string) => {
      showWindow();
      emitToPage?.('onDidRequestOpenAgent', { agentId });
    };
    lifetime.add(notifyNatively({ Notification: api.Notification, host: newHost, onOpenAgent: openAgent }));
    installAppMenu(api.Menu, {
      onNewAgent: () => {
        showWindow();
        emitToPage?.('onDidRequestComposer', {});
      },
    });
    newWindow.once('ready-to-show', () => window?.show());
    newWindow.on('closed', () => {
      // The window's parts end with it; the host and server live until the app quits.
      lifetime.delete(parts);
      parts.dispose();
      if (windowParts === parts) windowParts = null;
      emitToPage = null;
      window = null;
    });
    await newWindow.loadURL(`${APP_BASE_URL}index.html`);
  }

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let shuttingDown = false;

  registerAppScheme(api.protocol);
  let started: Promise<void> = Promise.resolve();
  if (!app.requestSingleInstanceLock()) {
    // Another Offload window is open: it gets focused (below, in that process).
    app.quit();
  } else {
    onApp('second-instance', () => showWindow());
    onApp('window-all-closed', () => app.quit());
    onApp('web-contents-created', (_event: unknown, contents: HardenableContents) => {
      // Any contents (ours, and any other there should never be) get the same
      // rules: no new windows, no webviews, no navigation away from the app.
      hardenContents(contents, APP_BASE_URL, (url) => api.shell.openExternal(url));
    });
    onApp('before-quit', (event: PreventableEvent) => {
      if (shuttingDown) return;
      shuttingDown = true;
      event.preventDefault();
      // Newest first: notifications and the window's bridge, then the server, then the host.
      lifetime.dispose();
      window = null;
      void steps.done.then(() => {
        resolveStopped();
        app.exit(0);
      });
    });
    started = start().catch((error: unknown) => {
      dialog.showErrorBox('Offload could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
  }

  return { started, stopped, lifetime, host: () => host };
}
