// The page's only door to the main process in the desktop app. Sandboxed
// preloads must be CommonJS (hence .cts -> .cjs) and can require little beyond
// 'electron', so the channel name is repeated here (ipcTransport.ts holds the
// other copy; a test checks they match). It exposes exactly
// window.offloadIpc = { send, onMessage } and never grows: the typed contract
// travels inside the envelopes.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const OFFLOAD_IPC_CHANNEL = 'offload:rpc';

contextBridge.exposeInMainWorld('offloadIpc', {
  send(message: unknown): void {
    ipcRenderer.send(OFFLOAD_IPC_CHANNEL, message);
  },
  onMessage(listener: (message: unknown) => void): () => void {
    // The page never sees the IPC event object (it would reach ipcRenderer through event.sender).
    const handler = (_event: IpcRendererEvent, message: unknown) => listener(message);
    ipcRenderer.on(OFFLOAD_IPC_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(OFFLOAD_IPC_CHANNEL, handler);
    };
  },
});
