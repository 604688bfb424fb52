/**
 * Types of the API the Electron preload exposes as window.xingtu: the one contract between
 * the desktop shell (electron/preload.ts implements it, electron/ipc.ts serves it) and the
 * renderer (renderer/src/platform, renderer/src/workspace call it). Type-only, so both sides
 * import it without pulling in the other's code; the sandboxed preload bundle stays
 * CommonJS with 'electron' as its only require.
 *
 * Paths never cross this bridge from the renderer. The main process shows the
 * native dialog, remembers what the user picked, and hands the renderer an opaque
 * token or a display name only; every handler validates its arguments.
 */

export interface AppInfo {
  version: string;
  /** Node's process.platform of the host, e.g. 'win32' or 'linux'. */
  platform: string;
}

/** A file the user picked in a native dialog (or from the recent list). */
export interface OpenedFile {
  /**
   * Opaque handle the main process maps to the chosen path; pass it to saveWorkspace to save
   * back to that file. It writes in place only if the user once chose that path in a save
   * dialog; otherwise the save dialog opens at that file for the user to confirm.
   */
  token: string;
  /** File name only (no directories), for titles and messages. */
  name: string;
  bytes: Uint8Array;
}

export interface RecentWorkspace {
  token: string;
  name: string;
  /** ISO time of the last save or open. */
  usedAt: string;
}

export interface SaveFileRequest {
  /** File name proposed in the save dialog, e.g. '简报-2024Q3.pdf'. No directories. */
  suggestedName: string;
  /** Dialog filter, e.g. { name: 'Excel 工作簿', extensions: ['xlsx'] }. */
  filter: { name: string; extensions: string[] };
  bytes: Uint8Array;
}

/** Result of a save: null when the user cancelled the dialog. */
export interface SavedFile {
  token: string;
  name: string;
}

/** Commands the native menu sends to the renderer. */
export type MenuCommand =
  | 'import'
  | 'workspace-new'
  | 'workspace-open'
  | 'workspace-save'
  | 'workspace-save-as'
  | 'workspace-merge'
  | 'briefing-export-pdf'
  | 'undo'
  | 'find'
  | `screen-${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8}`
  | 'about';

export interface XingtuApi {
  getInfo(): Promise<AppInfo>;
  /** Present only inside the desktop shell; the browser build has no window.xingtu. */
  readonly isElectron: true;

  // ---- workspaces (format: shared/workspace) ----
  /** Native open dialog for a .xingtu workspace; null if cancelled. multi=true for merging. */
  openWorkspace(options?: { multi?: boolean }): Promise<OpenedFile[] | null>;
  /** Reopens a workspace from the recent list. Rejects with a Chinese message if it is gone. */
  openRecent(token: string): Promise<OpenedFile>;
  recentWorkspaces(): Promise<RecentWorkspace[]>;
  /**
   * Saves a workspace atomically (temp file + fsync + rename). With a token whose file the user
   * chose in a save dialog, writes back to that file; with any other known token, the save
   * dialog opens at that file; without a token (or saveAs), asks for a path. null if the
   * dialog was cancelled. An unknown token (e.g. from before a restart) rejects with
   * "unknown token".
   */
  saveWorkspace(bytes: Uint8Array, options: { token?: string; saveAs?: boolean; suggestedName: string }): Promise<SavedFile | null>;
  /** Writes the autosave copy in the app's data folder (atomic; the previous one is kept as .bak). */
  writeAutosave(bytes: Uint8Array): Promise<void>;
  /** The newest readable autosave copies, newest first (current, then .bak). */
  readAutosaves(): Promise<Uint8Array[]>;

  // ---- exports ----
  /**
   * Native save dialog + atomic write. null if cancelled. `filter` must be one of the export
   * kinds the shell knows (electron/files.ts EXPORT_FILTERS: CSV, Excel, Word, PNG, SVG, PDF), label
   * and extensions exactly; the saved file always ends in that kind's extension.
   */
  saveFile(request: SaveFileRequest): Promise<SavedFile | null>;
  /** Prints the current page (print CSS applies) to an A4 PDF, then asks where to save it. */
  printToPdf(options: { suggestedName: string }): Promise<SavedFile | null>;

  // ---- shell ----
  /** Subscribes to native menu commands; returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /**
   * Called by the main process when the window is about to close: the renderer autosaves,
   * then calls closeReady(). The window closes anyway after a few seconds.
   */
  onBeforeClose(listener: () => void): () => void;
  closeReady(): void;
  /** Shows whether there are unsaved changes (window title marker and close prompt). */
  setDocumentState(state: { title: string; dirty: boolean }): void;
}

declare global {
  interface Window {
    xingtu?: XingtuApi;
  }
}
