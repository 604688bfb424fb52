/**
 * Everything about workspaces the window shows, mounted once in the header: the workspace
 * name with its unsaved marker, the 工作区 menu (new, open, save, save as, merge, recent),
 * the dialogs, the recent-workspaces start panel, and the plumbing: Ctrl+S / Ctrl+Shift+S,
 * the desktop menu and close hooks, the window title, dirty tracking and autosave.
 */
import { useEffect, useRef, useState } from 'react';
import '../views/pivot/saved-views.ts';
import '../import/mappings.ts';
import { workspaceNameFromFile } from '../../../shared/workspace/format.ts';
import { isDesktop } from '../platform/files.ts';
import { useCoordinator } from '../data/context.ts';
import {
  attachCoordinator, autosave, formatShortTime, formatTime, loadSampleAction, mergeWorkspacesAction, newWorkspace, offerRecovery, onRecentChanged,
  openRecent, openWorkspace, periodRange, saveWorkspace,
} from './actions.ts';
import { useDialog, type WorkspaceDialog } from './dialogs.ts';
import { recentWorkspaces, type RecentEntry } from './files.ts';
import { useWorkspace, workspaceStore } from './store.ts';
import './workspace.css';

/** Autosave when there are unsaved changes this long after the last autosave. */
const AUTOSAVE_MS = 3 * 60 * 1000;

export function WorkspaceHost() {
  const coordinator = useCoordinator();
  const ws = useWorkspace();
  const [menuOpen, setMenuOpen] = useState(false);
  const [recent, setRecent] = useState<RecentEntry[]>([]);
  const [startPanel, setStartPanel] = useState(false);

  // The engine, and dirty tracking: dataset changes and every workspace part.
  useEffect(() => attachCoordinator(coordinator), [coordinator]);

  // The recent list, and at start: recover unsaved work (asks first), else show recent workspaces.
  useEffect(() => {
    let live = true;
    const load = () => void recentWorkspaces().then((r) => live && setRecent(r), () => undefined);
    load();
    const off = onRecentChanged(load);
    void (async () => {
      const offered = await offerRecovery().catch(() => false);
      const list = await recentWorkspaces().catch(() => []);
      if (live && !offered && list.length > 0 && workspaceStore.get().origin === 'sample') setStartPanel(true);
    })();
    return () => {
      live = false;
      off();
    };
  }, []);

  // Keyboard: Ctrl+S saves, Ctrl+Shift+S saves as (also while typing: nothing else uses them).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      setMenuOpen(false);
      void saveWorkspace(e.shiftKey);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The desktop shell: its menu, its close hook, its title bar.
  useEffect(() => {
    const api = window.xingtu;
    if (!isDesktop() || !api) return;
    const offMenu = api.onMenuCommand((command) => {
      if (command === 'workspace-new') void newWorkspace();
      else if (command === 'workspace-open') void openWorkspace();
      else if (command === 'workspace-save') void saveWorkspace(false);
      else if (command === 'workspace-save-as') void saveWorkspace(true);
      else if (command === 'workspace-merge') void mergeWorkspacesAction();
    });
    const offClose = api.onBeforeClose(() => {
      void autosave().finally(() => api.closeReady());
    });
    return () => {
      offMenu();
      offClose();
    };
  }, []);

  useEffect(() => {
    // The shell composes its own title bar (marker + 星图 — name) from the name alone.
    if (isDesktop()) window.xingtu!.setDocumentState({ title: ws.name, dirty: ws.dirty });
    else document.title = `${ws.dirty ? '● ' : ''}${ws.name} — 星图`;
  }, [ws.name, ws.dirty]);

  // Autosave: every few minutes while there are unsaved changes; in the browser also when
  // the tab is hidden (the last moment a page reliably has), and a prompt before leaving.
  useEffect(() => {
    let last = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - last >= AUTOSAVE_MS && workspaceStore.get().dirty) {
        last = Date.now();
        void autosave();
      }
    }, 15_000);
    const onHidden = () => {
      if (document.visibilityState === 'hidden' && workspaceStore.get().dirty) void autosave();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!workspaceStore.get().dirty) return;
      e.preventDefault();
      e.returnValue = '';
    };
    document.addEventListener('visibilitychange', onHidden);
    // In Electron a beforeunload handler would silently cancel closing: the shell asks instead.
    if (!isDesktop()) window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);

  const run = (action: () => Promise<unknown>) => () => {
    setMenuOpen(false);
    setStartPanel(false);
    void action();
  };

  return (
    <>
      <span className="ws-title" data-testid="workspace-title" title={ws.dirty ? `${ws.name}（有未保存的更改）` : ws.name}>
        <span className="ws-name">{ws.name}</span>
        {ws.busy ? <span className="ws-busy" role="status">{ws.busy}</span>
          : ws.dirty && <span className="ws-dirty" data-testid="workspace-dirty">● 未保存</span>}
      </span>
      <Menu open={menuOpen} onOpen={setMenuOpen} recent={recent} busy={ws.busy != null} run={run} />
      {startPanel && !menuOpen && (
        <StartPanel recent={recent} run={run} onClose={() => setStartPanel(false)} />
      )}
      <Dialogs />
    </>
  );
}

type Run = (action: () => Promise<unknown>) => () => void;

function Menu({ open, onOpen, recent, busy, run }: {
  open: boolean; onOpen: (open: boolean) => void; recent: RecentEntry[]; busy: boolean; run: Run;
}) {
  const wrap = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) onOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open, onOpen]);

  return (
    <div className="ws-menu-wrap header-actions" ref={wrap}>
      <button aria-haspopup="menu" aria-expanded={open} data-testid="workspace-menu" disabled={busy}
        onClick={() => onOpen(!open)} title="打开、保存、合并工作区">
        工作区 ▾
      </button>
      {open && (
        <div className="ws-menu" role="menu" aria-label="工作区">
          <button role="menuitem" onClick={run(newWorkspace)}>新建空白工作区</button>
          <button role="menuitem" onClick={run(openWorkspace)}>打开工作区…</button>
          <button role="menuitem" onClick={run(() => saveWorkspace(false))}>保存<kbd>Ctrl+S</kbd></button>
          <button role="menuitem" onClick={run(() => saveWorkspace(true))}>另存为…<kbd>Ctrl+Shift+S</kbd></button>
          <button role="menuitem" onClick={run(mergeWorkspacesAction)} title="把几个县（市、区）的工作区合成一个，按县（市、区）对比">合并工作区…</button>
          <button role="menuitem" onClick={run(loadSampleAction)} title="载入虚构的示例县，熟悉各个页面；不会与真实数据混在一起">载入示例数据</button>
          {recent.length > 0 && <div className="ws-menu-head">最近打开</div>}
          {recent.map((r) => (
            <button key={r.id} role="menuitem" className="ws-recent" onClick={run(() => (r.reopenable ? openRecent(r) : openWorkspace()))}
              title={r.reopenable ? `打开“${r.name}”` : '浏览器版需重新选择该文件'}>
              <span className="ws-recent-name">{workspaceNameFromFile(r.name)}</span>
              <span className="ws-recent-time">{formatShortTime(r.usedAt)}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Shown at start when there are recent workspaces: pick one, or keep looking at the sample. */
function StartPanel({ recent, run, onClose }: { recent: RecentEntry[]; run: Run; onClose: () => void }) {
  return (
    <div className="ws-start" role="dialog" aria-label="最近的工作区" data-testid="workspace-start">
      <div className="ws-start-head">
        <b>继续上次的工作</b>
        <button className="link" aria-label="关闭" onClick={onClose}>×</button>
      </div>
      <ul>
        {recent.slice(0, 5).map((r) => (
          <li key={r.id}>
            <button onClick={run(() => (r.reopenable ? openRecent(r) : openWorkspace()))}>
              <span className="ws-recent-name">{workspaceNameFromFile(r.name)}</span>
              <span className="ws-recent-time">{formatShortTime(r.usedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
      <div className="ws-start-foot">
        <button onClick={run(openWorkspace)}>打开其他工作区…</button>
        <button onClick={onClose}>先看示例数据</button>
      </div>
    </div>
  );
}

function Dialogs() {
  const d = useDialog();
  if (!d) return null;
  return (
    <div className="modal-backdrop">
      <div className="modal ws-modal" role="dialog" aria-modal="true" aria-labelledby="ws-dialog-title" data-testid="workspace-dialog">
        <DialogBody key={d.kind} d={d} />
      </div>
    </div>
  );
}

function DialogBody({ d }: { d: WorkspaceDialog }) {
  const [keep, setKeep] = useState(d.kind === 'merge' ? d.keepDefault : true);
  switch (d.kind) {
    case 'unsaved':
      return (
        <>
          <div className="modal-head"><h2 id="ws-dialog-title">保存更改？</h2></div>
          <div className="modal-body">工作区“{d.name}”有未保存的更改。{d.action}之前要先保存吗？不保存的更改将丢失。</div>
          <div className="modal-foot">
            <button onClick={() => d.resolve('cancel')}>取消</button>
            <button onClick={() => d.resolve('discard')}>不保存</button>
            <button className="primary" autoFocus onClick={() => d.resolve('save')}>保存</button>
          </div>
        </>
      );
    case 'error':
      return (
        <>
          <div className="modal-head"><h2 id="ws-dialog-title" className="error-text">{d.title}</h2></div>
          <div className="modal-body" role="alert">
            <dl className="ws-facts">
              {d.fileName && <><dt>文件</dt><dd>{d.fileName}</dd></>}
              <dt>问题</dt><dd data-testid="workspace-error-problem">{d.problem}</dd>
              <dt>怎么办</dt><dd>{d.advice}。</dd>
            </dl>
            {d.autosave && (
              <p className="ws-note">
                可以打开最近一次自动保存的工作（“{d.autosave.name}”，{formatTime(d.autosave.savedAt)}）。
              </p>
            )}
            <p className="muted small">当前打开的数据没有任何改动。</p>
            {d.details.length > 0 && (
              <details className="ws-details"><summary>技术信息</summary><pre>{d.details.join('\n')}</pre></details>
            )}
          </div>
          <div className="modal-foot">
            <button onClick={() => d.resolve('close')}>关闭</button>
            <button onClick={() => d.resolve('pick')}>选择其他文件…</button>
            {d.autosave && <button className="primary" autoFocus onClick={() => d.resolve('autosave')}>打开自动保存的工作</button>}
          </div>
        </>
      );
    case 'recover':
      return (
        <>
          <div className="modal-head"><h2 id="ws-dialog-title">恢复上次未保存的工作</h2></div>
          <div className="modal-body">
            上次使用时，工作区“{d.name}”有未保存的更改，星图在 {formatTime(d.savedAt)} 自动保存了一份。要恢复吗？
            <p className="muted small">选择“不恢复”将继续使用当前数据，这份自动保存不再提示。</p>
          </div>
          <div className="modal-foot">
            <button onClick={() => d.resolve('ignore')}>不恢复</button>
            <button className="primary" autoFocus onClick={() => d.resolve('recover')}>恢复</button>
          </div>
        </>
      );
    case 'merge':
      return (
        <>
          <div className="modal-head"><h2 id="ws-dialog-title">合并工作区</h2><span className="muted">县（市、区）将成为筛选和透视的维度</span></div>
          <div className="modal-body">
            <table className="mini-table ws-files">
              <thead><tr><th>文件</th><th>县（市、区）</th><th>期次</th><th>数据集</th></tr></thead>
              <tbody>
                {d.files.map((f) => (
                  <tr key={f.name}>
                    <td>{f.name}</td>
                    <td>{f.counties.join('、') || '（未填写）'}</td>
                    <td>{periodRange(f.periods)}</td>
                    <td>{f.datasets} 个</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <label className="ws-check">
              <input type="checkbox" checked={keep} onChange={(e) => setKeep(e.target.checked)} data-testid="merge-keep" />
              保留当前工作区“{d.current}”中的数据
            </label>
            <p className="muted small">
              {keep ? '所选工作区的数据将加入当前工作区。' : '将新建一个只含所选工作区数据的合并工作区（当前数据不会写入任何文件）。'}
              视图、简报等设置保留当前工作区的。
            </p>
          </div>
          <div className="modal-foot">
            <button onClick={() => d.resolve(null)}>取消</button>
            <button className="primary" autoFocus onClick={() => d.resolve({ keep })}>合并</button>
          </div>
        </>
      );
    case 'conflict':
      return (
        <>
          <div className="modal-head"><h2 id="ws-dialog-title" className="error-text">单位编码冲突</h2></div>
          <div className="modal-body" role="alert">
            <p>{d.problem}。</p>
            <ul className="ws-conflicts">{d.details.map((x) => <li key={x}>{x}</li>)}</ul>
            <p>{d.advice}。</p>
          </div>
          <div className="modal-foot">
            <button className="primary" autoFocus onClick={() => d.resolve(false)}>取消合并</button>
            <button onClick={() => d.resolve(true)}>仍然合并</button>
          </div>
        </>
      );
  }
}
