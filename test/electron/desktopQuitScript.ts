// Run by desktopApp.test.ts in its own process: the whole desktop shell
// (desktopApp.ts) against the fake Electron modules, with a workspace, the
// host and its warm spare, the CLI's WebSocket server with a client
// connected, the page's IPC bridge answering a call, and an agent paused in a
// live utility process (the supervisor's stand-in agent). Then the app quits.
// It prints what is left and does NOT call process.exit: the test checks that
// the process ends by itself.

import { fileURLToPath } from 'node:url';
import { runDesktopApp, type DesktopApi } from '../../src/main/electron/desktopApp.js';
import { OFFLOAD_IPC_CHANNEL } from '../../src/main/electron/ipcTransport.js';
import type { UtilityForkOptions } from '../../src/main/electron/utilityProcessLauncher.js';
import { connectToRunningHost } from '../../src/main/server/hostDiscovery.js';
import {
  createFakeBrowserWindowClass,
  createFakeNotificationClass,
  createFakeSafeStorage,
  FakeApp,
  FakeIpcMain,
  FakeUtilityProcess,
  type FakeUtilityChild,
} from './fakeElectron.js';

const [workspace, home] = process.argv.slice(2) as [string, string];
const fakeAgent = fileURLToPath(new URL('../integration/supervisorFakeAgent.js', import.meta.url));

/** utilityProcess.fork of the stand-in agent instead of the real one (no model needed). */
class StandInAgents extends FakeUtilityProcess {
  override fork(_modulePath: string, args: string[], options: UtilityForkOptions): FakeUtilityChild {
    return super.fork(fakeAgent, args, options);
  }
}

const app = new FakeApp();
const { BrowserWindow, windows } = createFakeBrowserWindowClass();
const ipcMain = new FakeIpcMain();
const utilityProcess = new StandInAgents();
const { Notification, shown } = createFakeNotificationClass();
const api: DesktopApi = {
  app,
  BrowserWindow,
  ipcMain,
  utilityProcess,
  Notification,
  safeStorage: createFakeSafeStorage(),
  Menu: { buildFromTemplate: (template) => template, setApplicationMenu: () => {} },
  shell: { openExternal: async () => {} },
  dialog: {
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showErrorBox: (title, content) => process.stderr.write(`error box: ${title}: ${content}\n`),
  },
  nativeTheme: { shouldUseDarkColors: false },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
};

const env = { ...process.env, OFFLOAD_HOME: home, ANTHROPIC_API_KEY: 'sk-ant-test-key-0000', OFFLOAD_MODEL: 'claude-sonnet-test', OFFLOAD_TEST: '1' };
const desktop = runDesktopApp(api, { argv: [process.execPath, 'main.js', workspace], cwd: workspace, preloadPath: '/nowhere/preload.cjs', rendererDir: '/nowhere', env });
await desktop.started;
const host = desktop.host();
if (!host || windows.length !== 1) throw new Error('the shell did not start');

// The page asks over IPC and is answered.
const page = windows[0]!.webContents;
const answered = new Promise<unknown>((resolve) => page.renderer.once(OFFLOAD_IPC_CHANNEL, (_event: unknown, message: unknown) => resolve(message)));
page.sendFromPage(ipcMain, OFFLOAD_IPC_CHANNEL, { t: 'req', id: 1, method: 'listAgents', params: [] });
const pageAnswer = (await answered) as { ok?: boolean };

// The CLI's connection, through host.json.
const remote = await connectToRunningHost(home, workspace);
if (!remote) throw new Error('the WebSocket client did not connect');
let remoteClosed = false;
remote.client.on('onDidAppendEvent', () => {});

const [agent] = await host.service.startAgents({ prompts: ['ask me'] });
for (;;) {
  const record = await remote.client.call.getAgent(agent!.id);
  if (record.status === 'paused_input') break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const { pid } = await host.service.getAgent(agent!.id);
const children = utilityProcess.forked.length;

app.quit();
const exitCode = await app.exited;
await desktop.stopped;
// The server said goodbye to the CLI's socket; closing our end is then a no-op.
await remote.close();
remoteClosed = true;

const stdio = new Set<unknown>([process.stdin, process.stdout, process.stderr]);
const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles()
  .filter((handle) => !stdio.has(handle))
  .map((handle) => handle.constructor?.name ?? typeof handle);
process.stdout.write(
  JSON.stringify({
    handles,
    exitCode,
    agentPid: pid,
    children,
    childPids: utilityProcess.forked.map((c) => c.child.pid),
    pageAnswered: pageAnswer.ok === true,
    notificationsShown: shown.map((n) => n.title),
    remoteClosed,
    lifetimeDisposed: desktop.lifetime.isDisposed,
  }) + '\n',
);
