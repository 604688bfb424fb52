// Main process. Every Electron API is passed in as a parameter, so importing this
// module never touches Electron and tests can drive it with fakes. The real entry
// point is index.ts.
import { readFile as fsReadFile } from 'node:fs/promises';
import type { BrowserWindowConstructorOptions } from 'electron';
import type { AppInfo } from './api';
import {
  APP_INDEX_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  mimeTypeFor,
  resolveAppPath,
  secureWebPreferences,
} from './config';
import { registerIpcHandlers, type IpcMainLike } from './ipc';

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

export interface WindowLike {
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
}

export type WindowConstructor = new (options: BrowserWindowConstructorOptions) => WindowLike;

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  whenReady(): Promise<unknown>;
  getVersion(): string;
  enableSandbox(): void;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

export interface ElectronApis {
  app: AppLike;
  BrowserWindow: WindowConstructor;
  protocol: SchemeRegistrar & ProtocolHandlerApi;
  session: { defaultSession: WebRequestSession };
  ipcMain: IpcMainLike;
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
  contents.on('will-redirect', guardNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

export const MAIN_WINDOW_OPTIONS = {
  width: 1366,
  height: 768,
  minWidth: 1024,
  minHeight: 640,
  title: '星图',
  backgroundColor: '#f5f6f8',
  show: false, // shown on ready-to-show to avoid a white flash
} as const;

export function createMainWindow(BrowserWindow: WindowConstructor, preloadPath: string): WindowLike {
  const win = new BrowserWindow({ ...MAIN_WINDOW_OPTIONS, webPreferences: secureWebPreferences(preloadPath) });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
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

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Both must happen before 'ready'.
  app.enableSandbox();
  registerScheme(protocol);

  let mainWindow: WindowLike | null = null;
  const openWindow = (): void => {
    mainWindow = createMainWindow(BrowserWindow, options.preloadPath);
  };

  app.on('web-contents-created', (_event: unknown, contents: WebContentsLike) => hardenWebContents(contents));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    mainWindow = null;
    if (platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  installAppProtocol(protocol, options.rendererDir, options.readFile);
  blockNonAppRequests(session.defaultSession);
  const info: AppInfo = { version: app.getVersion(), platform };
  registerIpcHandlers(ipcMain, info);
  openWindow();

  app.on('activate', () => {
    if (!mainWindow) openWindow(); // macOS dock click
  });
}
