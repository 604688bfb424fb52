// Security tests for the Electron shell, driven entirely with fakes: the Electron
// binary is never launched and 'electron' is only ever the vi.mock below.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electronMock = vi.hoisted(() => ({
  loads: 0,
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ version: '9.9.9', platform: 'test' })),
}));

vi.mock('electron', () => {
  electronMock.loads += 1;
  return {
    contextBridge: { exposeInMainWorld: electronMock.exposeInMainWorld },
    ipcRenderer: { invoke: electronMock.invoke },
  };
});

import {
  APP_INDEX_URL,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  resolveAppPath,
  secureWebPreferences,
} from '../../electron/config';
import { registerIpcHandlers, validateSender } from '../../electron/ipc';
import {
  blockNonAppRequests,
  createMainWindow,
  hardenWebContents,
  installAppProtocol,
  main,
  registerScheme,
  type AppLike,
  type NavigationEvent,
  type ReadFile,
  type WebContentsLike,
} from '../../electron/main';
import { PathTokens } from '../../electron/tokens';
import { RecentList } from '../../electron/recent';
import { FakeWindow, fakeDialog, fakeIpcMain, fakeScreen } from '../support/electron-fakes';

// ---------- helpers ----------

function parseCsp(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

function fakeWebContents() {
  const listeners = new Map<string, (event: NavigationEvent, url?: string) => void>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  let permissionRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  let permissionCheck: ((...args: unknown[]) => boolean) | undefined;
  const contents: WebContentsLike = {
    on(event, listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler) {
      windowOpenHandler = handler;
    },
    session: {
      setPermissionRequestHandler(handler) {
        permissionRequest = handler;
      },
      setPermissionCheckHandler(handler) {
        permissionCheck = handler;
      },
    },
  };
  /** Emits a navigation-like event the way Electron 45 does (details.url + legacy url arg). */
  const emit = (event: string, url: string) => {
    const listener = listeners.get(event);
    if (!listener) throw new Error(`no listener for ${event}`);
    const details = { url, preventDefault: vi.fn() };
    listener(details, url);
    return details.preventDefault;
  };
  return {
    contents,
    emit,
    listeners,
    windowOpen: (url: string) => windowOpenHandler?.({ url }),
    requestPermission: (permission: string) => {
      const cb = vi.fn();
      permissionRequest?.({}, permission, cb);
      return cb;
    },
    checkPermission: (permission: string) => permissionCheck?.({}, permission, 'app://xingtu', {}),
  };
}

function fakeSession() {
  let listener: ((details: { url: string }, cb: (r: { cancel?: boolean }) => void) => void) | undefined;
  const session = {
    webRequest: {
      onBeforeRequest: vi.fn((l: typeof listener) => {
        listener = l;
      }),
    },
  };
  const decide = (url: string): boolean | undefined => {
    let cancel: boolean | undefined;
    listener!({ url }, (r) => {
      cancel = r.cancel;
    });
    return cancel;
  };
  return { session, decide };
}

// ---------- tests ----------

describe('module boundaries', () => {
  it('importing main.ts/config.ts/ipc.ts does not load electron', () => {
    expect(electronMock.loads).toBe(0);
  });
});

describe('webPreferences', () => {
  it('enables every isolation flag and passes the preload through', () => {
    const prefs = secureWebPreferences('/opt/xingtu/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/opt/xingtu/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    });
  });

  it('createMainWindow uses them, loads the app URL and shows on ready-to-show', () => {
    FakeWindow.instances = [];
    const win = createMainWindow(FakeWindow, '/p/preload.cjs') as FakeWindow;
    expect(win.options).toMatchObject({
      width: 1366,
      height: 768,
      minWidth: 1024,
      minHeight: 640,
      title: '星图',
      backgroundColor: '#f5f6f8',
      show: false,
    });
    expect(win.options.webPreferences).toEqual(secureWebPreferences('/p/preload.cjs'));
    expect(win.loadURL).toHaveBeenCalledWith('app://xingtu/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.onceListeners.get('ready-to-show')!();
    expect(win.show).toHaveBeenCalledTimes(1);
    expect(win.maximize).not.toHaveBeenCalled();
  });

  it('createMainWindow applies a remembered position and maximized state', () => {
    FakeWindow.instances = [];
    const win = createMainWindow(FakeWindow, '/p/preload.cjs', { x: 40, y: 30, width: 1200, height: 700, maximized: true }) as FakeWindow;
    expect(win.options).toMatchObject({ x: 40, y: 30, width: 1200, height: 700, minWidth: 1024, minHeight: 640 });
    expect(win.options.webPreferences).toEqual(secureWebPreferences('/p/preload.cjs'));
    win.onceListeners.get('ready-to-show')!();
    expect(win.maximize).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalled();
  });
});

describe('isAppUrl / resolveAppPath', () => {
  it('accepts only app://xingtu', () => {
    expect(isAppUrl('app://xingtu/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://xingtu/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('maps app paths into the renderer dir and rejects escapes', () => {
    const root = path.resolve('/srv/dist');
    expect(resolveAppPath(root, 'app://xingtu/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://xingtu/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://xingtu/assets/a%20b.js?v=1#x')).toBe(path.join(root, 'assets', 'a b.js'));
    for (const bad of [
      'app://xingtu/../../etc/passwd',
      'app://xingtu/%2e%2e/%2e%2e/etc/passwd',
      'app://xingtu/%2E%2E/secret',
      'app://xingtu/..%5c..%5cwindows',
      'app://xingtu/assets\\..\\..\\x',
      'app://xingtu/assets/../index.html', // dot segments are refused even when they stay inside
      'app://xingtu/./index.html',
      'app://xingtu//etc/passwd',
      'app://xingtu/%2fetc%2fpasswd',
      'app://xingtu/C:/Windows/win.ini',
      'app://xingtu/a%00.html',
      'app://xingtu/%E0%A4%A',
      'app://other/index.html',
      'https://xingtu/index.html',
    ]) {
      expect(resolveAppPath(root, bad), bad).toBeNull();
    }
  });
});

describe('app:// protocol handler', () => {
  let tmp: string;
  let dist: string;
  let handler: (request: { url: string }) => Promise<Response>;
  const readSpy = vi.fn<ReadFile>((p) => readFile(p));

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'xingtu-electron-'));
    dist = path.join(tmp, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>星图</title>');
    await writeFile(path.join(dist, 'assets', 'duckdb-eh.wasm'), Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    await writeFile(path.join(dist, 'assets', 'index.js'), 'console.log(1)');
    await writeFile(path.join(tmp, 'secret.txt'), 'TOP SECRET');

    const protocol = { handle: vi.fn() };
    handler = installAppProtocol(protocol, dist, readSpy);
    expect(protocol.handle).toHaveBeenCalledWith('app', handler);
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('serves index.html as text/html with the CSP header', async () => {
    const res = await handler(new Request(APP_INDEX_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toContain('星图');
  });

  it('serves .wasm as application/wasm and .js as javascript', async () => {
    const wasm = await handler(new Request('app://xingtu/assets/duckdb-eh.wasm'));
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
    const js = await handler(new Request('app://xingtu/assets/index.js'));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('returns 404 for a missing file and for a directory', async () => {
    for (const url of ['app://xingtu/nope.js', 'app://xingtu/assets']) {
      const res = await handler({ url });
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('returns 403 for traversal attempts without touching the disk', async () => {
    // Raw strings: Chromium normally normalises '..' before we see it; the handler
    // must not rely on that.
    for (const url of [
      'app://xingtu/../../etc/passwd',
      'app://xingtu/%2e%2e/%2e%2e/etc/passwd',
      'app://xingtu/..%5c..%5cwindows',
      'app://xingtu/../secret.txt',
      'app://xingtu/%2e%2e/secret.txt',
      'app://other-host/index.html',
    ]) {
      readSpy.mockClear();
      const res = await handler({ url });
      expect(res.status, url).toBe(403);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).not.toContain('SECRET');
      expect(readSpy, url).not.toHaveBeenCalled();
    }
  });

  it('a normalised request URL still stays inside the renderer dir', async () => {
    // new Request() collapses '%2e%2e' -> app://xingtu/secret.txt, which does not exist in dist/.
    const res = await handler(new Request('app://xingtu/%2e%2e/secret.txt'));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SECRET');
  });
});

describe('Content-Security-Policy', () => {
  const csp = parseCsp(CONTENT_SECURITY_POLICY);

  it('has the expected lock-down directives', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it("allows wasm compilation but never 'unsafe-eval' or inline scripts", () => {
    const scriptSrc = csp.get('script-src')!;
    expect(scriptSrc).toContain("'wasm-unsafe-eval'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
  });

  it('names no remote host, scheme wildcard or http(s) source anywhere', () => {
    const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", "'unsafe-inline'", 'blob:', 'data:']);
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(allowed.has(source), `${name} ${source}`).toBe(true);
      }
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*/);
  });
});

describe('scheme registration', () => {
  it('registers app: as standard, secure, fetch- and stream-capable', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
  });
});

describe('blockNonAppRequests', () => {
  const { session, decide } = fakeSession();
  blockNonAppRequests(session);

  it.each([
    'http://example.com/x.js',
    'https://example.com/',
    'ws://localhost:5173/',
    'wss://evil.example/socket',
    'file:///etc/passwd',
    'ftp://example.com/',
    'devtools://devtools/bundled/inspector.html',
    'app://evil/index.html',
    'blob:https://evil.example/1234',
  ])('cancels %s', (url) => {
    expect(decide(url)).toBe(true);
  });

  it.each(['app://xingtu/index.html', 'app://xingtu/assets/duckdb-eh.wasm', 'blob:app://xingtu/1b2c', 'data:image/png;base64,AAAA'])(
    'allows %s',
    (url) => {
      expect(decide(url)).toBe(false);
    },
  );
});

describe('hardenWebContents', () => {
  it('prevents navigation away from app:// and allows app:// navigation', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    expect(wc.emit('will-navigate', 'https://example.com')).toHaveBeenCalled();
    expect(wc.emit('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(wc.emit('will-navigate', 'app://evil/index.html')).toHaveBeenCalled();
    expect(wc.emit('will-navigate', 'app://xingtu/index.html')).not.toHaveBeenCalled();
    expect(wc.emit('will-redirect', 'https://example.com')).toHaveBeenCalled();
    expect(wc.emit('will-redirect', 'app://xingtu/index.html#/report')).not.toHaveBeenCalled();
  });

  it('blocks the navigation a dropped file would cause (file:// URLs)', () => {
    // Dropping a file on a Chromium page navigates to its file:// URL unless prevented.
    // navigateOnDragDrop: false stops that in Electron; the navigation guard is the second wall.
    expect(secureWebPreferences('/p').navigateOnDragDrop).toBe(false);
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    for (const url of ['file:///home/user/%E5%8F%B0%E8%B4%A6.xlsx', 'file:///C:/Users/u/Desktop/a.xingtu', 'file://server/share/a.csv']) {
      expect(wc.emit('will-navigate', url), url).toHaveBeenCalled();
      expect(wc.emit('will-frame-navigate', url), url).toHaveBeenCalled();
    }
    expect(wc.emit('will-frame-navigate', 'app://xingtu/index.html')).not.toHaveBeenCalled();
  });

  it('denies window.open and <webview>', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    expect(wc.windowOpen('https://example.com')).toEqual({ action: 'deny' });
    expect(wc.windowOpen('app://xingtu/index.html')).toEqual({ action: 'deny' });
    expect(wc.emit('will-attach-webview', 'app://xingtu/index.html')).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const wc = fakeWebContents();
    hardenWebContents(wc.contents);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const cb = wc.requestPermission(permission);
      expect(cb).toHaveBeenCalledWith(false);
      expect(wc.checkPermission(permission)).toBe(false);
    }
  });
});

describe('IPC app:get-info', () => {
  it('validateSender accepts only app://xingtu frames', () => {
    expect(validateSender({ senderFrame: { url: 'app://xingtu/index.html' } })).toBe(true);
    expect(validateSender({ senderFrame: { url: 'https://evil.example/' } })).toBe(false);
    expect(validateSender({ senderFrame: { url: 'app://evil/' } })).toBe(false);
    expect(validateSender({ senderFrame: null })).toBe(false);
  });

  const deps = () => ({
    info: { version: '0.1.0', platform: 'linux' },
    dialog: fakeDialog().dialog,
    tokens: new PathTokens(),
    recent: new RecentList(path.join(os.tmpdir(), 'xingtu-never-written', 'recent.json')),
    autosaveDir: path.join(os.tmpdir(), 'xingtu-never-written', 'autosave'),
    defaultDirectory: () => os.tmpdir(),
    windowFor: () => null,
  });

  it('answers an app:// sender with { version, platform }', async () => {
    const ipc = fakeIpcMain();
    registerIpcHandlers(ipc.ipcMain, deps());
    expect([...ipc.handlers.keys()].sort()).toEqual(
      [
        'app:get-info',
        'autosave:read',
        'autosave:write',
        'file:print-pdf',
        'file:save',
        'window:close-ready',
        'window:document-state',
        'workspace:open',
        'workspace:open-recent',
        'workspace:recent',
        'workspace:save',
      ].sort(),
    );
    await expect(ipc.call('app:get-info', 'app://xingtu/index.html')).resolves.toEqual({ version: '0.1.0', platform: 'linux' });
  });

  it('rejects foreign or detached senders and unexpected arguments', async () => {
    const ipc = fakeIpcMain();
    registerIpcHandlers(ipc.ipcMain, deps());
    await expect(ipc.call('app:get-info', 'https://evil.example/')).rejects.toThrow(/untrusted sender/);
    await expect(ipc.call('app:get-info', null)).rejects.toThrow(/untrusted sender/);
    await expect(ipc.call('app:get-info', 'app://xingtu/index.html', { x: 1 })).rejects.toThrow(/no arguments/);
  });
});

describe('main()', () => {
  let userData: string;
  beforeAll(async () => {
    userData = await mkdtemp(path.join(os.tmpdir(), 'xingtu-main-'));
  });
  afterAll(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  function fakeApp(lock = true) {
    let ready!: () => void;
    const readyPromise = new Promise<void>((resolve) => (ready = resolve));
    const listeners = new Map<string, (...args: any[]) => void>();
    const app = {
      requestSingleInstanceLock: vi.fn(() => lock),
      quit: vi.fn(),
      whenReady: vi.fn(() => readyPromise),
      getVersion: vi.fn(() => '0.1.0'),
      getPath: vi.fn((name: 'userData' | 'documents' | 'home') => (name === 'userData' ? userData : path.join(userData, 'docs'))),
      enableSandbox: vi.fn(),
      on: vi.fn((event: string, listener: (...args: any[]) => void) => {
        listeners.set(event, listener);
      }),
    } satisfies AppLike;
    return { app, ready, listeners };
  }

  function fakeElectron(lock = true) {
    const { app, ready, listeners } = fakeApp(lock);
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    const { session, decide } = fakeSession();
    const ipc = fakeIpcMain();
    const dialogs = fakeDialog();
    const menu = { setApplicationMenu: vi.fn() };
    FakeWindow.instances = [];
    return {
      apis: {
        app,
        BrowserWindow: FakeWindow,
        protocol,
        session: { defaultSession: session },
        ipcMain: ipc.ipcMain,
        dialog: dialogs.dialog,
        menu,
        screen: fakeScreen(),
      },
      dialogs,
      ready,
      listeners,
      decide,
      ipc,
    };
  }

  it('quits at once when another instance holds the lock', async () => {
    const e = fakeElectron(false);
    await main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    expect(e.apis.app.quit).toHaveBeenCalled();
    expect(e.apis.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(FakeWindow.instances).toHaveLength(0);
  });

  it('registers the scheme before ready and wires protocol, request filter, IPC and window after', async () => {
    const e = fakeElectron();
    const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    await Promise.resolve();
    expect(e.apis.app.enableSandbox).toHaveBeenCalled();
    expect(e.apis.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(e.apis.protocol.handle).not.toHaveBeenCalled();
    expect(FakeWindow.instances).toHaveLength(0);

    e.ready();
    await running;
    expect(e.apis.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(e.decide('https://example.com/')).toBe(true);
    expect(e.decide('app://xingtu/index.html')).toBe(false);
    await expect(e.ipc.call('app:get-info', 'app://xingtu/index.html')).resolves.toEqual({ version: '0.1.0', platform: 'linux' });
    expect(FakeWindow.instances).toHaveLength(1);
    expect(FakeWindow.instances[0]!.options.webPreferences!.preload).toBe('/p.cjs');
    expect(FakeWindow.instances[0]!.loadURL).toHaveBeenCalledWith('app://xingtu/index.html');
  });

  it('hardens every created webContents', async () => {
    const e = fakeElectron();
    const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    e.ready();
    await running;
    const wc = fakeWebContents();
    e.listeners.get('web-contents-created')!({}, wc.contents);
    expect(wc.emit('will-navigate', 'https://example.com')).toHaveBeenCalled();
    expect(wc.windowOpen('https://example.com')).toEqual({ action: 'deny' });
  });

  it('quits when all windows close, except on macOS', async () => {
    for (const [platform, quits] of [['linux', true], ['win32', true], ['darwin', false]] as const) {
      const e = fakeElectron();
      const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform });
      e.ready();
      await running;
      e.listeners.get('window-all-closed')!();
      expect(e.apis.app.quit.mock.calls.length > 0, platform).toBe(quits);
    }
  });

  it('focuses the existing window on second-instance', async () => {
    const e = fakeElectron();
    const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    e.ready();
    await running;
    const win = FakeWindow.instances[0]!;
    win.minimized = true;
    e.listeners.get('second-instance')!();
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });

  it('installs the menu and routes its commands to the focused (or main) window', async () => {
    const e = fakeElectron();
    const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    e.ready();
    await running;
    expect(e.apis.menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = e.apis.menu.setApplicationMenu.mock.calls[0]![0] as any[];
    const save = template[0].submenu.find((item: any) => item.label === '保存工作区');
    const win = FakeWindow.instances[0]!;
    save.click({}, undefined, {});
    save.click({}, win, {});
    expect(win.sent).toEqual([
      { channel: 'menu:command', args: ['workspace-save'] },
      { channel: 'menu:command', args: ['workspace-save'] },
    ]);
  });

  it('restores the remembered window state and saves it again when the window closes', async () => {
    await writeFile(path.join(userData, 'window-state.json'), JSON.stringify({ x: 100, y: 50, width: 1280, height: 720, maximized: true }));
    const e = fakeElectron();
    const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    e.ready();
    await running;
    const win = FakeWindow.instances[0]!;
    expect(win.options).toMatchObject({ x: 100, y: 50, width: 1280, height: 720 });
    win.onceListeners.get('ready-to-show')!();
    expect(win.maximize).toHaveBeenCalled();

    // Close: before-close goes to the renderer, which answers closeReady over IPC.
    win.bounds = { x: 200, y: 100, width: 1100, height: 700 };
    expect(win.tryClose()).toBe(true);
    expect(win.sent).toContainEqual({ channel: 'window:before-close', args: [] });
    await e.ipc.invoke('window:close-ready', win.event());
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
    const saved = JSON.parse(await readFile(path.join(userData, 'window-state.json'), 'utf8'));
    expect(saved).toMatchObject({ x: 200, y: 100, width: 1100, height: 700, maximized: false });
  });

  it('sets the window title from the renderer document state', async () => {
    const e = fakeElectron();
    const running = main(e.apis, { rendererDir: '/d', preloadPath: '/p.cjs', platform: 'linux' });
    e.ready();
    await running;
    const win = FakeWindow.instances[0]!;
    await e.ipc.invoke('window:document-state', win.event(), { title: '城关镇.xingtu', dirty: true });
    expect(win.setTitle).toHaveBeenLastCalledWith('● 星图 — 城关镇.xingtu');
    // A foreign frame of the same window cannot change it.
    await expect(e.ipc.invoke('window:document-state', win.event('https://evil.example/'), { title: 'x', dirty: false })).rejects.toThrow(
      /untrusted sender/,
    );
    expect(win.setTitle).toHaveBeenCalledTimes(1);
  });
});

describe('preload', () => {
  it('exposes exactly the XingtuApi members as window.xingtu', async () => {
    await import('../../electron/preload');
    expect(electronMock.loads).toBe(1);
    expect(electronMock.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = electronMock.exposeInMainWorld.mock.calls[0]!;
    expect(key).toBe('xingtu');
    expect(Object.keys(api).sort()).toEqual(
      [
        'closeReady',
        'getInfo',
        'isElectron',
        'onBeforeClose',
        'onMenuCommand',
        'openRecent',
        'openWorkspace',
        'printToPdf',
        'readAutosaves',
        'recentWorkspaces',
        'saveFile',
        'saveWorkspace',
        'setDocumentState',
        'writeAutosave',
      ].sort(),
    );
    expect(api.isElectron).toBe(true);
  });

  it('getInfo invokes app:get-info with no extra arguments', async () => {
    const [, api] = electronMock.exposeInMainWorld.mock.calls[0]!;
    await expect(api.getInfo()).resolves.toEqual({ version: '9.9.9', platform: 'test' });
    expect(electronMock.invoke).toHaveBeenCalledWith('app:get-info');
    expect(electronMock.invoke.mock.calls[0]).toHaveLength(1);
  });
});
