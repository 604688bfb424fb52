// The desktop shell around the renderer: native menu, window state, close flow,
// title, and the preload bridge. Electron itself is never loaded ('electron' is mocked).
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

const electronMock = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    listeners,
    exposeInMainWorld: vi.fn(),
    invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      listeners.get(channel)?.delete(listener);
    }),
    /** Simulates webContents.send from the main process. */
    emit(channel: string, ...args: unknown[]) {
      const event = { sender: { thisIs: 'ipcRenderer' }, senderId: 0 };
      for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
    },
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electronMock.exposeInMainWorld },
  ipcRenderer: { invoke: electronMock.invoke, on: electronMock.on, removeListener: electronMock.removeListener },
}));

import type { MenuCommand, XingtuApi } from '../../electron/api';
import { EVENT_CHANNELS, IPC_CHANNELS, MENU_COMMANDS } from '../../electron/channels';
import { buildMenuTemplate, SCREENS } from '../../electron/menu';
import { CLOSE_TIMEOUT_MS, WindowController, formatTitle } from '../../electron/window';
import {
  DEFAULT_WINDOW_STATE,
  fitToScreen,
  parseWindowState,
  readWindowState,
  writeWindowState,
} from '../../electron/window-state';
import { FakeWindow, fakeDialog, fakeScreen } from '../support/electron-fakes';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------- menu ----------

describe('native menu template', () => {
  const sent: [MenuCommand, unknown][] = [];
  const template = buildMenuTemplate({ send: (command, focused) => sent.push([command, focused]), platform: 'win32' });
  const sub = (label: string) => (template.find((m) => m.label === label)!.submenu as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator');
  const item = (menu: string, label: string) => sub(menu).find((i) => i.label === label)!;
  const click = (i: MenuItemConstructorOptions, focused?: unknown) => (i.click as (...a: unknown[]) => void)({}, focused, {});

  beforeEach(() => {
    sent.length = 0;
  });

  it('has 文件, 编辑, 视图, 帮助 in that order', () => {
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('文件 sends the workspace commands with the agreed accelerators', () => {
    const expected: [string, MenuCommand, string | undefined][] = [
      ['导入台账…', 'import', 'CmdOrCtrl+O'],
      ['新建工作区', 'workspace-new', 'CmdOrCtrl+N'],
      ['打开工作区…', 'workspace-open', 'CmdOrCtrl+Shift+O'],
      ['保存工作区', 'workspace-save', 'CmdOrCtrl+S'],
      ['另存为…', 'workspace-save-as', 'CmdOrCtrl+Shift+S'],
      ['合并工作区…', 'workspace-merge', undefined],
      ['导出简报 PDF…', 'briefing-export-pdf', 'CmdOrCtrl+P'],
    ];
    for (const [label, command, accelerator] of expected) {
      const i = item('文件', label);
      expect(i.accelerator, label).toBe(accelerator);
      const focused = { id: label };
      click(i, focused);
      expect(sent.at(-1)).toEqual([command, focused]);
    }
    expect(item('文件', '退出').role).toBe('quit');
  });

  it('编辑 sends undo/find and uses the standard roles for the clipboard', () => {
    click(item('编辑', '撤销'));
    click(item('编辑', '查找…'));
    expect(sent.map(([c]) => c)).toEqual(['undo', 'find']);
    expect(item('编辑', '撤销').accelerator).toBe('CmdOrCtrl+Z');
    expect(item('编辑', '撤销').role).toBeUndefined();
    expect(sub('编辑').filter((i) => i.role).map((i) => [i.label, i.role])).toEqual([
      ['剪切', 'cut'],
      ['复制', 'copy'],
      ['粘贴', 'paste'],
      ['全选', 'selectAll'],
    ]);
  });

  it('视图 switches the eight screens with Ctrl+1…8 and has zoom and full-screen roles', () => {
    expect(SCREENS).toEqual(['总览', '数据', '透视', '趋势', '对比', '排名', '简报', '评比']);
    SCREENS.forEach((label, i) => {
      const entry = item('视图', label);
      expect(entry.accelerator).toBe(`CmdOrCtrl+${i + 1}`);
      click(entry);
    });
    expect(sent.map(([c]) => c)).toEqual(['screen-1', 'screen-2', 'screen-3', 'screen-4', 'screen-5', 'screen-6', 'screen-7', 'screen-8']);
    expect(sub('视图').filter((i) => i.role).map((i) => [i.label, i.role])).toEqual([
      ['实际大小', 'resetZoom'],
      ['放大', 'zoomIn'],
      ['缩小', 'zoomOut'],
      ['全屏', 'togglefullscreen'],
    ]);
  });

  it('帮助 → 关于星图 sends about', () => {
    click(item('帮助', '关于星图'));
    expect(sent.map(([c]) => c)).toEqual(['about']);
  });

  it('only sends known commands, no accelerator is used twice, and every command is reachable', () => {
    const all = template.flatMap((m) => m.submenu as MenuItemConstructorOptions[]);
    for (const i of all) if (i.click) click(i);
    const commands = sent.map(([c]) => c);
    for (const c of commands) expect(MENU_COMMANDS).toContain(c);
    expect(new Set(commands)).toEqual(new Set(MENU_COMMANDS));
    const accelerators = all.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(accelerators).size).toBe(accelerators.length);
    // No developer tools or reload in a release menu.
    expect(all.map((i) => i.role)).not.toContain('toggleDevTools');
    expect(all.map((i) => i.role)).not.toContain('reload');
    expect(all.map((i) => i.role)).not.toContain('forceReload');
  });
});

// ---------- window state ----------

describe('window state', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'xingtu-winstate-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('parses only well-formed states', () => {
    expect(parseWindowState({ x: 1, y: 2, width: 1200, height: 700, maximized: false })).toEqual({ x: 1, y: 2, width: 1200, height: 700, maximized: false });
    expect(parseWindowState({ width: 1200, height: 700, maximized: true })).toEqual({ width: 1200, height: 700, maximized: true });
    for (const bad of [
      null,
      [],
      'x',
      { width: 1200, height: 700 },
      { width: '1200', height: 700, maximized: false },
      { width: 1200.5, height: 700, maximized: false },
      { width: 1e9, height: 700, maximized: false },
      { width: 10, height: 700, maximized: false },
      { x: 1, width: 1200, height: 700, maximized: false },
      { x: 1, y: Number.NaN, width: 1200, height: 700, maximized: false },
      { x: 1e7, y: 0, width: 1200, height: 700, maximized: false },
    ]) {
      expect(parseWindowState(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('defaults to 1366×768, centred, shrunk to a small screen', () => {
    expect(fitToScreen(null, fakeScreen())).toEqual(DEFAULT_WINDOW_STATE);
    expect(DEFAULT_WINDOW_STATE).toEqual({ width: 1366, height: 768, maximized: false });
    expect(fitToScreen(null, fakeScreen([{ x: 0, y: 0, width: 1366, height: 728 }]))).toEqual({ width: 1366, height: 728, maximized: false });
  });

  it('moves a window from an unplugged monitor back onto a visible display', () => {
    const screen = fakeScreen([{ x: 0, y: 0, width: 1920, height: 1040 }]);
    // It used to be on a second monitor to the right.
    expect(fitToScreen({ x: 2500, y: 100, width: 1400, height: 900, maximized: false }, screen)).toEqual({
      x: 520,
      y: 100,
      width: 1400,
      height: 900,
      maximized: false,
    });
    // Far off to the top-left, and larger than the screen.
    expect(fitToScreen({ x: -5000, y: -3000, width: 4000, height: 3000, maximized: true }, screen)).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1040,
      maximized: true,
    });
    // Too small windows grow to the minimum.
    expect(fitToScreen({ x: 10, y: 10, width: 300, height: 200, maximized: false }, screen)).toMatchObject({ width: 1024, height: 640 });
  });

  it('keeps a window on the second display it was on', () => {
    const screen = fakeScreen([
      { x: 0, y: 0, width: 1920, height: 1040 },
      { x: 1920, y: 0, width: 1280, height: 984 },
    ]);
    expect(fitToScreen({ x: 2000, y: 50, width: 1100, height: 700, maximized: false }, screen)).toEqual({
      x: 2000,
      y: 50,
      width: 1100,
      height: 700,
      maximized: false,
    });
  });

  it('round-trips through window-state.json and survives a corrupt file', async () => {
    const file = path.join(tmp, 'window-state.json');
    const screen = fakeScreen();
    expect(await readWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    await writeWindowState(file, { x: 30, y: 40, width: 1300, height: 800, maximized: true });
    expect(await readWindowState(file, screen)).toEqual({ x: 30, y: 40, width: 1300, height: 800, maximized: true });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1 });
    // An invalid state is not written over a good one.
    await writeWindowState(file, { x: 0, y: 0, width: Number.NaN, height: 0, maximized: false });
    expect(await readWindowState(file, screen)).toMatchObject({ width: 1300 });
    await writeFile(file, '{"width": 99999999');
    expect(await readWindowState(file, screen)).toEqual(DEFAULT_WINDOW_STATE);
    expect(await readdir(tmp)).toEqual(['window-state.json']);
  });
});

// ---------- title and close flow ----------

describe('window title', () => {
  it('is 星图 — name, with ● while there are unsaved changes', () => {
    expect(formatTitle('城关镇.xingtu', false)).toBe('星图 — 城关镇.xingtu');
    expect(formatTitle('城关镇.xingtu', true)).toBe('● 星图 — 城关镇.xingtu');
    expect(formatTitle('', false)).toBe('星图');
    expect(formatTitle('', true)).toBe('● 星图');
  });
});

describe('close flow', () => {
  function make(timeoutMs?: number) {
    const win = new FakeWindow({});
    const dialogs = fakeDialog();
    const saveState = vi.fn(async () => {});
    const controller = new WindowController(win, { dialog: dialogs.dialog, saveState, ...(timeoutMs ? { timeoutMs } : {}) });
    return { win, dialogs, saveState, controller };
  }

  it('asks the renderer first, closes when it answers closeReady, and saves the window state', async () => {
    const { win, saveState, controller } = make();
    win.bounds = { x: 5, y: 6, width: 1300, height: 760 };
    win.maximized = true;
    expect(win.tryClose()).toBe(true); // prevented
    expect(win.sent).toEqual([{ channel: EVENT_CHANNELS.beforeClose, args: [] }]);
    expect(win.destroyed).toBe(false);
    // A second click while waiting does not send a second before-close.
    expect(win.tryClose()).toBe(true);
    expect(win.sent).toHaveLength(1);

    controller.closeReady();
    await controller.pendingClose;
    expect(win.destroyed).toBe(true);
    expect(saveState).toHaveBeenCalledWith({ x: 5, y: 6, width: 1300, height: 760, maximized: true });
  });

  it('closes anyway after 5 s when the renderer does not answer', async () => {
    vi.useFakeTimers();
    try {
      const { win, controller } = make();
      expect(CLOSE_TIMEOUT_MS).toBe(5000);
      win.tryClose();
      await vi.advanceTimersByTimeAsync(4900);
      expect(win.destroyed).toBe(false);
      await vi.advanceTimersByTimeAsync(200);
      await controller.pendingClose;
      expect(win.destroyed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a closeReady without a pending close does nothing', () => {
    const { win, controller } = make();
    controller.closeReady();
    expect(win.destroyed).toBe(false);
    expect(win.closedCount).toBe(0);
  });

  it('with unsaved changes, asks first: 取消 keeps the window open, 关闭 goes on', async () => {
    const { win, dialogs, controller } = make();
    controller.setDocumentState({ title: '城关镇.xingtu', dirty: true });
    expect(controller.isDirty).toBe(true);

    dialogs.willAnswer(1); // 取消
    win.tryClose();
    await controller.pendingClose;
    expect(win.destroyed).toBe(false);
    expect(win.sent).toEqual([]);
    const [parent, options] = dialogs.dialog.showMessageBox.mock.calls[0]!;
    expect(parent).toBe(win);
    expect(options).toMatchObject({ buttons: ['关闭', '取消'], cancelId: 1, defaultId: 1 });
    expect(options.message).toContain('城关镇.xingtu');

    dialogs.willAnswer(0); // 关闭
    win.tryClose();
    await vi.waitFor(() => expect(win.sent).toHaveLength(1));
    controller.closeReady();
    await controller.pendingClose;
    expect(win.destroyed).toBe(true);
  });

  it('does not wait for a renderer that is already gone', async () => {
    const { win, controller } = make();
    win.webContents.isDestroyed = () => true;
    win.tryClose();
    await controller.pendingClose;
    expect(win.destroyed).toBe(true);
    expect(win.sent).toEqual([]);
  });
});

// ---------- preload ----------

describe('preload bridge', () => {
  let api: XingtuApi;

  beforeAll(async () => {
    await import('../../electron/preload');
    expect(electronMock.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, exposed] = electronMock.exposeInMainWorld.mock.calls[0]!;
    expect(key).toBe('xingtu');
    api = exposed;
  });

  beforeEach(() => {
    electronMock.invoke.mockClear();
  });

  it('exposes only functions and the isElectron flag: no ipcRenderer, no channel names', () => {
    for (const [name, value] of Object.entries(api)) {
      if (name === 'isElectron') expect(value).toBe(true);
      else expect(typeof value, name).toBe('function');
    }
    for (const name of Object.keys(api)) expect(name).not.toMatch(/ipc|invoke|^send$|^on$|^emit$/i);
  });

  it('maps every request method to its channel with re-packed arguments', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const calls: [() => unknown, unknown[]][] = [
      [() => api.getInfo(), [IPC_CHANNELS.getInfo]],
      [() => api.openWorkspace(), [IPC_CHANNELS.openWorkspace, { multi: false }]],
      [() => api.openWorkspace({ multi: true }), [IPC_CHANNELS.openWorkspace, { multi: true }]],
      [() => api.openRecent('ab'), [IPC_CHANNELS.openRecent, 'ab']],
      [() => api.recentWorkspaces(), [IPC_CHANNELS.recentWorkspaces]],
      [() => api.saveWorkspace(bytes, { suggestedName: 'a.xingtu' }), [IPC_CHANNELS.saveWorkspace, bytes, { suggestedName: 'a.xingtu' }]],
      [
        () => api.saveWorkspace(bytes, { token: 't', saveAs: true, suggestedName: 'a.xingtu', extra: 1 } as never),
        [IPC_CHANNELS.saveWorkspace, bytes, { token: 't', saveAs: true, suggestedName: 'a.xingtu' }],
      ],
      [() => api.writeAutosave(bytes), [IPC_CHANNELS.writeAutosave, bytes]],
      [() => api.readAutosaves(), [IPC_CHANNELS.readAutosaves]],
      [
        () => api.saveFile({ suggestedName: 'a.csv', filter: { name: 'CSV', extensions: ['csv'] }, bytes, path: '/etc/x' } as never),
        [IPC_CHANNELS.saveFile, { suggestedName: 'a.csv', filter: { name: 'CSV', extensions: ['csv'] }, bytes }],
      ],
      [() => api.printToPdf({ suggestedName: '简报.pdf' }), [IPC_CHANNELS.printToPdf, { suggestedName: '简报.pdf' }]],
      [() => api.closeReady(), [IPC_CHANNELS.closeReady]],
      [() => api.setDocumentState({ title: 'x', dirty: true }), [IPC_CHANNELS.setDocumentState, { title: 'x', dirty: true }]],
    ];
    for (const [run, expected] of calls) {
      electronMock.invoke.mockClear();
      await run();
      expect(electronMock.invoke.mock.calls, String(expected[0])).toEqual([expected]);
    }
  });

  it('passes the main process error message through without Electron\'s prefix', async () => {
    electronMock.invoke.mockRejectedValueOnce(
      new Error("Error invoking remote method 'workspace:open-recent': UserFacingError: 文件已不存在或无法读取：城关镇.xingtu"),
    );
    await expect(api.openRecent('0'.repeat(32))).rejects.toThrow(/^文件已不存在或无法读取：城关镇.xingtu$/);
    electronMock.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'file:save': Error: file:save: bytes must be a Uint8Array"));
    await expect(api.saveFile({} as never)).rejects.toThrow(/^file:save: bytes must be a Uint8Array$/);
  });

  it('closeReady and setDocumentState never throw, even if the main process rejects', async () => {
    electronMock.invoke.mockRejectedValueOnce(new Error('x')).mockRejectedValueOnce(new Error('y'));
    expect(api.closeReady()).toBeUndefined();
    expect(api.setDocumentState({ title: 'x', dirty: false })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 0)); // an unhandled rejection would fail the run
  });

  it('onMenuCommand delivers known commands without the IPC event, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = api.onMenuCommand((...args) => got.push(args));
    electronMock.emit(EVENT_CHANNELS.menuCommand, 'workspace-save');
    electronMock.emit(EVENT_CHANNELS.menuCommand, 'rm -rf'); // unknown: dropped
    electronMock.emit(EVENT_CHANNELS.menuCommand, 'screen-3');
    expect(got).toEqual([['workspace-save'], ['screen-3']]);
    off();
    off(); // idempotent
    electronMock.emit(EVENT_CHANNELS.menuCommand, 'about');
    expect(got).toHaveLength(2);
    expect(electronMock.listeners.get(EVENT_CHANNELS.menuCommand)?.size ?? 0).toBe(0);
  });

  it('onBeforeClose calls the listener with no arguments, and unsubscribes', () => {
    const got: unknown[][] = [];
    const a = api.onBeforeClose((...args: unknown[]) => got.push(args));
    const b = api.onBeforeClose(() => got.push(['second']));
    electronMock.emit(EVENT_CHANNELS.beforeClose, { sneaky: true });
    expect(got).toEqual([[], ['second']]);
    a();
    electronMock.emit(EVENT_CHANNELS.beforeClose);
    expect(got).toEqual([[], ['second'], ['second']]);
    b();
    expect(electronMock.listeners.get(EVENT_CHANNELS.beforeClose)?.size ?? 0).toBe(0);
  });
});

describe('preload bundle', () => {
  it('is CommonJS and requires nothing but electron (sandboxed preloads cannot load Node modules)', async () => {
    const { build } = await import('esbuild');
    // Same options as electron/build.mjs, without writing to disk.
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['electron/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const required = new Set([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]));
    expect(required).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/import\.meta|\bimport\(/);
    expect(code).toContain('exposeInMainWorld("xingtu"');
    expect(code.length).toBeLessThan(20_000);
  });
});
