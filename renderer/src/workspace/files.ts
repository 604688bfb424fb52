/**
 * Where workspace files come from and go to, the same calls in both front doors:
 *
 * - desktop: the shell's native dialogs, atomic writes, recent list and autosave folder
 *   (window.xingtu, electron/api.ts);
 * - browser: the File System Access pickers where the browser has them (Chromium), else
 *   an <input type=file> and a download; recent files as FileSystemFileHandles in
 *   IndexedDB (names only without handles); autosaves in IndexedDB.
 *
 * Same .xingtu bytes everywhere.
 */
import { isDesktop } from '../platform/files.ts';
import { idb } from './idb.ts';

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
  /** Desktop token or browser handle id: a plain save writes back here. */
  token: string | null;
}

export interface RecentEntry {
  /** Desktop token, or browser handle id / name. */
  id: string;
  name: string;
  usedAt: string;
  /** False in a browser without file handles: the entry can only be picked again. */
  reopenable: boolean;
}

// ---------------------------------------------------------------------------------------------
// Browser: File System Access API (typed here: not in TypeScript's DOM lib)

interface FilePickerOptions {
  multiple?: boolean;
  suggestedName?: string;
  types?: Array<{ description: string; accept: Record<string, string[]> }>;
  excludeAcceptAllOption?: boolean;
}

interface FileHandleLike {
  kind: 'file';
  name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: BlobPart): Promise<void>; close(): Promise<void>; abort?(): Promise<void> }>;
  queryPermission?(o: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(o: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  isSameEntry?(other: FileHandleLike): Promise<boolean>;
}

type PickerWindow = Window & {
  showOpenFilePicker?: (o?: FilePickerOptions) => Promise<FileHandleLike[]>;
  showSaveFilePicker?: (o?: FilePickerOptions) => Promise<FileHandleLike>;
};

const TYPES = [{ description: '星图工作区', accept: { 'application/octet-stream': ['.xingtu'] } }];
const pickerWindow = () => window as PickerWindow;

/** Handles picked in this page, by id (the workspace store's token). */
const handles = new Map<string, FileHandleLike>();
let nextHandle = 1;

function remember(handle: FileHandleLike): string {
  for (const [id, h] of handles) if (h === handle) return id;
  const id = `h${Date.now().toString(36)}-${nextHandle++}`;
  handles.set(id, handle);
  return id;
}

const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError';

/** An <input type=file>, for browsers without pickers. Resolves [] when the user cancels. */
function inputPick(multiple: boolean): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xingtu';
    input.multiple = multiple;
    input.dataset.testid = 'workspace-input';
    input.style.display = 'none';
    let done = false;
    const finish = (files: File[]) => {
      if (done) return;
      done = true;
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => finish([...(input.files ?? [])]));
    input.addEventListener('cancel', () => finish([]));
    document.body.append(input);
    input.click();
  });
}

async function fileBytes(f: File): Promise<Uint8Array> {
  return new Uint8Array(await f.arrayBuffer());
}

// ---------------------------------------------------------------------------------------------
// Public calls

/** Asks for one workspace file (or several, for merging). null when cancelled. */
export async function pickWorkspaces(multi: boolean): Promise<PickedFile[] | null> {
  if (isDesktop()) {
    const files = await window.xingtu!.openWorkspace({ multi });
    return files?.length ? files.map((f) => ({ name: f.name, bytes: f.bytes, token: f.token })) : null;
  }
  const w = pickerWindow();
  if (w.showOpenFilePicker) {
    let picked: FileHandleLike[];
    try {
      picked = await w.showOpenFilePicker({ multiple: multi, types: TYPES });
    } catch (e) {
      if (isAbort(e)) return null;
      throw e;
    }
    return Promise.all(picked.map(async (h) => ({ name: h.name, bytes: await fileBytes(await h.getFile()), token: remember(h) })));
  }
  const files = await inputPick(multi);
  return files.length ? Promise.all(files.map(async (f) => ({ name: f.name, bytes: await fileBytes(f), token: null }))) : null;
}

export interface SaveTarget {
  token: string | null;
  name: string;
  /** True when the browser downloaded the file (no place to write back to). */
  downloaded: boolean;
}

/**
 * Writes workspace bytes: back to `token` unless `saveAs`, else wherever the user picks.
 * Desktop writes are atomic (temp file + rename, in the shell); the browser's file handle
 * writes to a swap file that replaces the original on close, likewise all or nothing.
 * null when the user cancelled.
 */
export async function saveWorkspaceFile(bytes: Uint8Array, o: { token: string | null; saveAs: boolean; suggestedName: string }): Promise<SaveTarget | null> {
  if (isDesktop()) {
    const api = window.xingtu!;
    let saved;
    try {
      saved = await api.saveWorkspace(bytes, {
        ...(o.token && !o.saveAs ? { token: o.token } : {}), saveAs: o.saveAs || !o.token, suggestedName: o.suggestedName,
      });
    } catch (e) {
      // The shell's file tokens live as long as its process: after a restart (e.g. work
      // recovered from an autosave) the old token is unknown, so ask where to save instead.
      if (!o.token || o.saveAs || !/unknown token/.test((e as Error).message)) throw e;
      saved = await api.saveWorkspace(bytes, { saveAs: true, suggestedName: o.suggestedName });
    }
    return saved ? { token: saved.token, name: saved.name, downloaded: false } : null;
  }
  const w = pickerWindow();
  let handle = o.token && !o.saveAs ? handles.get(o.token) : undefined;
  if (!handle && w.showSaveFilePicker) {
    try {
      handle = await w.showSaveFilePicker({ suggestedName: o.suggestedName, types: TYPES });
    } catch (e) {
      if (isAbort(e)) return null;
      throw e;
    }
  }
  if (handle) {
    if (handle.queryPermission && (await handle.queryPermission({ mode: 'readwrite' })) !== 'granted') {
      if ((await handle.requestPermission?.({ mode: 'readwrite' })) !== 'granted') throw new Error('浏览器没有授予写入该文件的权限');
    }
    const out = await handle.createWritable();
    try {
      await out.write(bytes as Uint8Array<ArrayBuffer>);
      await out.close();
    } catch (e) {
      await out.abort?.().catch(() => undefined);
      throw e;
    }
    return { token: remember(handle), name: handle.name, downloaded: false };
  }
  // No pickers: a download, named as suggested.
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = o.suggestedName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { token: null, name: o.suggestedName, downloaded: true };
}

// ---------------------------------------------------------------------------------------------
// Recent workspaces

interface StoredRecent {
  id: string;
  name: string;
  usedAt: string;
  handle?: FileHandleLike;
}

const RECENT_LIMIT = 8;

export async function recentWorkspaces(): Promise<RecentEntry[]> {
  if (isDesktop()) {
    const list = await window.xingtu!.recentWorkspaces().catch(() => []);
    return list.map((r) => ({ id: r.token, name: r.name, usedAt: r.usedAt, reopenable: true }));
  }
  const list = await idb.all<StoredRecent>('recent');
  return list
    .sort((a, b) => b.usedAt.localeCompare(a.usedAt))
    .slice(0, RECENT_LIMIT)
    .map((r) => ({ id: r.id, name: r.name, usedAt: r.usedAt, reopenable: r.handle != null }));
}

/** Notes a workspace as used now (browser; the desktop shell keeps its own list). */
export async function noteRecent(token: string | null, name: string): Promise<void> {
  if (isDesktop()) return;
  const handle = token ? handles.get(token) : undefined;
  const all = await idb.all<StoredRecent>('recent');
  // One entry per file: same handle (isSameEntry) or, without handles, same name.
  for (const r of all) {
    let same = false;
    if (handle && r.handle) same = (await r.handle.isSameEntry?.(handle).catch(() => false)) ?? false;
    else if (!handle && !r.handle) same = r.name === name;
    if (same) await idb.delete('recent', r.id);
  }
  const id = token ?? `name:${name}`;
  await idb.put('recent', { id, name, usedAt: new Date().toISOString(), ...(handle ? { handle } : {}) } satisfies StoredRecent);
  const sorted = (await idb.all<StoredRecent>('recent')).sort((a, b) => b.usedAt.localeCompare(a.usedAt));
  for (const r of sorted.slice(RECENT_LIMIT)) await idb.delete('recent', r.id);
}

/** Reopens a recent workspace. Rejects with a Chinese message when it cannot. */
export async function openRecentWorkspace(entry: RecentEntry): Promise<PickedFile> {
  if (isDesktop()) {
    const f = await window.xingtu!.openRecent(entry.id);
    return { name: f.name, bytes: f.bytes, token: f.token };
  }
  const stored = await idb.get<StoredRecent>('recent', entry.id);
  const handle = stored?.handle;
  if (!handle) throw new Error(`浏览器版无法直接重新打开“${entry.name}”，请用“打开工作区”重新选择该文件`);
  if (handle.queryPermission && (await handle.queryPermission({ mode: 'read' })) !== 'granted') {
    if ((await handle.requestPermission?.({ mode: 'read' })) !== 'granted') throw new Error(`浏览器没有授予读取“${entry.name}”的权限`);
  }
  let file: File;
  try {
    file = await handle.getFile();
  } catch {
    throw new Error(`找不到“${entry.name}”，它可能已被移动、改名或删除。请用“打开工作区”重新选择该文件`);
  }
  return { name: handle.name, bytes: await fileBytes(file), token: remember(handle) };
}

// ---------------------------------------------------------------------------------------------
// Autosave

interface StoredAutosave {
  bytes: Uint8Array;
  savedAt: string;
}

/**
 * Keeps a copy of unsaved work. Desktop: the shell's autosave folder (atomic, previous copy
 * kept as .bak). Browser: IndexedDB, the previous copy kept under 'previous' in the same
 * transaction.
 */
export async function writeAutosave(bytes: Uint8Array): Promise<void> {
  if (isDesktop()) return window.xingtu!.writeAutosave(bytes);
  await idb.rotate('autosave', 'current', 'previous', { bytes, savedAt: new Date().toISOString() } satisfies StoredAutosave);
}

/** Autosave copies, newest first. */
export async function readAutosaves(): Promise<Uint8Array[]> {
  if (isDesktop()) return window.xingtu!.readAutosaves().catch(() => []);
  const out: Uint8Array[] = [];
  for (const key of ['current', 'previous']) {
    const v = await idb.get<StoredAutosave>('autosave', key);
    if (v?.bytes instanceof Uint8Array) out.push(v.bytes);
  }
  return out;
}
