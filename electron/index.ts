// Entry point of the main process (bundled to dist-electron/main.cjs). The only
// file that imports Electron at runtime; all logic lives in main.ts.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { main, type ElectronApis } from './main';

// Electron's dialog functions take the parent window as an optional first argument;
// main.ts always passes one (or null), so adapt the overloads here.
const parent = (w: unknown): BrowserWindow | null => (w instanceof BrowserWindow && !w.isDestroyed() ? w : null);

const apis: ElectronApis = {
  app,
  BrowserWindow,
  ipcMain: {
    handle: (channel, listener) => ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => listener(event, ...args)),
  },
  protocol,
  session,
  dialog: {
    showOpenDialog: (w, options) => {
      const p = parent(w);
      return p ? dialog.showOpenDialog(p, options) : dialog.showOpenDialog(options);
    },
    showSaveDialog: (w, options) => {
      const p = parent(w);
      return p ? dialog.showSaveDialog(p, options) : dialog.showSaveDialog(options);
    },
    showMessageBox: (w, options) => {
      const p = parent(w);
      return p ? dialog.showMessageBox(p, options) : dialog.showMessageBox(options);
    },
  },
  menu: { setApplicationMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)) },
  // `screen` may only be touched after 'ready'; main() uses it after whenReady().
  screen: {
    getDisplayMatching: (rect) => screen.getDisplayMatching(rect),
    getPrimaryDisplay: () => screen.getPrimaryDisplay(),
  },
};

// dist-electron/main.cjs -> ../dist is Vite's renderer build (inside app.asar when packaged).
main(apis, {
  rendererDir: path.join(__dirname, '../dist'),
  preloadPath: path.join(__dirname, 'preload.cjs'),
}).catch((err: unknown) => {
  console.error('星图 failed to start:', err);
  app.exit(1);
});
