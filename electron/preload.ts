// Preload (bundled to dist-electron/preload.cjs). Sandboxed preloads must be
// CommonJS and may only require 'electron', so this file imports nothing else
// that reaches Node built-ins. Expose the smallest possible API: no raw ipcRenderer,
// no IpcRendererEvent (its `sender` is ipcRenderer itself), no channel names chosen
// by the page. Arguments are re-packed into fresh plain objects so that nothing but
// the documented fields reaches the main process, which validates them again.
import { contextBridge, ipcRenderer } from 'electron';
import type { MenuCommand, SaveFileRequest, XingtuApi } from '../shared/desktop-api';
import { EVENT_CHANNELS, IPC_CHANNELS, isMenuCommand } from './channels';

type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

/** Subscribes to one main -> renderer channel; returns the unsubscribe function. */
function subscribe(channel: EventChannel, deliver: (...args: unknown[]) => void): () => void {
  // The IpcRendererEvent is dropped here on purpose.
  const wrapped = (_event: unknown, ...args: unknown[]): void => deliver(...args);
  ipcRenderer.on(channel, wrapped);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipcRenderer.removeListener(channel, wrapped);
  };
}

/**
 * ipcRenderer.invoke with clean errors: Electron rejects with "Error invoking remote method
 * 'ch': UserFacingError: 文件已不存在或无法读取：x"; the page gets just the message after the
 * prefix, so Chinese messages from the main process can be shown to people as they are.
 */
function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  return ipcRenderer.invoke(channel, ...args).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, ''));
  });
}

/** Fire-and-forget calls still go through invoke (so the main side can check the sender). */
function notify(channel: string, ...args: unknown[]): void {
  ipcRenderer.invoke(channel, ...args).catch(() => undefined);
}

const api: XingtuApi = {
  getInfo: () => call(IPC_CHANNELS.getInfo),
  isElectron: true,

  openWorkspace: (options) => call(IPC_CHANNELS.openWorkspace, { multi: options?.multi === true }),
  openRecent: (token) => call(IPC_CHANNELS.openRecent, token),
  recentWorkspaces: () => call(IPC_CHANNELS.recentWorkspaces),
  saveWorkspace: (bytes, options) => {
    const packed: { token?: string; saveAs?: boolean; suggestedName: string } = { suggestedName: options?.suggestedName };
    if (options?.token !== undefined) packed.token = options.token;
    if (options?.saveAs !== undefined) packed.saveAs = options.saveAs;
    return call(IPC_CHANNELS.saveWorkspace, bytes, packed);
  },
  writeAutosave: (bytes) => call(IPC_CHANNELS.writeAutosave, bytes),
  readAutosaves: () => call(IPC_CHANNELS.readAutosaves),

  saveFile: (request: SaveFileRequest) =>
    call(IPC_CHANNELS.saveFile, {
      suggestedName: request?.suggestedName,
      filter: { name: request?.filter?.name, extensions: request?.filter?.extensions },
      bytes: request?.bytes,
    }),
  printToPdf: (options) => call(IPC_CHANNELS.printToPdf, { suggestedName: options?.suggestedName }),

  onMenuCommand: (listener) =>
    subscribe(EVENT_CHANNELS.menuCommand, (command) => {
      if (isMenuCommand(command)) listener(command as MenuCommand);
    }),
  onBeforeClose: (listener) => subscribe(EVENT_CHANNELS.beforeClose, () => listener()),
  closeReady: () => notify(IPC_CHANNELS.closeReady),
  setDocumentState: (state) => notify(IPC_CHANNELS.setDocumentState, { title: state?.title, dirty: state?.dirty }),
};

contextBridge.exposeInMainWorld('xingtu', api);
