// Types of the API the preload exposes as window.xingtu. Type-only: the renderer
// imports it with `import type` and must not pull in Electron code.

export interface AppInfo {
  version: string;
  /** Node's process.platform of the host, e.g. 'win32' or 'linux'. */
  platform: string;
}

export interface XingtuApi {
  getInfo(): Promise<AppInfo>;
  /** Present only inside the desktop shell; the browser build has no window.xingtu. */
  readonly isElectron: true;
}

declare global {
  interface Window {
    xingtu?: XingtuApi;
  }
}
