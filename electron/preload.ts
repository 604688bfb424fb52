// Preload (bundled to dist-electron/preload.cjs). Sandboxed preloads must be
// CommonJS and may only require 'electron', so this file imports nothing else
// that reaches Node built-ins. Expose the smallest possible API: no raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import type { XingtuApi } from './api';
import { IPC_CHANNELS } from './channels';

const api: XingtuApi = {
  getInfo: () => ipcRenderer.invoke(IPC_CHANNELS.getInfo),
  isElectron: true,
};

contextBridge.exposeInMainWorld('xingtu', api);
