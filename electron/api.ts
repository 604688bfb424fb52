// The preload API's types now live in shared/desktop-api.ts, the one contract both the shell
// and the renderer import (the renderer never imports electron/). Re-exported here so the
// main-process modules keep importing './api'.
export type {
  AppInfo, MenuCommand, OpenedFile, RecentWorkspace, SavedFile, SaveFileRequest, XingtuApi,
} from '../shared/desktop-api';
