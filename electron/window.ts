// Per-window shell behaviour: the title with its unsaved-changes marker, and the
// close flow. Closing never loses work: the renderer is asked to autosave first
// (before-close), and the window closes when it answers (closeReady) or after a
// timeout, whichever comes first. With unsaved changes the user confirms first.
import type { MessageBoxOptions } from 'electron';
import { EVENT_CHANNELS } from './channels';
import type { WindowState } from './window-state';

export const APP_TITLE = '星图';
export const DIRTY_MARKER = '●';
export const CLOSE_TIMEOUT_MS = 5000;

export interface CloseEvent {
  preventDefault(): void;
}

/** The part of a BrowserWindow the shell uses (real windows satisfy it). */
export interface ShellWindow {
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  close(): void;
  isDestroyed(): boolean;
  setTitle(title: string): void;
  maximize(): void;
  isMaximized(): boolean;
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  webContents: {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  };
}

export interface MessageBoxApi {
  showMessageBox(window: ShellWindow, options: MessageBoxOptions): Promise<{ response: number }>;
}

/** `星图 — 名称`, with a leading marker while there are unsaved changes. */
export function formatTitle(name: string, dirty: boolean): string {
  const base = name ? `${APP_TITLE} — ${name}` : APP_TITLE;
  return dirty ? `${DIRTY_MARKER} ${base}` : base;
}

export interface WindowControllerOptions {
  dialog: MessageBoxApi;
  /** Persists size/position; awaited (errors ignored) before the window really closes. */
  saveState?: (state: WindowState) => Promise<void>;
  timeoutMs?: number;
}

export class WindowController {
  private name = '';
  private dirty = false;
  private allowClose = false;
  private closing: Promise<void> | null = null;
  private onReady: (() => void) | null = null;

  constructor(
    readonly window: ShellWindow,
    private readonly options: WindowControllerOptions,
  ) {
    window.on('close', (event: CloseEvent) => this.handleClose(event));
  }

  get isDirty(): boolean {
    return this.dirty;
  }

  setDocumentState(state: { title: string; dirty: boolean }): void {
    this.name = state.title;
    this.dirty = state.dirty;
    if (!this.window.isDestroyed()) this.window.setTitle(formatTitle(this.name, this.dirty));
  }

  /** The renderer finished its before-close work. Ignored when no close is pending. */
  closeReady(): void {
    this.onReady?.();
  }

  captureState(): WindowState {
    const b = this.window.getNormalBounds();
    return {
      x: Math.round(b.x),
      y: Math.round(b.y),
      width: Math.round(b.width),
      height: Math.round(b.height),
      maximized: this.window.isMaximized(),
    };
  }

  /** Resolves when the current close flow (if any) has finished. For tests. */
  get pendingClose(): Promise<void> | null {
    return this.closing;
  }

  private handleClose(event: CloseEvent): void {
    if (this.allowClose) return;
    event.preventDefault();
    if (!this.closing) {
      this.closing = this.runCloseFlow().finally(() => {
        this.closing = null;
      });
    }
  }

  private async runCloseFlow(): Promise<void> {
    if (this.dirty) {
      const label = this.name || '当前工作区';
      const { response } = await this.options.dialog.showMessageBox(this.window, {
        type: 'warning',
        title: APP_TITLE,
        message: `“${label}”有未保存的更改。`,
        detail: '关闭时会自动保存一份恢复副本，下次启动星图时可以恢复。如需正式保存，请先取消，再选择“文件 → 保存工作区”。',
        buttons: ['关闭', '取消'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      if (response !== 0) return;
    }

    const state = this.captureState();
    const contents = this.window.webContents;
    if (!contents.isDestroyed()) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.timeoutMs ?? CLOSE_TIMEOUT_MS);
        this.onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        try {
          contents.send(EVENT_CHANNELS.beforeClose);
        } catch {
          clearTimeout(timer);
          resolve(); // renderer gone: nothing to wait for
        }
      });
      this.onReady = null;
    }

    if (this.options.saveState) await this.options.saveState(state).catch(() => undefined);
    this.allowClose = true;
    if (!this.window.isDestroyed()) this.window.close();
  }
}
