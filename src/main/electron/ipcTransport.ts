// The main-process end of the page's pipe in the desktop app: the RPC
// envelope over one IPC channel (ipcMain in, webContents.send out). The
// preload (preload.cts) is the other end and exposes only send/onMessage.
// Only messages from our window's main frame, showing our app's URL, count:
// anything else (another window, an iframe, a page navigated elsewhere) is
// dropped.

import { validateOffloadParams } from '../../shared/contract/offloadSchemas.js';
import type { OffloadEvents } from '../../shared/contract/offloadService.js';
import { Emitter } from '../../shared/lifecycle.js';
import { parseRpcMessage, type RpcMessage, type RpcTransport } from '../../shared/rpc/envelope.js';
import { serveHostConnection } from '../app/hostConnection.js';
import type { OffloadHost } from '../app/host.js';

/** The one channel; preload.cts repeats it (a sandboxed preload cannot import it). */
export const OFFLOAD_IPC_CHANNEL = 'offload:rpc';

/** What we read of a frame (Electron's WebFrameMain has these). */
export interface FrameLike {
  readonly url: string;
  readonly processId: number;
  readonly routingId: number;
}

export interface IpcEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

/** The slice of ipcMain we use. */
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (...args: any[]) => void): unknown;
}

/** The slice of our window's webContents we use. */
export interface RendererContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  send(channel: string, ...args: any[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface IpcTransportOptions {
  /** The page's URL must start with this (e.g. "offload-app://renderer/"). */
  appBaseUrl: string;
  /** Told of each message refused (for logs and tests); never given its content. */
  onRefused?(reason: string): void;
}

export function createIpcMainTransport(
  ipcMain: IpcMainLike,
  contents: RendererContentsLike,
  options: IpcTransportOptions,
): RpcTransport & { dispose(): void } {
  const messages = new Emitter<RpcMessage>();
  const closes = new Emitter<void>();

  const fromOurPage = (event: IpcEventLike): string | null => {
    if (contents.isDestroyed()) return 'the window is gone';
    if (event.sender.id !== contents.id) return 'another window sent it';
    const frame = event.senderFrame;
    if (!frame) return 'the sending frame is gone';
    const main = contents.mainFrame;
    if (frame.processId !== main.processId || frame.routingId !== main.routingId) return 'a subframe sent it';
    if (!frame.url.startsWith(options.appBaseUrl)) return 'the page is not ours';
    return null;
  };

  const onIpc = (event: IpcEventLike, message: unknown) => {
    const refusal = fromOurPage(event);
    if (refusal) return options.onRefused?.(refusal);
    const parsed = parseRpcMessage(message);
    if (!parsed.ok) return options.onRefused?.(`not an RPC envelope: ${parsed.problem}`);
    messages.fire(parsed.message);
  };
  ipcMain.on(OFFLOAD_IPC_CHANNEL, onIpc);
  contents.once('destroyed', () => closes.fire());

  return {
    send(message) {
      if (contents.isDestroyed()) throw new Error('The Offload window is closed.');
      contents.send(OFFLOAD_IPC_CHANNEL, message);
    },
    onMessage(listener) {
      const subscription = messages.event(listener);
      return () => subscription.dispose();
    },
    onClose(listener) {
      const subscription = closes.event(() => listener());
      return () => subscription.dispose();
    },
    dispose() {
      ipcMain.removeListener(OFFLOAD_IPC_CHANNEL, onIpc);
      messages.dispose();
      closes.dispose();
    },
  };
}

/** Events only the desktop shell sends to the page (declared in OffloadEvents for the renderer). */
export type ShellEvents = Pick<OffloadEvents, 'onDidRequestOpenAgent' | 'onDidRequestComposer'>;

export interface RendererBridge {
  emit<K extends keyof ShellEvents>(event: K, data: ShellEvents[K]): void;
  dispose(): void;
}

/** Serves the host to our window over IPC (validated like the WebSocket) and forwards its events. */
export function serveHostOverIpc(
  ipcMain: IpcMainLike,
  contents: RendererContentsLike,
  host: Pick<OffloadHost, 'service' | 'onEvent'>,
  options: IpcTransportOptions,
): RendererBridge {
  const transport = createIpcMainTransport(ipcMain, contents, options);
  const rpc = serveHostConnection(transport, host, { validate: validateOffloadParams });
  return {
    emit: (event, data) => rpc.emit(event, data),
    dispose() {
      rpc.dispose();
      transport.dispose();
    },
  };
}
