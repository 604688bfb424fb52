/**
 * The workspace actions behind the header menu, the keyboard and the desktop menu:
 * new, open (a file, a recent entry, an autosave), save, save as, merge, autosave.
 * Every failure ends in a Chinese message with what to do, and none of them leaves the
 * window blank: a file that cannot be opened leaves the open workspace as it was.
 */
import { version as APP_VERSION } from '../../../package.json';
import { loadedCounties, loadedStatus, onlySampleLoaded, purgeTrash, workspaceEmpty } from '../../../shared/datasets.ts';
import { listPeriods } from '../../../shared/engine.ts';
import { periodLabel, parsePeriodKey } from '../../../shared/period.ts';
import { wholeName } from '../../../shared/scope.ts';
import {
  WorkspaceError, clearWorkspace, exportWorkspace, mergeWorkspaces, readWorkspace, restoreWorkspace,
  workspaceFileName, workspaceNameFromFile, type MergeResult, type Workspace,
} from '../../../shared/workspace/index.ts';
import { loadSample } from '../boot.ts';
import type { Coordinator } from '../data/coordinator.ts';
import { filterStore } from '../state/filter-store.ts';
import { notify } from '../state/toast.ts';
import { undoStore } from '../state/undo.ts';
import { ask, dialogOpen, type FileSummary } from './dialogs.ts';
import {
  noteRecent, openRecentWorkspace, pickWorkspaces, readAutosaves, saveWorkspaceFile, writeAutosave,
  type PickedFile, type RecentEntry,
} from './files.ts';
import { onPartRegistered, workspaceParts, type WorkspacePart } from './parts.ts';
import {
  SAMPLE_WORKSPACE_NAME, UNTITLED_WORKSPACE_NAME, changeCount, markChanged, quietly, readSession, workspaceStore, writeSession,
  type WorkspaceState,
} from './store.ts';

let coordinator: Coordinator | null = null;

/**
 * The host hands over the engine once it is up. From then on every dataset change and
 * every workspace part's change marks the workspace dirty. Returns a detach function.
 */
export function attachCoordinator(c: Coordinator): () => void {
  coordinator = c;
  const offs = [c.subscribe(markChanged), c.subscribe(() => void nameAfterData(c))];
  const seen = new Set<string>();
  const watch = (p: WorkspacePart) => {
    if (seen.has(p.key)) return;
    seen.add(p.key);
    offs.push(p.subscribe(markChanged));
  };
  workspaceParts().forEach(watch);
  offs.push(onPartRegistered(watch));
  return () => offs.forEach((off) => off());
}

/**
 * A workspace that has no file yet (the sample, a new or merged one) is named after its
 * data: 示例数据 while only the sample is loaded, the county's name once real data is
 * (河口县; 甲县、乙县; 全市), 未命名工作区 when empty or when the data names no county. The
 * header, the window title and the suggested file name follow the name.
 */
async function nameAfterData(c: Coordinator): Promise<void> {
  const before = workspaceStore.get();
  if (before.origin !== 'sample' && before.origin !== 'new') return;
  const [empty, onlySample, counties] = await Promise.all([workspaceEmpty(c.db), onlySampleLoaded(c.db), loadedCounties(c.db)]);
  const now = workspaceStore.get();
  // Opened, saved or recovered meanwhile: that name wins.
  if (now.origin !== before.origin || now.lastSavedAt !== before.lastSavedAt || now.token !== before.token) return;
  const name = onlySample ? SAMPLE_WORKSPACE_NAME : empty || counties.length === 0 ? UNTITLED_WORKSPACE_NAME : wholeName(counties);
  const origin = onlySample ? 'sample' : 'new';
  if (now.name !== name || now.origin !== origin) workspaceStore.set({ name, origin });
}

function engine(): Coordinator {
  if (!coordinator) throw new Error('分析引擎尚未就绪');
  return coordinator;
}

const recentListeners = new Set<() => void>();
/** The recent list changed (a save or open): the menu re-reads it. */
export function onRecentChanged(l: () => void): () => void {
  recentListeners.add(l);
  return () => recentListeners.delete(l);
}
async function recent(token: string | null, name: string): Promise<void> {
  await noteRecent(token, name).catch(() => undefined);
  for (const l of recentListeners) l();
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs one action at a time, with its label in the header. */
async function exclusive<T>(label: string, run: () => Promise<T>): Promise<T | undefined> {
  if (workspaceStore.get().busy || dialogOpen()) return undefined;
  workspaceStore.set({ busy: label });
  try {
    return await run();
  } finally {
    workspaceStore.set({ busy: null });
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

function collectParts(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of workspaceParts()) {
    try {
      out[part.key] = part.save();
    } catch (e) {
      notify(`“${part.key}”未能保存到工作区：${message(e)}`, 'error');
    }
  }
  return out;
}

async function snapshot(name: string): Promise<Uint8Array> {
  return exportWorkspace(engine().db, collectParts(), { name, appVersion: APP_VERSION });
}

/** Puts a read workspace into the engine and hands every part its JSON. Not dirty afterwards. */
async function apply(ws: Workspace): Promise<void> {
  const c = engine();
  await quietly(async () => {
    await c.mutate((db) => restoreWorkspace(db, ws));
    for (const part of workspaceParts()) {
      try {
        part.restore(ws.parts[part.key]);
      } catch (e) {
        notify(`工作区中的“${part.key}”未能恢复：${message(e)}`, 'error');
      }
    }
  });
  afterReplace();
  for (const w of ws.warnings) notify(w, 'error', 8000);
}

/** After the data was replaced: nothing to undo, and the county / township filter starts over. */
function afterReplace(): void {
  undoStore.clear();
  filterStore.set({ counties: [], townships: [] });
}

function setOpened(s: Partial<WorkspaceState> & Pick<WorkspaceState, 'name' | 'token' | 'origin'>): void {
  const savedAt = new Date().toISOString();
  workspaceStore.set({ dirty: false, lastSavedAt: savedAt, ...s });
  writeSession({ name: s.name, token: s.token, savedAt });
}

async function countsText(): Promise<string> {
  const s = await loadedStatus(engine().db);
  return `${s.datasets} 个数据集、${s.ratings.toLocaleString('zh-CN')} 条评定记录`;
}

// ---------------------------------------------------------------------------------------------
// Unsaved changes

/** Before replacing the open workspace: save, discard or cancel. Resolves true to go on. */
async function confirmDiscard(action: string): Promise<boolean> {
  const s = workspaceStore.get();
  if (!s.dirty) return true;
  const choice = await ask({ kind: 'unsaved', action, name: s.name });
  if (choice === 'cancel') return false;
  if (choice === 'discard') return true;
  return save(false, true);
}

// ---------------------------------------------------------------------------------------------
// Save

/** Save (back to its file, or asks where) or save as. Resolves true when written. */
export async function saveWorkspace(saveAs = false): Promise<boolean> {
  return (await exclusive(saveAs ? '正在另存为…' : '正在保存…', () => save(saveAs, false))) ?? false;
}

async function save(saveAs: boolean, nested: boolean): Promise<boolean> {
  const s = workspaceStore.get();
  if (nested) workspaceStore.set({ busy: '正在保存…' });
  const count = changeCount();
  try {
    const bytes = await snapshot(s.name);
    const target = await saveWorkspaceFile(bytes, { token: s.token, saveAs, suggestedName: workspaceFileName(s.name) });
    if (!target) return false;
    // The file is written: removals become final (DESIGN: undo until saved).
    await purgeTrash(engine().db);
    undoStore.clear();
    const name = workspaceNameFromFile(target.name, s.name);
    const savedAt = new Date().toISOString();
    workspaceStore.set({ name, token: target.token, origin: 'file', dirty: changeCount() !== count, lastSavedAt: savedAt });
    writeSession({ name, token: target.token, savedAt });
    await recent(target.token, target.name);
    const size = bytes.length >= 1024 * 1024 ? `${(bytes.length / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes.length / 1024))} KB`;
    notify(target.downloaded
      ? `已保存工作区“${name}”（${size}），文件已下载到浏览器的下载文件夹`
      : `已保存工作区“${name}”（${size}）`);
    return true;
  } catch (e) {
    notify(`保存工作区失败：${message(e)}。当前数据未受影响，请重试，或用“另存为”保存到其他位置。`, 'error', 12_000);
    return false;
  } finally {
    if (nested) workspaceStore.set({ busy: null });
  }
}

// ---------------------------------------------------------------------------------------------
// Open

export async function openWorkspace(): Promise<void> {
  if (workspaceStore.get().busy || dialogOpen()) return;
  if (!(await confirmDiscard('打开其他工作区'))) return;
  let picked: PickedFile[] | null;
  try {
    picked = await pickWorkspaces(false);
  } catch (e) {
    notify(`无法选择文件：${message(e)}`, 'error');
    return;
  }
  if (picked) await openPicked(picked[0]);
}

export async function openRecent(entry: RecentEntry): Promise<void> {
  if (workspaceStore.get().busy || dialogOpen()) return;
  if (!(await confirmDiscard('打开其他工作区'))) return;
  let file: PickedFile;
  try {
    file = await openRecentWorkspace(entry);
  } catch (e) {
    notify(message(e), 'error', 10_000);
    return;
  }
  await openPicked(file);
}

/** Opens bytes someone picked. A bad file gets the error dialog; the open workspace stays. */
export async function openPicked(file: PickedFile): Promise<boolean> {
  let failure: unknown = null;
  const ok = await exclusive('正在打开工作区…', async () => {
    try {
      const ws = await readWorkspace(file.bytes, { fileName: file.name });
      await apply(ws);
      const name = workspaceNameFromFile(file.name, ws.manifest.name || '工作区');
      setOpened({ name, token: file.token, origin: 'file' });
      await recent(file.token, file.name);
      notify(`已打开工作区“${name}”：${await countsText()}`);
      return true;
    } catch (e) {
      failure = e;
      return false;
    }
  });
  if (failure) await explainOpenFailure(failure, file.name);
  return ok === true;
}

/** The newest autosave that reads cleanly, if any. */
async function readableAutosave(): Promise<Workspace | null> {
  for (const bytes of await readAutosaves().catch(() => [])) {
    try {
      return await readWorkspace(bytes, { fileName: '自动保存' });
    } catch {
      // An autosave interrupted mid-write: try the previous copy.
    }
  }
  return null;
}

async function explainOpenFailure(e: unknown, fileName: string): Promise<void> {
  const we = e instanceof WorkspaceError ? e : null;
  const autosave = await readableAutosave();
  const choice = await ask({
    kind: 'error',
    title: '无法打开工作区',
    fileName,
    problem: we ? we.problem : `读取时出错：${message(e)}`,
    advice: we ? we.advice : '请确认文件完整后重试，或换用该工作区的其他副本',
    details: we?.details ?? [],
    autosave: autosave ? { name: autosave.manifest.name, savedAt: autosave.manifest.savedAt } : null,
  });
  if (choice === 'autosave' && autosave) await recoverFrom(autosave);
  if (choice === 'pick') await openWorkspace();
}

/** Opens an autosave: its data and parts, under its name, unsaved (it lives in no file). */
async function recoverFrom(ws: Workspace): Promise<void> {
  await exclusive('正在恢复…', async () => {
    try {
      await apply(ws);
      const session = readSession();
      const name = ws.manifest.name || '恢复的工作区';
      workspaceStore.set({
        name, origin: 'recovered', dirty: true, lastSavedAt: null,
        // Saving goes back to the file it came from, when this session still knows it.
        token: session && session.name === name ? session.token : null,
      });
      notify(`已恢复自动保存的工作（${formatTime(ws.manifest.savedAt)}）：${await countsText()}。请及时保存。`);
    } catch (e) {
      notify(`自动保存的副本也无法打开：${message(e)}。当前数据未受影响。`, 'error', 12_000);
    }
  });
}

/**
 * At start: when an autosave holds work newer than the last save or open, offer it.
 * Never restores without asking.
 */
export async function offerRecovery(): Promise<boolean> {
  const ws = await readableAutosave();
  if (!ws) return false;
  const session = readSession();
  if (session && ws.manifest.savedAt <= session.savedAt) return false;
  const choice = await ask({ kind: 'recover', name: ws.manifest.name, savedAt: ws.manifest.savedAt });
  if (choice === 'recover') {
    await recoverFrom(ws);
  } else {
    // Not again for this copy.
    writeSession({ name: session?.name ?? workspaceStore.get().name, token: session?.token ?? null, savedAt: ws.manifest.savedAt });
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// New

export async function newWorkspace(): Promise<void> {
  if (workspaceStore.get().busy || dialogOpen()) return;
  if (!(await confirmDiscard('新建工作区'))) return;
  await exclusive('正在新建…', async () => {
    await quietly(async () => {
      await engine().mutate((db) => clearWorkspace(db));
      for (const part of workspaceParts()) part.restore(undefined);
    });
    afterReplace();
    setOpened({ name: UNTITLED_WORKSPACE_NAME, token: null, origin: 'new' });
    notify('已新建空白工作区。请导入台账，或合并已有的工作区。');
  });
}

// ---------------------------------------------------------------------------------------------
// The sample, on request

/**
 * 载入示例数据: the sample never mixes with real data, so it goes into an empty workspace
 * only. With nothing loaded it is simply loaded; with data loaded it replaces the workspace
 * like 新建 does (unsaved changes get the same 保存更改？ question first), so a county's
 * figures never include the invented county.
 */
export async function loadSampleAction(): Promise<void> {
  if (workspaceStore.get().busy || dialogOpen()) return;
  const c = engine();
  if (await onlySampleLoaded(c.db)) {
    notify('示例数据已在当前工作区中。');
    return;
  }
  if (!(await workspaceEmpty(c.db)) && !(await confirmDiscard('载入示例数据'))) return;
  await exclusive('正在载入示例数据…', async () => {
    try {
      await quietly(async () => {
        await c.mutate((db) => clearWorkspace(db));
        for (const part of workspaceParts()) part.restore(undefined);
        await loadSample(c);
      });
      afterReplace();
      const periods = await listPeriods(c.db);
      filterStore.set({ period: periods.at(-1) ?? null, kind: null });
      setOpened({ name: SAMPLE_WORKSPACE_NAME, token: null, origin: 'sample' });
      notify('已载入示例数据（虚构县，仅供演示）。导入真实台账时示例数据会自动移除。');
    } catch (e) {
      notify(`载入示例数据失败：${message(e)}。请重试。`, 'error', 10_000);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Merge

function summary(ws: Workspace, name: string): FileSummary {
  const datasets = ws.manifest.tables.find((t) => t.name === 'datasets')?.rows ?? 0;
  return { name, counties: ws.manifest.counties, periods: ws.manifest.periods, datasets, savedAt: ws.manifest.savedAt };
}

/** Several counties' workspaces into one view: county becomes a dimension everywhere. */
export async function mergeWorkspacesAction(): Promise<void> {
  if (workspaceStore.get().busy || dialogOpen()) return;
  let picked: PickedFile[] | null;
  try {
    picked = await pickWorkspaces(true);
  } catch (e) {
    notify(`无法选择文件：${message(e)}`, 'error');
    return;
  }
  if (!picked) return;
  const read: Workspace[] = [];
  for (const f of picked) {
    try {
      read.push(await readWorkspace(f.bytes, { fileName: f.name }));
    } catch (e) {
      const we = e instanceof WorkspaceError ? e : null;
      await ask({
        kind: 'error', title: '无法合并工作区', fileName: f.name,
        problem: we ? we.problem : `读取时出错：${message(e)}`,
        advice: `${we ? we.advice : '请确认文件完整后重试'}。没有合并任何文件，当前数据未受影响`,
        details: we?.details ?? [], autosave: null,
      });
      return;
    }
  }
  const s = workspaceStore.get();
  const choice = await ask({
    kind: 'merge',
    files: read.map((ws, i) => summary(ws, picked![i].name)),
    // The untouched sample is rarely wanted in a city-level view.
    keepDefault: !(s.origin === 'sample' && !s.dirty),
    current: s.name,
  });
  if (!choice) return;
  let result = await runMerge(read, choice.keep, 'refuse');
  if (result instanceof WorkspaceError && result.code === 'unit-conflict') {
    const go = await ask({ kind: 'conflict', problem: result.problem, advice: result.advice, details: result.details });
    if (!go) return;
    result = await runMerge(read, choice.keep, 'keep-first');
  }
  if (result instanceof Error) {
    const we = result instanceof WorkspaceError ? result : null;
    await ask({
      kind: 'error', title: '无法合并工作区', fileName: we?.fileName ?? null,
      problem: we ? we.problem : `合并时出错：${result.message}`,
      advice: `${we ? we.advice : '请重试'}。当前数据未受影响`, details: we?.details ?? [], autosave: null,
    });
    return;
  }
  if (!result) return;
  // A new merged workspace is named after its counties (nameAfterData) until it is saved.
  if (!choice.keep) workspaceStore.set({ origin: 'new', token: null });
  const multi = result.counties.length > 1 ? `，共 ${result.counties.length} 个县（市、区），可在筛选栏按县（市、区）筛选` : '';
  notify(`已合并 ${read.length} 个工作区：新增 ${result.datasets.length} 个数据集、${result.ratingsAdded.toLocaleString('zh-CN')} 条评定记录${multi}。`, 'info', 8000);
}

async function runMerge(read: Workspace[], keep: boolean, onUnitConflict: 'refuse' | 'keep-first'): Promise<MergeResult | Error | undefined> {
  return exclusive('正在合并…', async () => {
    try {
      // Not quiet: a merge is an unsaved change.
      const r = await engine().mutate((db) => mergeWorkspaces(db, read, { replace: !keep, onUnitConflict }));
      if (!keep) afterReplace();
      else filterStore.set({ counties: [] });
      return r;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Autosave

let lastAutosaveCount = -1;

/** Writes the autosave copy when there are changes it does not hold yet. */
export async function autosave(): Promise<void> {
  const s = workspaceStore.get();
  if (!s.dirty || s.busy || changeCount() === lastAutosaveCount || !coordinator) return;
  const count = changeCount();
  try {
    await writeAutosave(await snapshot(s.name));
    lastAutosaveCount = count;
  } catch (e) {
    notify(`自动保存失败：${message(e)}。请手动保存（Ctrl+S）。`, 'error', 10_000);
  }
}

// ---------------------------------------------------------------------------------------------

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "11月25日 09:30" this year, "2025年11月25日" before: for lists. */
export function formatShortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return d.getFullYear() === new Date().getFullYear()
    ? `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`
    : `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** "2022年第一季度 至 2025年第四季度" from period keys. */
export function periodRange(keys: string[]): string {
  const ps = keys.map(parsePeriodKey).filter((p) => p != null);
  if (ps.length === 0) return '无评定数据';
  return ps.length === 1 ? periodLabel(ps[0]) : `${periodLabel(ps[0])} 至 ${periodLabel(ps.at(-1)!)}`;
}
