// IPC channel names and the menu command list. Kept dependency-free because the
// sandboxed preload imports it (sandboxed preloads cannot require Node built-ins
// such as node:path).
import type { MenuCommand } from './api';

/** Renderer -> main, request/response (ipcRenderer.invoke / ipcMain.handle). */
export const IPC_CHANNELS = {
  getInfo: 'app:get-info',
  openWorkspace: 'workspace:open',
  openRecent: 'workspace:open-recent',
  recentWorkspaces: 'workspace:recent',
  saveWorkspace: 'workspace:save',
  writeAutosave: 'autosave:write',
  readAutosaves: 'autosave:read',
  saveFile: 'file:save',
  printToPdf: 'file:print-pdf',
  closeReady: 'window:close-ready',
  setDocumentState: 'window:document-state',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** Main -> renderer events (webContents.send / ipcRenderer.on). */
export const EVENT_CHANNELS = {
  menuCommand: 'menu:command',
  beforeClose: 'window:before-close',
} as const;

export type EventChannel = (typeof EVENT_CHANNELS)[keyof typeof EVENT_CHANNELS];

/** Every MenuCommand, so both sides can check what crosses the bridge. */
export const MENU_COMMANDS = [
  'import',
  'workspace-new',
  'workspace-open',
  'workspace-save',
  'workspace-save-as',
  'workspace-merge',
  'briefing-export-pdf',
  'undo',
  'find',
  'screen-1',
  'screen-2',
  'screen-3',
  'screen-4',
  'screen-5',
  'screen-6',
  'screen-7',
  'screen-8',
  'about',
] as const satisfies readonly MenuCommand[];

// Compile-time check that MENU_COMMANDS lists every MenuCommand (and nothing else).
type Missing = Exclude<MenuCommand, (typeof MENU_COMMANDS)[number]>;
const _everyCommandListed: [Missing] extends [never] ? true : Missing = true;
void _everyCommandListed;

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
