// Fakes of the Electron APIs the shell uses, for tests that never launch Electron.
import { vi } from 'vitest';
import type { BrowserWindowConstructorOptions, MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { DialogApi, InvokeEventLike, SenderLike } from '../../electron/ipc';
import type { MessageBoxApi, ShellWindow } from '../../electron/window';
import type { Rect, ScreenLike } from '../../electron/window-state';

export const APP_URL = 'app://xingtu/index.html';

let nextWebContentsId = 1;

export class FakeWindow implements ShellWindow {
  static instances: FakeWindow[] = [];
  readonly onceListeners = new Map<string, () => void>();
  readonly listeners = new Map<string, ((...args: any[]) => void)[]>();
  readonly show = vi.fn();
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly restore = vi.fn();
  readonly focus = vi.fn();
  readonly maximize = vi.fn();
  readonly setTitle = vi.fn();
  readonly sent: { channel: string; args: unknown[] }[] = [];
  minimized = false;
  maximized = false;
  destroyed = false;
  closedCount = 0;
  bounds = { x: 10, y: 20, width: 1366, height: 768 };
  readonly webContents: ShellWindow['webContents'] & { printToPDF: SenderLike['printToPDF'] };

  constructor(readonly options: BrowserWindowConstructorOptions & Record<string, any>) {
    FakeWindow.instances.push(this);
    const id = nextWebContentsId++;
    this.webContents = {
      id,
      send: (channel: string, ...args: unknown[]) => {
        this.sent.push({ channel, args });
      },
      isDestroyed: () => this.destroyed,
      printToPDF: vi.fn(async () => new TextEncoder().encode('%PDF-1.7 fake')),
    };
  }
  once(event: string, listener: () => void): this {
    this.onceListeners.set(event, listener);
    return this;
  }
  on(event: string, listener: (...args: any[]) => void): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  /** Simulates the user clicking the close button: returns whether the close was prevented. */
  tryClose(): boolean {
    const event = { preventDefault: vi.fn() };
    this.emit('close', event);
    if (event.preventDefault.mock.calls.length > 0) return true;
    this.destroyed = true;
    this.emit('closed');
    return false;
  }
  close(): void {
    this.closedCount += 1;
    this.tryClose();
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  /** An invoke event as if sent by this window's renderer. */
  event(url: string | null = APP_URL): InvokeEventLike {
    return { senderFrame: url === null ? null : { url }, sender: this.webContents };
  }
}

export type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

export function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, listener: Handler) => void handlers.set(channel, listener) };
  /** Invokes a channel from a sender URL (null = detached frame), like ipcRenderer.invoke. */
  const call = async (channel: string, senderUrl: string | null, ...args: unknown[]): Promise<any> => {
    return invoke(channel, { senderFrame: senderUrl === null ? null : { url: senderUrl } }, ...args);
  };
  const invoke = async (channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<any> => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  };
  return { ipcMain, handlers, call, invoke };
}

/** Scripted native dialogs: queue the answers, inspect the calls. */
export function fakeDialog() {
  const openAnswers: { canceled: boolean; filePaths: string[] }[] = [];
  const saveAnswers: { canceled: boolean; filePath?: string }[] = [];
  const messageAnswers: number[] = [];
  const dialog = {
    showOpenDialog: vi.fn(async (_w: ShellWindow | null, _o: OpenDialogOptions) => openAnswers.shift() ?? { canceled: true, filePaths: [] }),
    showSaveDialog: vi.fn(async (_w: ShellWindow | null, _o: SaveDialogOptions) => saveAnswers.shift() ?? { canceled: true }),
    showMessageBox: vi.fn(async (_w: ShellWindow, _o: MessageBoxOptions) => ({ response: messageAnswers.shift() ?? 1 })),
  } satisfies DialogApi & MessageBoxApi;
  return {
    dialog,
    willOpen: (...filePaths: string[]) => openAnswers.push({ canceled: false, filePaths }),
    willCancelOpen: () => openAnswers.push({ canceled: true, filePaths: [] }),
    willSave: (filePath: string) => saveAnswers.push({ canceled: false, filePath }),
    willCancelSave: () => saveAnswers.push({ canceled: true }),
    willAnswer: (response: number) => messageAnswers.push(response),
  };
}

/** One or more displays; getDisplayMatching picks the largest overlap, else the nearest. */
export function fakeScreen(workAreas: Rect[] = [{ x: 0, y: 0, width: 1920, height: 1040 }]): ScreenLike {
  const overlap = (a: Rect, b: Rect) =>
    Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const distance = (a: Rect, b: Rect) => Math.hypot(a.x + a.width / 2 - (b.x + b.width / 2), a.y + a.height / 2 - (b.y + b.height / 2));
  return {
    getPrimaryDisplay: () => ({ workArea: workAreas[0]! }),
    getDisplayMatching: (rect: Rect) => {
      const best = [...workAreas].sort((a, b) => overlap(rect, b) - overlap(rect, a) || distance(rect, a) - distance(rect, b))[0]!;
      return { workArea: best };
    },
  };
}
