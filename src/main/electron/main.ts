// The desktop app's entry: hands the real Electron modules to the shell
// (desktopApp.ts, which holds every part and is tested against a fake of
// these modules under plain Node).

import * as electron from 'electron';
import { fileURLToPath } from 'node:url';
import { defaultRendererDir } from '../server/staticFiles.js';
import { runDesktopApp, type DesktopApi } from './desktopApp.js';

const api: DesktopApi = electron;

runDesktopApp(api, {
  argv: process.argv,
  cwd: process.cwd(),
  preloadPath: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
  rendererDir: defaultRendererDir(),
});
