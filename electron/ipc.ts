// IPC handlers of the main process. Every handler goes through handleTrusted so
// that only our own app:// frames can call it and arguments are checked.
//
// Paths never come from the renderer: they come from a native dialog or from the
// recent list, and the renderer only ever holds opaque tokens (see tokens.ts).
//
// What a token lets the renderer do (no more than the user chose):
// - Open dialog: the picked files are read once, in the handler; that is the whole
//   grant. A single pick (not a merge) of a .xingtu file goes on the recent list.
// - Recent list: an entry can be read again (workspace:open-recent), nothing else.
// - Writing a workspace in place needs a write grant, and write grants come only from
//   save dialogs: the path was chosen in a save dialog in this process, or the recent
//   list records that it was (then opening it, from the list or the open dialog,
//   restores the grant). Saving a workspace that has no write grant (e.g. one received
//   on a USB stick and opened) shows the save dialog at that same file, so the user
//   confirms once; after that 保存 writes in place, also after a restart.
// - file:save writes only the export kinds of EXPORT_FILTERS (label and extensions
//   must match one exactly) and printing writes only PDF; their tokens grant nothing.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { AppInfo, OpenedFile, RecentWorkspace, SavedFile } from './api';
import { IPC_CHANNELS } from './channels';
import { isAppUrl } from './config';
import {
  EXPORT_FILTERS,
  PDF_FILTER,
  UserFacingError,
  WORKSPACE_EXTENSION,
  WORKSPACE_FILTER,
  ensureExtension,
  formatSize,
  readFailure,
  readUserFile,
  writeUserFile,
} from './files';
import type { RecentList } from './recent';
import type { PathTokens } from './tokens';
import {
  IpcArgumentError,
  MAX_BYTES,
  expectArgs,
  expectBoolean,
  expectBytes,
  expectFileName,
  expectKnownFilter,
  expectObject,
  expectTitle,
  expectTokenShape,
  optionalBoolean,
} from './validate';
import type { ShellWindow, WindowController } from './window';

/** Options of webContents.printToPDF used for the briefing. */
export const PDF_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
} as const;

/** The part of Electron's WebContents (event.sender) we rely on. */
export interface SenderLike {
  id: number;
  printToPDF(options: typeof PDF_OPTIONS): Promise<Uint8Array>;
}

/** The part of Electron's IpcMainInvokeEvent we rely on. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
  sender?: SenderLike;
}

/** The part of Electron's ipcMain we rely on. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: any[]) => unknown): void;
}

/** Native dialogs; `window` is the parent (null for an unparented dialog). */
export interface DialogApi {
  showOpenDialog(window: ShellWindow | null, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: ShellWindow | null, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface IpcDeps {
  info: AppInfo;
  dialog: DialogApi;
  tokens: PathTokens;
  recent: RecentList;
  /** Folder of the autosave copies, i.e. <userData>/autosave. */
  autosaveDir: string;
  /** Where dialogs start before the user has picked any folder (Documents). */
  defaultDirectory(): string;
  /** The window whose renderer sent the event, or null. */
  windowFor(event: InvokeEventLike): WindowController | null;
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
  handler: (event: InvokeEventLike, ...args: A) => R,
): void {
  ipcMain.handle(channel, (event, ...args) => {
    if (!validateSender(event)) {
      throw new Error(`${channel}: rejected call from untrusted sender`);
    }
    return handler(event, ...parseArgs(args));
  });
}

export function noArgs(channel: string): (args: unknown[]) => [] {
  return (args) => {
    if (args.length !== 0) throw new Error(`${channel}: takes no arguments`);
    return [];
  };
}

export const AUTOSAVE_NAME = `workspace.${WORKSPACE_EXTENSION}`;
const MAX_MERGE_FILES = 50;

export function autosavePaths(autosaveDir: string): { current: string; backup: string } {
  const current = path.join(autosaveDir, AUTOSAVE_NAME);
  return { current, backup: `${current}.bak` };
}

// ---- argument parsers (exported for tests) ----

export function parseOpenWorkspaceArgs(args: unknown[]): [{ multi: boolean }] {
  const ch = IPC_CHANNELS.openWorkspace;
  expectArgs(ch, args, 0, 1);
  if (args[0] === undefined) return [{ multi: false }];
  const options = expectObject(ch, args[0], 'options', ['multi']);
  return [{ multi: optionalBoolean(ch, options.multi, 'options.multi') ?? false }];
}

export function parseSaveWorkspaceArgs(args: unknown[]): [Uint8Array, { token?: string; saveAs: boolean; suggestedName: string }] {
  const ch = IPC_CHANNELS.saveWorkspace;
  expectArgs(ch, args, 2);
  const bytes = expectBytes(ch, args[0]);
  const options = expectObject(ch, args[1], 'options', ['token', 'saveAs', 'suggestedName']);
  const suggestedName = expectFileName(ch, options.suggestedName);
  const saveAs = optionalBoolean(ch, options.saveAs, 'options.saveAs') ?? false;
  const token = options.token === undefined ? undefined : expectTokenShape(ch, options.token);
  return [bytes, token === undefined ? { saveAs, suggestedName } : { token, saveAs, suggestedName }];
}

export function parseSaveFileArgs(args: unknown[]): [{ suggestedName: string; filter: { name: string; extensions: string[] }; bytes: Uint8Array }] {
  const ch = IPC_CHANNELS.saveFile;
  expectArgs(ch, args, 1);
  const request = expectObject(ch, args[0], 'request', ['suggestedName', 'filter', 'bytes']);
  return [
    {
      suggestedName: expectFileName(ch, request.suggestedName),
      filter: expectKnownFilter(ch, request.filter, EXPORT_FILTERS),
      bytes: expectBytes(ch, request.bytes),
    },
  ];
}

export function parsePrintToPdfArgs(args: unknown[]): [{ suggestedName: string }] {
  const ch = IPC_CHANNELS.printToPdf;
  expectArgs(ch, args, 1);
  const options = expectObject(ch, args[0], 'options', ['suggestedName']);
  return [{ suggestedName: expectFileName(ch, options.suggestedName) }];
}

export function parseDocumentStateArgs(args: unknown[]): [{ title: string; dirty: boolean }] {
  const ch = IPC_CHANNELS.setDocumentState;
  expectArgs(ch, args, 1);
  const state = expectObject(ch, args[0], 'state', ['title', 'dirty']);
  return [{ title: expectTitle(ch, state.title), dirty: expectBoolean(ch, state.dirty, 'state.dirty') }];
}

// ---- handlers ----

export function registerIpcHandlers(ipcMain: IpcMainLike, deps: IpcDeps): void {
  const { dialog, tokens, recent } = deps;
  const snapshot: AppInfo = { version: deps.info.version, platform: deps.info.platform };
  let lastDirectory: string | null = null;

  const startDirectory = (): string => lastDirectory ?? deps.defaultDirectory();
  const parentOf = (event: InvokeEventLike): ShellWindow | null => deps.windowFor(event)?.window ?? null;

  const workspaceToken = (channel: string, token: string): string => {
    const filePath = tokens.pathFor(token, 'workspace');
    if (filePath === null) throw new IpcArgumentError(channel, 'unknown token');
    return filePath;
  };

  const named = (filePath: string, bytes: Uint8Array): OpenedFile => ({
    token: tokens.tokenFor(filePath, 'workspace'),
    name: path.basename(filePath),
    bytes,
  });

  /** A workspace opened as the current one: listed as recent; writable only if the list says it was chosen in a save dialog. */
  const openedAsCurrent = async (filePath: string, bytes: Uint8Array): Promise<OpenedFile> => {
    const file = named(filePath, bytes);
    const entry = await recent.find(filePath).catch(() => null);
    if (entry?.writable) tokens.grantWrite(file.token);
    await recent.touch(filePath).catch(() => undefined);
    return file;
  };

  /** Save dialog; returns the chosen path with a fitting extension, or null if cancelled. */
  const askSavePath = async (
    event: InvokeEventLike,
    options: { title: string; suggestedName: string; filter: { name: string; extensions: string[] }; directory?: string },
  ): Promise<string | null> => {
    const result = await dialog.showSaveDialog(parentOf(event), {
      title: options.title,
      defaultPath: path.join(options.directory ?? startDirectory(), ensureExtension(options.suggestedName, options.filter.extensions)),
      filters: [options.filter],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    const chosen = ensureExtension(path.resolve(result.filePath), options.filter.extensions);
    lastDirectory = path.dirname(chosen);
    return chosen;
  };

  handleTrusted(ipcMain, IPC_CHANNELS.getInfo, noArgs(IPC_CHANNELS.getInfo), () => ({ ...snapshot }));

  handleTrusted(ipcMain, IPC_CHANNELS.openWorkspace, parseOpenWorkspaceArgs, async (event, { multi }): Promise<OpenedFile[] | null> => {
    const result = await dialog.showOpenDialog(parentOf(event), {
      title: multi ? '选择要合并的工作区' : '打开工作区',
      defaultPath: startDirectory(),
      filters: [WORKSPACE_FILTER],
      properties: multi ? ['openFile', 'multiSelections'] : ['openFile'],
    });
    if (result.canceled || result.filePaths.length === 0) return null;
    const paths = result.filePaths.map((p) => path.resolve(p));
    if (!multi && paths.length > 1) paths.length = 1;
    if (paths.length > MAX_MERGE_FILES) throw new UserFacingError(`一次最多合并 ${MAX_MERGE_FILES} 个工作区。`);
    lastDirectory = path.dirname(paths[0]!);

    let total = 0;
    const files: OpenedFile[] = [];
    for (const filePath of paths) {
      let bytes: Uint8Array;
      try {
        bytes = await readUserFile(filePath);
      } catch (err) {
        throw readFailure(path.basename(filePath), err);
      }
      total += bytes.byteLength;
      if (total > MAX_BYTES) throw new UserFacingError(`所选工作区合计过大（上限 ${formatSize(MAX_BYTES)}）。`);
      files.push(named(filePath, bytes));
    }
    // Merged files are read, not opened as the current workspace: only a plain open is "recent".
    if (!multi) return [await openedAsCurrent(paths[0]!, files[0]!.bytes)];
    return files;
  });

  handleTrusted(
    ipcMain,
    IPC_CHANNELS.openRecent,
    (args) => {
      expectArgs(IPC_CHANNELS.openRecent, args, 1);
      return [expectTokenShape(IPC_CHANNELS.openRecent, args[0])] as [string];
    },
    async (_event, token): Promise<OpenedFile> => {
      const filePath = workspaceToken(IPC_CHANNELS.openRecent, token);
      const name = path.basename(filePath);
      // A token of a file that is not (or no longer) on the list grants no reading.
      if ((await recent.find(filePath)) === null) throw new UserFacingError(`“${name}”已不在最近使用的工作区中，请用“打开工作区”重新选择。`);
      let bytes: Uint8Array;
      try {
        bytes = await readUserFile(filePath);
      } catch (err) {
        if (err instanceof UserFacingError) throw err; // e.g. too large: say so
        // Kept on the list: the file may be on a USB drive that is not plugged in.
        throw new UserFacingError(`文件已不存在或无法读取：${name}`, { cause: err });
      }
      lastDirectory = path.dirname(filePath);
      return openedAsCurrent(filePath, bytes);
    },
  );

  handleTrusted(ipcMain, IPC_CHANNELS.recentWorkspaces, noArgs(IPC_CHANNELS.recentWorkspaces), async (): Promise<RecentWorkspace[]> => {
    const entries = await recent.list();
    return entries.map((e) => ({ token: tokens.tokenFor(e.path, 'workspace'), name: path.basename(e.path), usedAt: e.usedAt }));
  });

  handleTrusted(ipcMain, IPC_CHANNELS.saveWorkspace, parseSaveWorkspaceArgs, async (event, bytes, options): Promise<SavedFile | null> => {
    const known = options.token === undefined ? null : workspaceToken(IPC_CHANNELS.saveWorkspace, options.token);
    const writable = options.token === undefined ? null : tokens.writablePathFor(options.token, 'workspace');
    let target: string | null;
    if (writable !== null && !options.saveAs) {
      target = writable;
    } else {
      // Without a write grant, 保存 asks too, proposing the same file: the user confirms it once.
      const confirmSame = known !== null && !options.saveAs;
      target = await askSavePath(event, {
        title: options.saveAs ? '工作区另存为' : '保存工作区',
        suggestedName: confirmSame ? path.basename(known) : options.suggestedName,
        filter: WORKSPACE_FILTER,
        directory: known ? path.dirname(known) : undefined,
      });
      if (target === null) return null;
    }
    await writeUserFile(target, bytes);
    const token = tokens.tokenFor(target, 'workspace');
    tokens.grantWrite(token);
    // Either way the path was chosen in a save dialog (a write grant comes from nowhere else).
    await recent.touch(target, { savedViaDialog: true }).catch(() => undefined);
    return { token, name: path.basename(target) };
  });

  handleTrusted(
    ipcMain,
    IPC_CHANNELS.writeAutosave,
    (args) => {
      expectArgs(IPC_CHANNELS.writeAutosave, args, 1);
      return [expectBytes(IPC_CHANNELS.writeAutosave, args[0])] as [Uint8Array];
    },
    async (_event, bytes): Promise<void> => {
      await mkdir(deps.autosaveDir, { recursive: true });
      await writeUserFile(autosavePaths(deps.autosaveDir).current, bytes, { backup: true });
    },
  );

  handleTrusted(ipcMain, IPC_CHANNELS.readAutosaves, noArgs(IPC_CHANNELS.readAutosaves), async (): Promise<Uint8Array[]> => {
    const { current, backup } = autosavePaths(deps.autosaveDir);
    const copies: { order: number; mtime: number; bytes: Uint8Array }[] = [];
    for (const [order, filePath] of [current, backup].entries()) {
      try {
        const info = await stat(filePath);
        const bytes = await readUserFile(filePath);
        if (bytes.byteLength > 0) copies.push({ order, mtime: info.mtimeMs, bytes });
      } catch {
        // Missing or unreadable copies are simply not offered.
      }
    }
    copies.sort((a, b) => b.mtime - a.mtime || a.order - b.order);
    return copies.map((c) => c.bytes);
  });

  handleTrusted(ipcMain, IPC_CHANNELS.saveFile, parseSaveFileArgs, async (event, request): Promise<SavedFile | null> => {
    const target = await askSavePath(event, { title: '保存文件', suggestedName: request.suggestedName, filter: request.filter });
    if (target === null) return null;
    await writeUserFile(target, request.bytes);
    return { token: tokens.tokenFor(target, 'export'), name: path.basename(target) };
  });

  handleTrusted(ipcMain, IPC_CHANNELS.printToPdf, parsePrintToPdfArgs, async (event, { suggestedName }): Promise<SavedFile | null> => {
    const sender = event.sender;
    if (!sender) throw new Error(`${IPC_CHANNELS.printToPdf}: no sender`);
    let pdf: Uint8Array;
    try {
      pdf = await sender.printToPDF(PDF_OPTIONS);
    } catch (err) {
      throw new UserFacingError('生成 PDF 失败，请稍后重试。', { cause: err });
    }
    const target = await askSavePath(event, { title: '导出简报 PDF', suggestedName, filter: PDF_FILTER });
    if (target === null) return null;
    await writeUserFile(target, pdf);
    return { token: tokens.tokenFor(target, 'export'), name: path.basename(target) };
  });

  handleTrusted(ipcMain, IPC_CHANNELS.closeReady, noArgs(IPC_CHANNELS.closeReady), (event): void => {
    deps.windowFor(event)?.closeReady();
  });

  handleTrusted(ipcMain, IPC_CHANNELS.setDocumentState, parseDocumentStateArgs, (event, state): void => {
    deps.windowFor(event)?.setDocumentState(state);
  });
}
