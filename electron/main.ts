// Main process. Every Electron API is passed in as a parameter, so importing this
// module never touches Electron and tests can drive it with fakes. The real entry
// point is index.ts.
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import type { AppInfo, MenuCommand } from './api';
import { EVENT_CHANNELS } from './channels';
import {
  APP_INDEX_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  mimeTypeFor,
  resolveAppPath,
} from './config';
import { cleanStaleTemps } from './atomic-write';
import { autosavePaths, registerIpcHandlers, type DialogApi, type InvokeEventLike, type IpcMainLike } from './ipc';
import { buildMenuTemplate } from './menu';
import { RecentList, recentFile } from './recent';
import { PathTokens } from './tokens';
import { WindowController, type MessageBoxApi, type ShellWindow } from './window';
import {
  DEFAULT_WINDOW_STATE,
  MIN_WINDOW_SIZE,
  readWindowState,
  windowStateFile,
  writeWindowState,
  type ScreenLike,
  type WindowState,
} from './window-state';

// ---- minimal shapes of the Electron APIs used here (real objects satisfy them) ----

export interface SchemeRegistrar {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: typeof APP_SCHEME_PRIVILEGES }[]): void;
}

export interface ProtocolHandlerApi {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export type ReadFile = (filePath: string) => Promise<Uint8Array<ArrayBuffer>>;

export interface WebRequestSession {
  webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
}

export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
}

export interface NavigationEvent {
  preventDefault(): void;
  url?: string;
}

export interface WebContentsLike {
  on(event: string, listener: (event: NavigationEvent, url?: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: PermissionSession;
}

export type WindowLike = ShellWindow;

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => WindowLike;

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<unknown>;
  getVersion(): string;
  getPath(name: 'userData' | 'documents' | 'home'): string;
  enableSandbox(): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface ElectronApis {
  app: AppLike;
  BrowserWindow: WindowConstructor;
  protocol: SchemeRegistrar & ProtocolHandlerApi;
  session: { defaultSession: WebRequestSession };
  ipcMain: IpcMainLike;
  /** Native dialogs, parent window first (index.ts adapts Electron's overloads). */
  dialog: DialogApi & MessageBoxApi;
  /** Installs the application menu built from a template. */
  menu: { setApplicationMenu(template: MenuItemConstructorOptions[]): void };
  /** Only usable after 'ready'. */
  screen: ScreenLike;
}

// ---- pieces ----

/** Must run before app 'ready'. */
export function registerScheme(protocolApi: SchemeRegistrar): void {
  protocolApi.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/** Serves the built renderer (Vite's dist/) under app://xingtu/. Returns the handler for tests. */
export function installAppProtocol(
  protocol: ProtocolHandlerApi,
  rendererDir: string,
  readFile: ReadFile = fsReadFile,
): (request: { url: string }) => Promise<Response> {
  const handler = async (request: { url: string }): Promise<Response> => {
    const filePath = resolveAppPath(rendererDir, request.url);
    if (filePath === null) return textResponse(403, 'Forbidden');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readFile(filePath);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return textResponse(404, 'Not Found');
      return textResponse(500, 'Internal Error');
    }
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(filePath),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
  protocol.handle(APP_SCHEME, handler);
  return handler;
}

/**
 * Only app:, and blob:/data: URLs are allowed to load. The app is offline by design,
 * so any http(s)/ws/file request is either a bug or an injected resource; cancelling
 * it here also covers requests CSP does not see (e.g. from devtools extensions or
 * a compromised preload). blob: must be minted by our own origin; data: carries no
 * network access. devtools:// is intentionally not allowed: a release build has no
 * reason to open DevTools.
 */
export function isAllowedRequestUrl(url: string): boolean {
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length));
  if (url.startsWith('data:')) return true;
  return isAppUrl(url);
}

export function blockNonAppRequests(session: WebRequestSession): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
}

/**
 * Locks down any webContents (windows, devtools, future frames): no navigation away
 * from app://, no popups, no <webview>, no permissions (camera, notifications...).
 * There is no shell.openExternal fallback: an offline workbench has no links to open.
 */
export function hardenWebContents(contents: WebContentsLike): void {
  const guardNavigation = (event: NavigationEvent, url?: string): void => {
    const target = event.url ?? url ?? '';
    if (!isAppUrl(target)) event.preventDefault();
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-frame-navigate', guardNavigation); // also covers sub-frames
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

export const MAIN_WINDOW_OPTIONS = {
  width: DEFAULT_WINDOW_STATE.width,
  height: DEFAULT_WINDOW_STATE.height,
  minWidth: MIN_WINDOW_SIZE.width,
  minHeight: MIN_WINDOW_SIZE.height,
  title: '星图',
  backgroundColor: '#f5f6f8',
  show: false, // shown on ready-to-show to avoid a white flash
} as const;

/**
 * Creates the main window at the remembered (already screen-fitted) bounds.
 * webPreferences is spelled out literally, not spread from secureWebPreferences(),
 * so static checkers (electronegativity) can see every flag; the unit test asserts
 * it equals secureWebPreferences(), so the two cannot drift apart.
 */
export function createMainWindow(BrowserWindow: WindowConstructor, preloadPath: string, state: WindowState = DEFAULT_WINDOW_STATE): WindowLike {
  const position = state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {};
  const win = new BrowserWindow({
    ...MAIN_WINDOW_OPTIONS,
    width: state.width,
    height: state.height,
    ...position,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** Sends a menu command to a window's renderer (no-op if it is gone). */
export function sendMenuCommand(win: WindowLike | null, command: MenuCommand): void {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(EVENT_CHANNELS.menuCommand, command);
}

export interface MainOptions {
  /** Vite's build output, i.e. path.join(__dirname, '../dist') when packaged. */
  rendererDir: string;
  preloadPath: string;
  platform?: NodeJS.Platform;
  readFile?: ReadFile;
}

/** Wires everything up. Resolves once the first window exists (or at once if another instance runs). */
export async function main(electron: ElectronApis, options: MainOptions): Promise<void> {
  const { app, BrowserWindow, protocol, session, ipcMain } = electron;
  const platform = options.platform ?? process.platform;

  // The single-instance lock also makes the atomic writer's temp-file cleanup safe:
  // no other 星图 process can be writing next to our files.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Both must happen before 'ready'.
  app.enableSandbox();
  registerScheme(protocol);

  const controllers = new Map<number, WindowController>();
  let mainController: WindowController | null = null;

  app.on('web-contents-created', (_event: unknown, contents: WebContentsLike) => hardenWebContents(contents));
  app.on('second-instance', () => {
    const win = mainController?.window;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    mainController = null;
    if (platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  installAppProtocol(protocol, options.rendererDir, options.readFile);
  blockNonAppRequests(session.defaultSession);

  const userData = app.getPath('userData');
  const stateFile = windowStateFile(userData);
  const autosaveDir = path.join(userData, 'autosave');
  // A writer killed mid-save leaves a temp file; it is never read, remove it now.
  void cleanStaleTemps(autosavePaths(autosaveDir).current).catch(() => undefined);
  void cleanStaleTemps(autosavePaths(autosaveDir).backup).catch(() => undefined);

  const info: AppInfo = { version: app.getVersion(), platform };
  registerIpcHandlers(ipcMain, {
    info,
    dialog: electron.dialog,
    tokens: new PathTokens(),
    recent: new RecentList(recentFile(userData)),
    autosaveDir,
    defaultDirectory: () => {
      try {
        return app.getPath('documents');
      } catch {
        return app.getPath('home'); // some Linux desktops have no XDG documents folder
      }
    },
    windowFor: (event: InvokeEventLike) => (event.sender ? controllers.get(event.sender.id) ?? null : null),
  });

  electron.menu.setApplicationMenu(
    buildMenuTemplate({
      platform,
      send: (command, focused) => {
        const target = [...controllers.values()].find((c) => c.window === focused) ?? mainController;
        sendMenuCommand(target?.window ?? null, command);
      },
    }),
  );

  const openWindow = async (): Promise<void> => {
    const state = await readWindowState(stateFile, electron.screen);
    const win = createMainWindow(BrowserWindow, options.preloadPath, state);
    const controller = new WindowController(win, {
      dialog: electron.dialog,
      saveState: (s) => writeWindowState(stateFile, s),
    });
    const id = win.webContents.id;
    controllers.set(id, controller);
    mainController = controller;
    win.on('closed', () => {
      controllers.delete(id);
      if (mainController === controller) mainController = null;
    });
  };

  await openWindow();

  app.on('activate', () => {
    if (!mainController) void openWindow(); // macOS dock click
  });
}
