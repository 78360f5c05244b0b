// The app menu: the usual roles, plus "New Agent…" (Cmd/Ctrl+I), which asks
// the page to open the Composer. The accelerator is caught by the menu before
// the page sees the key, so the page's own shortcut handler does not run here.

import type { MenuItemConstructorOptions } from 'electron';

/** The slice of Electron's Menu we use. */
export interface MenuClassLike<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  setApplicationMenu(menu: M | null): void;
}

export interface AppMenuActions {
  onNewAgent(): void;
}

export const NEW_AGENT_ACCELERATOR = 'CmdOrCtrl+I';

export function appMenuTemplate(actions: AppMenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Agent…', accelerator: NEW_AGENT_ACCELERATOR, click: () => actions.onNewAgent() },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    fileMenu,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}

export function installAppMenu<M>(Menu: MenuClassLike<M>, actions: AppMenuActions, platform?: NodeJS.Platform): M {
  const menu = Menu.buildFromTemplate(appMenuTemplate(actions, platform));
  Menu.setApplicationMenu(menu);
  return menu;
}
