// The native application menu. buildMenuTemplate is pure: it returns plain
// MenuItemConstructorOptions that tests can inspect, and every custom item only
// calls `send(command)`, which main.ts wires to the focused window's webContents.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './api';

export const SCREENS = ['总览', '数据', '透视', '趋势', '对比', '排名', '简报', '评比'] as const;

export interface MenuOptions {
  /** Delivers a command to the renderer of `focusedWindow` (Electron's click argument), or the main window. */
  send: (command: MenuCommand, focusedWindow?: unknown) => void;
  platform?: NodeJS.Platform;
}

export function buildMenuTemplate({ send, platform = process.platform }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: (_item, focusedWindow) => send(cmd, focusedWindow),
  });

  const file: MenuItemConstructorOptions = {
    label: '文件',
    submenu: [
      command('导入台账…', 'import', 'CmdOrCtrl+O'),
      { type: 'separator' },
      command('新建工作区', 'workspace-new', 'CmdOrCtrl+N'),
      command('打开工作区…', 'workspace-open', 'CmdOrCtrl+Shift+O'),
      command('保存工作区', 'workspace-save', 'CmdOrCtrl+S'),
      command('另存为…', 'workspace-save-as', 'CmdOrCtrl+Shift+S'),
      command('合并工作区…', 'workspace-merge'),
      { type: 'separator' },
      command('导出简报 PDF…', 'briefing-export-pdf', 'CmdOrCtrl+P'),
      { type: 'separator' },
      // role 'quit' closes every window through the normal close flow (autosave first).
      { label: '退出', role: 'quit', accelerator: platform === 'win32' ? 'Alt+F4' : 'CmdOrCtrl+Q' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '编辑',
    submenu: [
      // The app's own undo. The accelerator also catches Ctrl+Z inside text fields, so
      // the renderer should run document.execCommand('undo') when an input has focus.
      command('撤销', 'undo', 'CmdOrCtrl+Z'),
      { type: 'separator' },
      { label: '剪切', role: 'cut' },
      { label: '复制', role: 'copy' },
      { label: '粘贴', role: 'paste' },
      { label: '全选', role: 'selectAll' },
      { type: 'separator' },
      command('查找…', 'find', 'CmdOrCtrl+F'),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '视图',
    submenu: [
      ...SCREENS.map((label, i) => command(label, `screen-${i + 1}` as MenuCommand, `CmdOrCtrl+${i + 1}`)),
      { type: 'separator' },
      { label: '实际大小', role: 'resetZoom' },
      { label: '放大', role: 'zoomIn' },
      { label: '缩小', role: 'zoomOut' },
      { type: 'separator' },
      { label: '全屏', role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: '帮助',
    submenu: [command('关于星图', 'about')],
  };

  return [file, edit, view, help];
}
