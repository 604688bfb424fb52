// IPC handlers of the main process. Every handler goes through handleTrusted so
// that only our own app:// frames can call it and arguments are checked.
import type { AppInfo } from './api';
import { IPC_CHANNELS } from './channels';
import { isAppUrl } from './config';

/** The part of Electron's IpcMainInvokeEvent we rely on. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

/** The part of Electron's ipcMain we rely on. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
}

/** True if the IPC call comes from a frame showing our own app:// content.
 * senderFrame is null when the frame navigated away or was destroyed. */
export function validateSender(event: InvokeEventLike): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url);
}

/** Registers a handler that rejects foreign senders and validates args first. */
export function handleTrusted<A extends unknown[], R>(
  ipcMain: IpcMainLike,
  channel: string,
  parseArgs: (args: unknown[]) => A,
  handler: (...args: A) => R,
): void {
  ipcMain.handle(channel, (event, ...args) => {
    if (!validateSender(event)) {
      throw new Error(`${channel}: rejected call from untrusted sender`);
    }
    return handler(...parseArgs(args));
  });
}

export function noArgs(channel: string): (args: unknown[]) => [] {
  return (args) => {
    if (args.length !== 0) throw new Error(`${channel}: takes no arguments`);
    return [];
  };
}

export function registerIpcHandlers(ipcMain: IpcMainLike, info: AppInfo): void {
  const snapshot: AppInfo = { version: info.version, platform: info.platform };
  handleTrusted(ipcMain, IPC_CHANNELS.getInfo, noArgs(IPC_CHANNELS.getInfo), () => ({ ...snapshot }));
}
