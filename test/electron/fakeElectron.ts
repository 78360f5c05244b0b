// A small hand-written stand-in for the parts of Electron the shell uses, so
// the shell's modules run under plain Node (there is no Electron binary here).
// Each fake does what the real API does for the calls we make, no more.

import { EventEmitter } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import type { FrameLike, IpcEventLike, IpcMainLike, RendererContentsLike } from '../../src/main/electron/ipcTransport.js';
import type { NotificationClassLike, NotificationLike } from '../../src/main/electron/notifications.js';
import type { SafeStorageLike } from '../../src/main/electron/safeStorageSecretStore.js';
import type { UtilityChildLike, UtilityForkOptions, UtilityProcessLike } from '../../src/main/electron/utilityProcessLauncher.js';

// ---- ipcMain / ipcRenderer / webContents -------------------------------------------

export class FakeIpcMain extends EventEmitter implements IpcMainLike {
  override on(channel: string, listener: (event: IpcEventLike, ...args: any[]) => void): this {
    return super.on(channel, listener);
  }
}

let nextContentsId = 1;

/** A window's webContents: its main frame shows `url`; `send` delivers to the page's ipcRenderer. */
export class FakeWebContents extends EventEmitter implements RendererContentsLike {
  readonly id = nextContentsId++;
  readonly mainFrame: FrameLike;
  /** What the page's ipcRenderer receives, by channel. */
  readonly renderer = new EventEmitter();
  private destroyed = false;
  constructor(url: string, processId = 100 + nextContentsId) {
    super();
    this.mainFrame = { url, processId, routingId: 1 };
  }
  send(channel: string, ...args: any[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    // Electron serialises IPC payloads (structured clone); JSON is close enough for envelopes.
    const copy = args.map((a) => JSON.parse(JSON.stringify(a)));
    queueMicrotask(() => this.renderer.emit(channel, { sender: 'ipcRenderer' }, ...copy));
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
  /** The page's ipcRenderer.send, from the main frame or from another frame of this contents. */
  sendFromPage(ipcMain: FakeIpcMain, channel: string, message: unknown, frame: FrameLike | null = this.mainFrame): void {
    const event: IpcEventLike = { sender: { id: this.id }, senderFrame: frame };
    const copy = JSON.parse(JSON.stringify(message));
    queueMicrotask(() => ipcMain.emit(channel, event, copy));
  }
}

// ---- utilityProcess over child_process.fork ------------------------------------------

/**
 * utilityProcess.fork on top of child_process.fork: the child talks with
 * process.send / process.on('message') where a real utility child would use
 * process.parentPort; the parent side behaves like Electron's UtilityProcess.
 */
export class FakeUtilityChild extends EventEmitter implements UtilityChildLike {
  pid: number | undefined = undefined;
  readonly child: ChildProcess;
  readonly options: UtilityForkOptions;
  constructor(modulePath: string, args: string[], options: UtilityForkOptions) {
    super();
    this.options = options;
    // execArgv: "List of string arguments passed to the executable" (https://www.electronjs.org/docs/latest/api/utility-process).
    this.child = fork(modulePath, args, { env: options.env, cwd: options.cwd, execArgv: options.execArgv ?? [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child.on('spawn', () => {
      this.pid = this.child.pid;
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    // Once its IPC pipe is closed too and the loop has run its close callbacks: Electron's utility
    // process leaves no Node handle behind when it says 'exit', and neither does this stand-in.
    this.child.on('close', (code, signal) => {
      this.pid = undefined;
      // Electron reports only a code (waitpid's); a signal shows as 128 + its number here.
      const signals: Record<string, number> = { SIGTERM: 15, SIGKILL: 9 };
      setImmediate(() => setImmediate(() => this.emit('exit', code ?? 128 + (signal ? signals[signal] ?? 0 : 0))));
    });
  }
  postMessage(message: any): void {
    this.child.send(message);
  }
  kill(): boolean {
    return this.child.kill('SIGTERM');
  }
}

export class FakeUtilityProcess implements UtilityProcessLike {
  readonly forked: FakeUtilityChild[] = [];
  fork(modulePath: string, args: string[], options: UtilityForkOptions): FakeUtilityChild {
    const child = new FakeUtilityChild(modulePath, args, options);
    this.forked.push(child);
    return child;
  }
}

// ---- Notification --------------------------------------------------------------------

export function createFakeNotificationClass(supported = true) {
  const shown: FakeNotification[] = [];
  class FakeNotification extends EventEmitter implements NotificationLike {
    readonly title: string;
    readonly body: string;
    constructor(options: { title: string; body: string }) {
      super();
      this.title = options.title;
      this.body = options.body;
    }
    static isSupported() {
      return supported;
    }
    show() {
      shown.push(this);
    }
    click() {
      this.emit('click');
    }
  }
  const Notification: NotificationClassLike = FakeNotification;
  return { Notification, shown };
}

// ---- safeStorage ---------------------------------------------------------------------

/** Encrypts by XOR with a key the fake "keychain" holds; the output never contains the plaintext. */
export function createFakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: string[] } {
  const key = Buffer.from('fake-os-keychain-key');
  const xor = (data: Buffer) => Buffer.from(data.map((byte, i) => byte ^ key[i % key.length]!));
  const calls: string[] = [];
  return {
    calls,
    async isAsyncEncryptionAvailable() {
      return options.available ?? true;
    },
    async encryptStringAsync(plainText: string) {
      calls.push('encrypt');
      return Buffer.concat([Buffer.from('v10'), xor(Buffer.from(plainText, 'utf8'))]);
    },
    async decryptStringAsync(encrypted: Buffer) {
      calls.push('decrypt');
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: xor(encrypted.subarray(3)).toString('utf8'), shouldReEncrypt: false };
    },
    getSelectedStorageBackend() {
      return options.backend ?? 'gnome_libsecret';
    },
  };
}

// ---- app and BrowserWindow -----------------------------------------------------------

/**
 * Electron's app, as far as the shell uses it: quit() emits 'before-quit'
 * with a preventable event and, unless a listener prevented it, exits (the
 * later 'will-quit' / 'quit' events are not used by the shell). exit() ends
 * without those events; here it only records the code.
 */
export class FakeApp extends EventEmitter {
  readonly isPackaged = false;
  exitCode: number | null = null;
  readonly exited: Promise<number>;
  private resolveExited!: (code: number) => void;
  constructor(private readonly singleInstance = true) {
    super();
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exit(0);
  }
  exit(code = 0): void {
    if (this.exitCode !== null) return;
    this.exitCode = code;
    this.resolveExited(code);
  }
}

/** A BrowserWindow whose webContents is a FakeWebContents showing the URL it loads. */
export function createFakeBrowserWindowClass() {
  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    readonly webContents: FakeWebContents;
    readonly options: unknown;
    visible = false;
    constructor(options: unknown) {
      super();
      this.options = options;
      this.webContents = new FakeWebContents('about:blank');
      windows.push(this);
    }
    isMinimized() {
      return false;
    }
    restore() {}
    show() {
      this.visible = true;
    }
    focus() {}
    async loadURL(url: string) {
      (this.webContents.mainFrame as { url: string }).url = url;
      queueMicrotask(() => this.emit('ready-to-show'));
    }
    /** The person closes the window: its contents go, then 'closed'. */
    close() {
      this.webContents.destroy();
      this.emit('closed');
    }
  }
  return { BrowserWindow: FakeBrowserWindow, windows };
}
