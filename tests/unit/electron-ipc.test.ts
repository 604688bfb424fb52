// Every IPC handler of the main process: foreign senders are refused, malformed
// arguments are refused before any dialog or disk access, and the happy paths work
// with scripted dialogs against a real temp folder. The renderer never sends a path.
import { mkdir, mkdtemp, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../electron/channels';
import { PDF_OPTIONS, registerIpcHandlers, type IpcDeps } from '../../electron/ipc';
import { MAX_RECENT, RecentList } from '../../electron/recent';
import { PathTokens } from '../../electron/tokens';
import { MAX_BYTES } from '../../electron/validate';
import { WindowController } from '../../electron/window';
import { APP_URL, FakeWindow, fakeDialog, fakeIpcMain } from '../support/electron-fakes';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const TOKEN = /^[0-9a-f]{32}$/;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'xingtu-ipc-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let caseNo = 0;
/** A fresh main process; pass the `base` of an earlier one to simulate a restart (same disk, new tokens). */
async function setup(restartOf?: string) {
  const base = restartOf ?? path.join(tmp, `case-${++caseNo}`);
  const userData = path.join(base, 'userData');
  const documents = path.join(base, '文档');
  const files = path.join(base, 'files');
  await mkdir(userData, { recursive: true });
  await mkdir(documents, { recursive: true });
  await mkdir(files, { recursive: true });
  const ipc = fakeIpcMain();
  const dialogs = fakeDialog();
  const win = new FakeWindow({});
  const controller = new WindowController(win, { dialog: dialogs.dialog });
  const recent = new RecentList(path.join(userData, 'recent.json'));
  const deps: IpcDeps = {
    info: { version: '1.2.3', platform: 'linux' },
    dialog: dialogs.dialog,
    tokens: new PathTokens(),
    recent,
    autosaveDir: path.join(userData, 'autosave'),
    defaultDirectory: () => documents,
    windowFor: (event) => (event.sender?.id === win.webContents.id ? controller : null),
  };
  registerIpcHandlers(ipc.ipcMain, deps);
  /** Invokes a channel as our own renderer in `win`. */
  const call = (channel: string, ...args: unknown[]) => ipc.invoke(channel, win.event(), ...args);
  const dialogCalls = () =>
    dialogs.dialog.showOpenDialog.mock.calls.length + dialogs.dialog.showSaveDialog.mock.calls.length + dialogs.dialog.showMessageBox.mock.calls.length;
  return { base, userData, documents, files, ipc, dialogs, win, controller, recent, deps, call, dialogCalls };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

// ---------- senders ----------

describe('every channel refuses foreign senders', () => {
  const everyChannel = Object.values(IPC_CHANNELS);
  const foreign = ['https://evil.example/', 'http://localhost:5173/', 'app://evil/index.html', 'file:///C:/x/index.html', 'devtools://devtools/x', null];

  it.each(everyChannel)('%s', async (channel) => {
    const ctx = await setup();
    expect(ctx.ipc.handlers.has(channel)).toBe(true);
    for (const url of foreign) {
      await expect(ctx.ipc.invoke(channel, ctx.win.event(url)), `${channel} from ${url}`).rejects.toThrow(/untrusted sender/);
    }
    expect(ctx.dialogCalls()).toBe(0);
    expect(ctx.win.setTitle).not.toHaveBeenCalled();
    expect(await readdir(ctx.userData)).toEqual([]);
  });
});

// ---------- arguments ----------

const bytes = enc('XT');
const tooLarge = (() => {
  // A real 2 GiB array would not fit in the test's memory budget; the checks only read byteLength.
  const fake = new Uint8Array(1);
  Object.defineProperty(fake, 'byteLength', { value: MAX_BYTES + 1 });
  return fake;
})();
const pathLikeNames = ['../x.xingtu', '..\\x.xingtu', 'a/b.xingtu', 'a\\b.xingtu', '/etc/passwd', 'C:\\Windows\\x', '..', '.', '...', '', 'a\u0000b', 'x\u202Eftp.exe', 'a\nb', 'n'.repeat(201)];
const notBytes = ['abc', [1, 2, 3], new ArrayBuffer(4), { 0: 1, length: 1 }, null, 42, tooLarge];

const badArgs: Record<string, unknown[][]> = {
  [IPC_CHANNELS.getInfo]: [[1], [{}]],
  [IPC_CHANNELS.recentWorkspaces]: [[1]],
  [IPC_CHANNELS.readAutosaves]: [['x']],
  [IPC_CHANNELS.closeReady]: [[true]],
  [IPC_CHANNELS.openWorkspace]: [['x'], [[]], [null], [{ multi: 'yes' }], [{ multi: true, path: '/etc' }], [{ multi: true }, 2], [new (class Opts { multi = true })()]],
  [IPC_CHANNELS.openRecent]: [
    [],
    [123],
    ['/home/user/a.xingtu'],
    ['../../etc/passwd'],
    ['0'.repeat(32)], // well-formed but never handed out
    ['A'.repeat(32)],
    ['0'.repeat(31)],
    ['0'.repeat(32), 'extra'],
  ],
  [IPC_CHANNELS.saveWorkspace]: [
    [bytes],
    ...notBytes.map((b) => [b, { suggestedName: 'a.xingtu' }]),
    [bytes, null],
    [bytes, 'a.xingtu'],
    [bytes, {}],
    ...pathLikeNames.map((name) => [bytes, { suggestedName: name }]),
    [bytes, { suggestedName: 'a.xingtu', path: '/tmp/a.xingtu' }],
    [bytes, { suggestedName: 'a.xingtu', saveAs: 'yes' }],
    [bytes, { suggestedName: 'a.xingtu', token: '/home/user/a.xingtu' }],
    [bytes, { suggestedName: 'a.xingtu', token: 'f'.repeat(32) }],
    [bytes, { suggestedName: 'a.xingtu', token: 7 }],
  ],
  [IPC_CHANNELS.writeAutosave]: [[], ...notBytes.map((b) => [b]), [bytes, bytes]],
  [IPC_CHANNELS.saveFile]: [
    [],
    ['a.csv'],
    [{ suggestedName: 'a.csv', bytes }],
    ...notBytes.map((b) => [{ suggestedName: 'a.csv', filter: { name: 'CSV', extensions: ['csv'] }, bytes: b }]),
    ...pathLikeNames.map((name) => [{ suggestedName: name, filter: { name: 'CSV', extensions: ['csv'] }, bytes }]),
    ...[
      null,
      { name: 'CSV' },
      { name: 'CSV', extensions: [] },
      { name: 'CSV', extensions: 'csv' },
      { name: 'CSV', extensions: ['../csv'] },
      { name: 'CSV', extensions: ['c sv'] },
      { name: 'CSV', extensions: ['*'] },
      { name: 'CSV', extensions: [1] },
      { name: 'CSV', extensions: Array(11).fill('csv') },
      { name: '', extensions: ['csv'] },
      { name: 'x'.repeat(61), extensions: ['csv'] },
      { name: 'CSV', extensions: ['csv'], defaultPath: '/etc' },
      // Well-formed, but not an export kind: an extension under another kind's label, an
      // unknown label, two kinds at once, the workspace (it has its own channel).
      { name: 'PDF 文档', extensions: ['exe'] },
      { name: 'PDF 文档', extensions: ['pdf', 'exe'] },
      { name: 'PDF 文档', extensions: ['csv'] },
      { name: 'CSV', extensions: ['csv'] },
      { name: 'Program', extensions: ['exe'] },
      { name: 'CSV 表格', extensions: ['csv', 'xlsx'] },
      { name: '星图工作区', extensions: ['xingtu'] },
    ].map((filter) => [{ suggestedName: 'a.csv', filter, bytes }]),
    [{ suggestedName: '简报.exe', filter: { name: 'PDF 文档', extensions: ['exe'] }, bytes }],
    [{ suggestedName: 'a.csv', filter: { name: 'CSV', extensions: ['csv'] }, bytes, defaultPath: '/etc' }],
  ],
  [IPC_CHANNELS.printToPdf]: [[], [{}], [{ suggestedName: 1 }], ...pathLikeNames.map((name) => [{ suggestedName: name }]), [{ suggestedName: 'a.pdf', path: '/x' }]],
  [IPC_CHANNELS.setDocumentState]: [
    [],
    [{ title: 1, dirty: false }],
    [{ title: 'x' }],
    [{ title: 'x', dirty: 'yes' }],
    [{ title: 'x'.repeat(201), dirty: false }],
    [{ title: 'x', dirty: false, icon: '/x.png' }],
    ['x', false],
  ],
};

describe('every channel refuses malformed arguments before touching dialogs or disk', () => {
  it.each(Object.entries(badArgs))('%s', async (channel, cases) => {
    const ctx = await setup();
    for (const args of cases) {
      await expect(ctx.call(channel, ...args), `${channel} ${String(args[0]).slice(0, 40)} ${args.length}`).rejects.toThrow(new RegExp(`^${channel}: `));
    }
    expect(ctx.dialogCalls()).toBe(0);
    expect(ctx.win.webContents.printToPDF).not.toHaveBeenCalled();
    expect(ctx.win.setTitle).not.toHaveBeenCalled();
    expect(await readdir(ctx.userData)).toEqual([]);
  });

  it('covers every channel', () => {
    expect(Object.keys(badArgs).sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });
});

// ---------- happy paths ----------

describe('app:get-info', () => {
  it('answers { version, platform }', async () => {
    const ctx = await setup();
    await expect(ctx.call(IPC_CHANNELS.getInfo)).resolves.toEqual({ version: '1.2.3', platform: 'linux' });
  });
});

describe('workspaces: open, recent, save', () => {
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await setup();
  });

  it('opens a workspace picked in the native dialog and hands out a token, not the path', async () => {
    const file = path.join(ctx.files, '城关镇 2024.xingtu');
    await writeFile(file, 'WORKSPACE-1');
    ctx.dialogs.willOpen(file);
    const result = await ctx.call(IPC_CHANNELS.openWorkspace);
    expect(result).toHaveLength(1);
    expect(result[0].token).toMatch(TOKEN);
    expect(result[0].name).toBe('城关镇 2024.xingtu');
    expect(result[0].bytes).toBeInstanceOf(Uint8Array);
    expect(dec(result[0].bytes)).toBe('WORKSPACE-1');
    expect(JSON.stringify(result)).not.toContain(ctx.files);

    const [parent, options] = ctx.dialogs.dialog.showOpenDialog.mock.calls[0]!;
    expect(parent).toBe(ctx.win);
    expect(options).toMatchObject({ filters: [{ name: '星图工作区', extensions: ['xingtu'] }], properties: ['openFile'], defaultPath: ctx.documents });

    const recent = await ctx.call(IPC_CHANNELS.recentWorkspaces);
    expect(recent).toEqual([{ token: result[0].token, name: '城关镇 2024.xingtu', usedAt: expect.stringMatching(/Z$/) }]);
    expect(JSON.stringify(recent)).not.toContain(ctx.files);
  });

  it('returns null when the open dialog is cancelled', async () => {
    ctx.dialogs.willCancelOpen();
    await expect(ctx.call(IPC_CHANNELS.openWorkspace, { multi: false })).resolves.toBeNull();
    await expect(ctx.call(IPC_CHANNELS.recentWorkspaces)).resolves.toEqual([]);
  });

  it('opens several workspaces for merging without putting them on the recent list', async () => {
    const a = path.join(ctx.files, 'a.xingtu');
    const b = path.join(ctx.files, 'b.xingtu');
    await writeFile(a, 'A');
    await writeFile(b, 'B');
    ctx.dialogs.willOpen(a, b);
    const result = await ctx.call(IPC_CHANNELS.openWorkspace, { multi: true });
    expect(result.map((f: any) => [f.name, dec(f.bytes)])).toEqual([
      ['a.xingtu', 'A'],
      ['b.xingtu', 'B'],
    ]);
    expect(ctx.dialogs.dialog.showOpenDialog.mock.calls[0]![1].properties).toEqual(['openFile', 'multiSelections']);
    await expect(ctx.call(IPC_CHANNELS.recentWorkspaces)).resolves.toEqual([]);
  });

  it('reports an unreadable pick in Chinese', async () => {
    ctx.dialogs.willOpen(path.join(ctx.files, 'gone.xingtu'));
    await expect(ctx.call(IPC_CHANNELS.openWorkspace)).rejects.toThrow('无法打开“gone.xingtu”：文件或文件夹不存在。');
  });

  it('reopens from the recent list, and says so in Chinese when the file has vanished', async () => {
    const file = path.join(ctx.files, 'w.xingtu');
    await writeFile(file, 'v1');
    ctx.dialogs.willOpen(file);
    await ctx.call(IPC_CHANNELS.openWorkspace);
    const [entry] = await ctx.call(IPC_CHANNELS.recentWorkspaces);
    const reopened = await ctx.call(IPC_CHANNELS.openRecent, entry.token);
    expect(reopened).toMatchObject({ token: entry.token, name: 'w.xingtu' });
    expect(dec(reopened.bytes)).toBe('v1');

    await unlink(file);
    await expect(ctx.call(IPC_CHANNELS.openRecent, entry.token)).rejects.toThrow('文件已不存在或无法读取：w.xingtu');
    // It stays listed: it may be on a drive that is not plugged in right now.
    expect(await ctx.call(IPC_CHANNELS.recentWorkspaces)).toHaveLength(1);
    expect(ctx.dialogCalls()).toBe(1);
  });

  it('keeps at most 10 recent workspaces, newest first, in recent.json', async () => {
    for (let i = 0; i < 12; i++) {
      const file = path.join(ctx.files, `w${i}.xingtu`);
      await writeFile(file, String(i));
      ctx.dialogs.willOpen(file);
      await ctx.call(IPC_CHANNELS.openWorkspace);
    }
    const recent = await ctx.call(IPC_CHANNELS.recentWorkspaces);
    expect(recent.map((r: any) => r.name)).toEqual(Array.from({ length: MAX_RECENT }, (_, i) => `w${11 - i}.xingtu`));
    const stored = JSON.parse(await readFile(path.join(ctx.userData, 'recent.json'), 'utf8'));
    expect(stored.entries).toHaveLength(MAX_RECENT);
    expect(stored.entries[0].path).toBe(path.join(ctx.files, 'w11.xingtu'));
    expect(await readdir(ctx.userData)).toEqual(['recent.json']); // no temp file left
    // A fresh process reads the same list.
    expect((await new RecentList(path.join(ctx.userData, 'recent.json')).list()).map((e) => path.basename(e.path))[0]).toBe('w11.xingtu');
  });

  it('ignores a corrupt or hostile recent.json', async () => {
    const file = path.join(ctx.userData, 'recent.json');
    await writeFile(file, '{not json');
    expect(await new RecentList(file).list()).toEqual([]);
    await writeFile(
      file,
      JSON.stringify({
        entries: [
          { path: 'relative/x.xingtu', usedAt: '2024-01-01T00:00:00.000Z' },
          { path: path.join(ctx.files, 'ok.xingtu'), usedAt: 'yesterday' },
          { path: 42, usedAt: '2024-01-01T00:00:00.000Z' },
          { path: path.join(ctx.files, 'notes.txt'), usedAt: '2024-01-01T00:00:00.000Z', writable: true }, // not a workspace
          { path: path.join(ctx.files, 'ok.xingtu'), usedAt: '2024-01-01T00:00:00.000Z', writable: 'yes' },
          { path: path.join(ctx.files, 'ok.xingtu'), usedAt: '2024-01-02T00:00:00.000Z' },
          { path: path.join(ctx.files, 'saved.XINGTU'), usedAt: '2024-01-02T00:00:00.000Z', writable: true },
        ],
      }),
    );
    expect(await new RecentList(file).list()).toEqual([
      { path: path.join(ctx.files, 'ok.xingtu'), usedAt: '2024-01-01T00:00:00.000Z', writable: false },
      { path: path.join(ctx.files, 'saved.XINGTU'), usedAt: '2024-01-02T00:00:00.000Z', writable: true },
    ]);
  });

  it('saves a new workspace through the save dialog, then back in place by token, atomically', async () => {
    const chosen = path.join(ctx.files, '我的工作区'); // GTK dialogs do not add the extension
    ctx.dialogs.willSave(chosen);
    const saved = await ctx.call(IPC_CHANNELS.saveWorkspace, enc('first'), { suggestedName: '新工作区.xingtu' });
    expect(saved).toEqual({ token: expect.stringMatching(TOKEN), name: '我的工作区.xingtu' });
    expect(await readFile(`${chosen}.xingtu`, 'utf8')).toBe('first');
    const [parent, options] = ctx.dialogs.dialog.showSaveDialog.mock.calls[0]!;
    expect(parent).toBe(ctx.win);
    expect(options).toMatchObject({
      defaultPath: path.join(ctx.documents, '新工作区.xingtu'),
      filters: [{ name: '星图工作区', extensions: ['xingtu'] }],
    });

    // Save again with the token: no dialog, same file.
    const again = await ctx.call(IPC_CHANNELS.saveWorkspace, enc('second'), { token: saved.token, suggestedName: 'ignored.xingtu' });
    expect(again).toEqual(saved);
    expect(ctx.dialogs.dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    expect(await readFile(`${chosen}.xingtu`, 'utf8')).toBe('second');
    expect(await readdir(ctx.files)).toEqual(['我的工作区.xingtu']);

    // Save as: dialog again, starting in the file's folder.
    ctx.dialogs.willSave(path.join(ctx.files, 'copy.xingtu'));
    const copy = await ctx.call(IPC_CHANNELS.saveWorkspace, enc('third'), { token: saved.token, saveAs: true, suggestedName: 'copy.xingtu' });
    expect(copy.name).toBe('copy.xingtu');
    expect(copy.token).not.toBe(saved.token);
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[1]![1].defaultPath).toBe(path.join(ctx.files, 'copy.xingtu'));
    expect(await readFile(`${chosen}.xingtu`, 'utf8')).toBe('second');
    expect((await ctx.call(IPC_CHANNELS.recentWorkspaces)).map((r: any) => r.name)).toEqual(['copy.xingtu', '我的工作区.xingtu']);
  });

  it('saves nothing when the save dialog is cancelled', async () => {
    ctx.dialogs.willCancelSave();
    await expect(ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { suggestedName: 'a.xingtu' })).resolves.toBeNull();
    expect(await readdir(ctx.files)).toEqual([]);
    expect(await readdir(ctx.documents)).toEqual([]);
  });

  it('sanitises the suggested name for the dialog', async () => {
    ctx.dialogs.willCancelSave();
    await ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { suggestedName: '季度<汇总>|"版"?*. ' });
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[0]![1].defaultPath).toBe(path.join(ctx.documents, '季度_汇总___版___.xingtu'));
    ctx.dialogs.willCancelSave();
    await ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { suggestedName: 'CON.xingtu' });
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[1]![1].defaultPath).toBe(path.join(ctx.documents, '_CON.xingtu'));
    // A drive letter or an NTFS stream name becomes harmless.
    ctx.dialogs.willCancelSave();
    await ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { suggestedName: 'C:x.xingtu:evil' });
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[2]![1].defaultPath).toBe(path.join(ctx.documents, 'C_x.xingtu_evil.xingtu'));
  });

  it('reports a failed write in Chinese', async () => {
    ctx.dialogs.willSave(path.join(ctx.files, 'no-such-folder', 'a.xingtu'));
    await expect(ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { suggestedName: 'a.xingtu' })).rejects.toThrow('无法保存“a.xingtu”：文件或文件夹不存在。');
  });

  it('does not accept an export token where a workspace token is expected', async () => {
    ctx.dialogs.willSave(path.join(ctx.files, 'out.csv'));
    const exported = await ctx.call(IPC_CHANNELS.saveFile, { suggestedName: 'out.csv', filter: { name: 'CSV 表格', extensions: ['csv'] }, bytes: enc('a,b') });
    await expect(ctx.call(IPC_CHANNELS.openRecent, exported.token)).rejects.toThrow(/unknown token/);
    await expect(ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { token: exported.token, suggestedName: 'a.xingtu' })).rejects.toThrow(/unknown token/);
    expect(await readFile(path.join(ctx.files, 'out.csv'), 'utf8')).toBe('a,b');
  });
});

describe('autosave', () => {
  it('writes atomically into userData/autosave and reads copies newest first', async () => {
    const ctx = await setup();
    await expect(ctx.call(IPC_CHANNELS.readAutosaves)).resolves.toEqual([]);
    await expect(ctx.call(IPC_CHANNELS.writeAutosave, enc('v1'))).resolves.toBeUndefined();
    expect((await ctx.call(IPC_CHANNELS.readAutosaves)).map(dec)).toEqual(['v1']);
    await new Promise((r) => setTimeout(r, 20)); // distinct mtimes
    await ctx.call(IPC_CHANNELS.writeAutosave, enc('v2'));
    expect((await ctx.call(IPC_CHANNELS.readAutosaves)).map(dec)).toEqual(['v2', 'v1']);
    await ctx.call(IPC_CHANNELS.writeAutosave, enc('v3'));
    expect((await ctx.call(IPC_CHANNELS.readAutosaves)).map(dec)).toEqual(['v3', 'v2']);
    const dir = path.join(ctx.userData, 'autosave');
    expect((await readdir(dir)).sort()).toEqual(['workspace.xingtu', 'workspace.xingtu.bak']);

    // A lost current copy still leaves the backup; an empty one is not offered.
    await unlink(path.join(dir, 'workspace.xingtu'));
    expect((await ctx.call(IPC_CHANNELS.readAutosaves)).map(dec)).toEqual(['v2']);
    await writeFile(path.join(dir, 'workspace.xingtu'), '');
    expect((await ctx.call(IPC_CHANNELS.readAutosaves)).map(dec)).toEqual(['v2']);
  });
});

describe('exports', () => {
  it('saveFile: native dialog with the given filter, extension added, atomic write', async () => {
    const ctx = await setup();
    ctx.dialogs.willSave(path.join(ctx.files, '排名'));
    const result = await ctx.call(IPC_CHANNELS.saveFile, {
      suggestedName: '排名-2024Q3.xlsx',
      filter: { name: 'Excel 工作簿', extensions: ['xlsx'] },
      bytes: enc('PK-fake-xlsx'),
    });
    expect(result).toEqual({ token: expect.stringMatching(TOKEN), name: '排名.xlsx' });
    expect(await readFile(path.join(ctx.files, '排名.xlsx'), 'utf8')).toBe('PK-fake-xlsx');
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({
      defaultPath: path.join(ctx.documents, '排名-2024Q3.xlsx'),
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    // The next dialog starts where the user saved last time.
    ctx.dialogs.willCancelSave();
    await expect(ctx.call(IPC_CHANNELS.saveFile, { suggestedName: 'b.csv', filter: { name: 'CSV 表格', extensions: ['csv'] }, bytes: enc('') })).resolves.toBeNull();
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[1]![1].defaultPath).toBe(path.join(ctx.files, 'b.csv'));
  });

  it('printToPdf: prints the sender page to A4 with the agreed options, then asks where to save', async () => {
    const ctx = await setup();
    ctx.dialogs.willSave(path.join(ctx.files, '简报.pdf'));
    const result = await ctx.call(IPC_CHANNELS.printToPdf, { suggestedName: '简报-2024Q3.pdf' });
    expect(ctx.win.webContents.printToPDF).toHaveBeenCalledWith({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(PDF_OPTIONS).toEqual({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(result).toEqual({ token: expect.stringMatching(TOKEN), name: '简报.pdf' });
    expect(await readFile(path.join(ctx.files, '简报.pdf'), 'utf8')).toBe('%PDF-1.7 fake');
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({ filters: [{ name: 'PDF 文档', extensions: ['pdf'] }] });

    ctx.dialogs.willCancelSave();
    await expect(ctx.call(IPC_CHANNELS.printToPdf, { suggestedName: 'x.pdf' })).resolves.toBeNull();
  });

  it('printToPdf: a failed print is reported in Chinese, with no dialog', async () => {
    const ctx = await setup();
    vi.mocked(ctx.win.webContents.printToPDF).mockRejectedValueOnce(new Error('boom'));
    await expect(ctx.call(IPC_CHANNELS.printToPdf, { suggestedName: 'x.pdf' })).rejects.toThrow('生成 PDF 失败，请稍后重试。');
    expect(ctx.dialogCalls()).toBe(0);
  });
});

describe('grants: no wider than what the user chose', () => {
  it('a workspace picked in the open dialog is read, not writable: 保存 opens the save dialog at that file, once', async () => {
    const ctx = await setup();
    const file = path.join(ctx.files, '收到的工作区.xingtu');
    await writeFile(file, 'theirs');
    ctx.dialogs.willOpen(file);
    const [opened] = await ctx.call(IPC_CHANNELS.openWorkspace);

    ctx.dialogs.willCancelSave();
    await expect(ctx.call(IPC_CHANNELS.saveWorkspace, enc('mine'), { token: opened.token, suggestedName: '别的.xingtu' })).resolves.toBeNull();
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({ title: '保存工作区', defaultPath: file });
    expect(await readFile(file, 'utf8')).toBe('theirs');

    ctx.dialogs.willSave(file); // the user confirms the same file
    await expect(ctx.call(IPC_CHANNELS.saveWorkspace, enc('mine'), { token: opened.token, suggestedName: '别的.xingtu' })).resolves.toEqual({
      token: opened.token,
      name: '收到的工作区.xingtu',
    });
    expect(await readFile(file, 'utf8')).toBe('mine');
    // Confirmed: from now on 保存 writes in place.
    await ctx.call(IPC_CHANNELS.saveWorkspace, enc('mine, later'), { token: opened.token, suggestedName: '别的.xingtu' });
    expect(await readFile(file, 'utf8')).toBe('mine, later');
    expect(ctx.dialogs.dialog.showSaveDialog).toHaveBeenCalledTimes(2);
  });

  it('files picked for a merge are read once: not readable again, not writable, not recent', async () => {
    const ctx = await setup();
    const a = path.join(ctx.files, 'a.xingtu');
    const b = path.join(ctx.files, 'b.xingtu');
    await writeFile(a, 'A');
    await writeFile(b, 'B');
    ctx.dialogs.willOpen(a, b);
    const picked = await ctx.call(IPC_CHANNELS.openWorkspace, { multi: true });
    await expect(ctx.call(IPC_CHANNELS.openRecent, picked[0].token)).rejects.toThrow('“a.xingtu”已不在最近使用的工作区中，请用“打开工作区”重新选择。');
    ctx.dialogs.willCancelSave();
    await expect(ctx.call(IPC_CHANNELS.saveWorkspace, enc('x'), { token: picked[1].token, suggestedName: 'm.xingtu' })).resolves.toBeNull();
    expect(ctx.dialogs.dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    expect([await readFile(a, 'utf8'), await readFile(b, 'utf8')]).toEqual(['A', 'B']);
    await expect(ctx.call(IPC_CHANNELS.recentWorkspaces)).resolves.toEqual([]);
  });

  it('a file that is not a .xingtu workspace is read but not remembered', async () => {
    const ctx = await setup();
    const other = path.join(ctx.files, 'notes.txt');
    await writeFile(other, 'not a workspace');
    ctx.dialogs.willOpen(other);
    const [opened] = await ctx.call(IPC_CHANNELS.openWorkspace);
    expect(dec(opened.bytes)).toBe('not a workspace');
    await expect(ctx.call(IPC_CHANNELS.recentWorkspaces)).resolves.toEqual([]);
    await expect(ctx.call(IPC_CHANNELS.openRecent, opened.token)).rejects.toThrow(/已不在最近使用的工作区中/);
  });

  it('after a restart only a workspace saved through a save dialog is saved in place; listing grants nothing', async () => {
    const before = await setup();
    const saved = path.join(before.files, '保存过的.xingtu');
    const openedOnly = path.join(before.files, '只打开过的.xingtu');
    before.dialogs.willSave(saved);
    await before.call(IPC_CHANNELS.saveWorkspace, enc('s1'), { suggestedName: '保存过的.xingtu' });
    await writeFile(openedOnly, 'o1');
    before.dialogs.willOpen(openedOnly);
    await before.call(IPC_CHANNELS.openWorkspace);

    const after = await setup(before.base);
    const list = await after.call(IPC_CHANNELS.recentWorkspaces);
    expect(list.map((r: any) => r.name)).toEqual(['只打开过的.xingtu', '保存过的.xingtu']);
    const [openedEntry, savedEntry] = list;

    // A token from the list alone writes nothing: the save dialog opens at the file.
    after.dialogs.willCancelSave();
    await expect(after.call(IPC_CHANNELS.saveWorkspace, enc('s2'), { token: savedEntry.token, suggestedName: 'x.xingtu' })).resolves.toBeNull();
    expect(after.dialogs.dialog.showSaveDialog.mock.calls[0]![1].defaultPath).toBe(saved);

    // Reopened, the file chosen in a save dialog before the restart is written in place.
    expect(dec((await after.call(IPC_CHANNELS.openRecent, savedEntry.token)).bytes)).toBe('s1');
    await after.call(IPC_CHANNELS.saveWorkspace, enc('s2'), { token: savedEntry.token, suggestedName: 'x.xingtu' });
    expect(await readFile(saved, 'utf8')).toBe('s2');
    expect(after.dialogs.dialog.showSaveDialog).toHaveBeenCalledTimes(1);

    // The file that was only ever opened is read, and saving it asks first.
    expect(dec((await after.call(IPC_CHANNELS.openRecent, openedEntry.token)).bytes)).toBe('o1');
    after.dialogs.willCancelSave();
    await expect(after.call(IPC_CHANNELS.saveWorkspace, enc('o2'), { token: openedEntry.token, suggestedName: 'x.xingtu' })).resolves.toBeNull();
    expect(after.dialogs.dialog.showSaveDialog.mock.calls[1]![1].defaultPath).toBe(openedOnly);
    expect(await readFile(openedOnly, 'utf8')).toBe('o1');

    // Opening the saved file through the open dialog restores its grant the same way.
    const third = await setup(before.base);
    third.dialogs.willOpen(saved);
    const [again] = await third.call(IPC_CHANNELS.openWorkspace);
    await third.call(IPC_CHANNELS.saveWorkspace, enc('s3'), { token: again.token, suggestedName: 'x.xingtu' });
    expect(await readFile(saved, 'utf8')).toBe('s3');
    expect(third.dialogs.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('file:save writes only the extension of its kind, whatever name is suggested or typed', async () => {
    const ctx = await setup();
    ctx.dialogs.willSave(path.join(ctx.files, '简报.exe'));
    const result = await ctx.call(IPC_CHANNELS.saveFile, { suggestedName: '简报.exe', filter: { name: 'PDF 文档', extensions: ['pdf'] }, bytes: enc('%PDF') });
    expect(ctx.dialogs.dialog.showSaveDialog.mock.calls[0]![1]).toMatchObject({
      defaultPath: path.join(ctx.documents, '简报.exe.pdf'),
      filters: [{ name: 'PDF 文档', extensions: ['pdf'] }],
    });
    expect(result.name).toBe('简报.exe.pdf');
    expect(await readdir(ctx.files)).toEqual(['简报.exe.pdf']);
  });
});

describe('window channels', () => {
  it('setDocumentState sets the sender window title with the unsaved marker', async () => {
    const ctx = await setup();
    await ctx.call(IPC_CHANNELS.setDocumentState, { title: '城关镇.xingtu', dirty: false });
    expect(ctx.win.setTitle).toHaveBeenLastCalledWith('星图 — 城关镇.xingtu');
    await ctx.call(IPC_CHANNELS.setDocumentState, { title: '城关镇.xingtu', dirty: true });
    expect(ctx.win.setTitle).toHaveBeenLastCalledWith('● 星图 — 城关镇.xingtu');
    await ctx.call(IPC_CHANNELS.setDocumentState, { title: '  ', dirty: false });
    expect(ctx.win.setTitle).toHaveBeenLastCalledWith('星图');
    await ctx.call(IPC_CHANNELS.setDocumentState, { title: 'a\u0007b\u202E', dirty: false });
    expect(ctx.win.setTitle).toHaveBeenLastCalledWith('星图 — ab');
  });

  it('closeReady completes a pending close; calls from another window do nothing', async () => {
    const ctx = await setup();
    expect(ctx.win.tryClose()).toBe(true);
    expect(ctx.win.sent).toEqual([{ channel: 'window:before-close', args: [] }]);
    const other = new FakeWindow({});
    await ctx.ipc.invoke(IPC_CHANNELS.closeReady, other.event(APP_URL));
    expect(ctx.win.destroyed).toBe(false);
    await ctx.call(IPC_CHANNELS.closeReady);
    await vi.waitFor(() => expect(ctx.win.destroyed).toBe(true));
  });
});
