// The one window: sandboxed, context-isolated, no Node in the page, loading
// only our app:// pages. Links to the web open in the user's browser; every
// other navigation, new window, webview and permission request is refused.

import type { BrowserWindowConstructorOptions } from 'electron';

export type NavigationDecision = 'allow' | 'external' | 'deny';

/** Our own pages stay; http(s) links go to the browser; anything else (file:, javascript:, data:...) goes nowhere. */
export function decideNavigation(url: string, appBaseUrl: string): NavigationDecision {
  if (url.startsWith(appBaseUrl)) return 'allow';
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return 'deny';
  }
  return protocol === 'https:' || protocol === 'http:' ? 'external' : 'deny';
}

/** Permissions the page may have: writing to the clipboard (Monaco's copy); nothing else. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

interface PreventableEvent {
  preventDefault(): void;
}

/** The slice of webContents the hardening uses. */
export interface HardenableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  readonly session: {
    setPermissionRequestHandler(handler: (contents: any, permission: string, callback: (granted: boolean) => void) => void): void;
    setPermissionCheckHandler(handler: (contents: any, permission: string) => boolean): void;
  };
}

export function hardenContents(contents: HardenableContents, appBaseUrl: string, openExternal: (url: string) => unknown): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url, appBaseUrl) === 'external') void Promise.resolve(openExternal(url)).catch(() => {});
    return { action: 'deny' };
  });
  const guardNavigation = (event: PreventableEvent & { url: string }) => {
    const decision = decideNavigation(event.url, appBaseUrl);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') void Promise.resolve(openExternal(event.url)).catch(() => {});
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  contents.session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

export interface MainWindowOptions {
  preloadPath: string;
  darkBackground: boolean;
  title: string;
}

/** The BrowserWindow options, in one place so a test can hold them to the security rules. */
export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: options.title,
    show: false,
    backgroundColor: options.darkBackground ? '#1e1e1e' : '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
    },
  };
}
