// Entry point of the main process (bundled to dist-electron/main.cjs). The only
// file that imports Electron at runtime; all logic lives in main.ts.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { main } from './main';

// dist-electron/main.cjs -> ../dist is Vite's renderer build (inside app.asar when packaged).
main(
  { app, BrowserWindow, ipcMain, protocol, session },
  {
    rendererDir: path.join(__dirname, '../dist'),
    preloadPath: path.join(__dirname, 'preload.cjs'),
  },
).catch((err: unknown) => {
  console.error('星图 failed to start:', err);
  app.exit(1);
});
