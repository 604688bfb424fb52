import { useEffect, useState } from 'react';
import { boot, type BootStep } from './boot.ts';
import { FilterBar } from './components/FilterBar.tsx';
import { ErrorState, ProgressBar } from './components/States.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { ImportHost, useOpenImport } from './import/ImportHost.tsx';
import { notify } from './state/toast.ts';
import { undoLastChange, useUndoStack } from './state/undo.ts';
import type { Coordinator } from './data/coordinator.ts';
import { CoordinatorContext } from './data/context.ts';
import { DataView } from './views/DataView.tsx';
import { OverviewView } from './views/OverviewView.tsx';
import { PivotView } from './views/PivotView.tsx';
import { TrendsView } from './views/TrendsView.tsx';
import { CompareView } from './views/CompareView.tsx';
import { RankingView } from './views/RankingView.tsx';
import { BriefingView } from './views/BriefingView.tsx';
import { JudgeView } from './views/JudgeView.tsx';
import { WorkspaceHost } from './workspace/WorkspaceHost.tsx';
import { isDesktop } from './platform/files.ts';
import { requestBriefingPdf } from './views/briefing/pdf-request.ts';
import { briefingStore, removeItem } from './views/briefing/store.ts';
import { compareStore } from './views/compare/state.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { emptyBriefing } from '../../shared/briefing/model.ts';

export const SCREENS = [
  { id: 'overview', label: '总览', ready: true },
  { id: 'data', label: '数据', ready: true },
  { id: 'pivot', label: '透视', ready: true },
  { id: 'trends', label: '趋势', ready: true },
  { id: 'compare', label: '对比', ready: true },
  { id: 'ranking', label: '排名', ready: true },
  { id: 'briefing', label: '简报', ready: true },
  { id: 'judge', label: '评比', ready: true },
] as const;

type ScreenId = (typeof SCREENS)[number]['id'];

const COMPARE_DEFAULTS = compareStore.get();

/**
 * What 重置此视图 does besides rendering the screen afresh (which resets its local state,
 * e.g. the pivot's configuration): settings kept in module stores go back to the defaults.
 * The briefing's sections are removed one by one, so 撤销 on 简报 can bring them back.
 */
const SCREEN_RESETS: Partial<Record<ScreenId, () => void>> = {
  compare: () => compareStore.set(COMPARE_DEFAULTS),
  briefing: () => {
    for (const item of [...briefingStore.get().items].reverse()) removeItem(item.id, '重置简报');
    briefingStore.set(emptyBriefing());
  },
};

export function App() {
  const [coordinator, setCoordinator] = useState<Coordinator | null>(null);
  const [step, setStep] = useState<BootStep>({ step: 'engine', progress: null });
  const [error, setError] = useState<Error | null>(null);
  const [screen, setScreen] = useState<ScreenId>('overview');

  useEffect(() => {
    boot(setStep).then(setCoordinator, setError);
  }, []);

  // Ctrl+1…8 switch screens, as in most desktop analysis tools.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= SCREENS.length) {
        e.preventDefault();
        setScreen(SCREENS[n - 1].id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Ctrl+Z undoes the last dataset change (import, replace, remove), unless the user is typing.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'z' && !typing) {
        e.preventDefault();
        void undoLast();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (error) {
    return (
      <div className="boot">
        <ErrorState
          title="星图启动失败"
          error={error}
          action={<button className="primary" onClick={() => location.reload()}>重新启动</button>}
        />
      </div>
    );
  }
  if (!coordinator) return <BootScreen step={step} />;

  return (
    <CoordinatorContext.Provider value={coordinator}>
      <ImportHost>
      <DesktopCommands onScreen={setScreen} />
      <div className="app">
        <header className="app-header">
          <span className="logo">星图</span>
          <span className="subtitle">“五星”支部创建分析工作台</span>
          <span className="spacer" />
          <WorkspaceHost />
          <HeaderActions />
        </header>
        <nav className="app-nav" aria-label="主导航">
          {SCREENS.map((s, i) => (
            <button
              key={s.id}
              className={s.id === screen ? 'nav-item active' : 'nav-item'}
              aria-current={s.id === screen ? 'page' : undefined}
              title={`${s.label}（Ctrl+${i + 1}）`}
              onClick={() => setScreen(s.id)}
            >
              {s.label}
              {!s.ready && <span className="soon">即将推出</span>}
            </button>
          ))}
        </nav>
        <main className="app-main">
          <FilterBar />
          <div className="view" data-screen={screen}>
            {/* Each screen behind its own boundary: one that throws never blanks the window. */}
            <ErrorBoundary key={screen} screen={SCREENS.find((s) => s.id === screen)!.label} onReset={SCREEN_RESETS[screen]}>
              {screen === 'overview' && <OverviewView />}
              {screen === 'data' && <DataView />}
              {screen === 'pivot' && <PivotView />}
              {screen === 'trends' && <TrendsView />}
              {screen === 'compare' && <CompareView />}
              {screen === 'ranking' && <RankingView />}
              {screen === 'briefing' && <BriefingView onNavigate={setScreen} />}
              {screen === 'judge' && <JudgeView />}
            </ErrorBoundary>
          </div>
        </main>
        <StatusBar />
      </div>
      <Toasts />
      </ImportHost>
    </CoordinatorContext.Provider>
  );
}

const undoLast = undoLastChange;

/**
 * The desktop menu's commands. Its accelerators (Ctrl+Z, Ctrl+O…) take the keystroke before
 * the page sees it, so the commands are replayed as the keys the screens already handle;
 * inside a text field Ctrl+Z stays the field's own undo. Workspace commands: WorkspaceHost.
 */
function DesktopCommands({ onScreen }: { onScreen: (id: ScreenId) => void }) {
  const openImport = useOpenImport();
  useEffect(() => {
    const api = window.xingtu;
    if (!isDesktop() || !api) return;
    const press = (key: string, ctrlKey: boolean) => {
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey, bubbles: true, cancelable: true }));
    };
    return api.onMenuCommand((command) => {
      const screen = /^screen-(\d)$/.exec(command);
      if (screen) onScreen(SCREENS[Number(screen[1]) - 1].id);
      else if (command === 'import') openImport();
      else if (command === 'find') press('/', false);
      else if (command === 'undo') {
        const el = document.activeElement as HTMLElement | null;
        if (el && (el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA')) document.execCommand('undo');
        else press('z', true);
      } else if (command === 'briefing-export-pdf') {
        onScreen('briefing');
        requestBriefingPdf();
      } else if (command === 'about') {
        void api.getInfo().then((info) => notify(`星图 ${info.version}：“五星”支部创建分析工作台。离线运行，数据只在本机。`, 'info', 8000));
      }
    });
  }, [onScreen, openImport]);
  return null;
}

function HeaderActions() {
  const openImport = useOpenImport();
  const stack = useUndoStack();
  const last = stack.at(-1);
  return (
    <div className="header-actions">
      <button disabled={!last} onClick={() => void undoLast()} title={last ? `${last.label}（Ctrl+Z）` : '没有可以撤销的操作'}>
        撤销
      </button>
      <button className="primary" onClick={openImport} title="导入 Excel 或 CSV 台账（Ctrl+O）">导入台账</button>
    </div>
  );
}

function BootScreen({ step }: { step: BootStep }) {
  const text = step.step === 'engine' ? '正在启动分析引擎（DuckDB）…' : '正在加载示例数据…';
  const value = step.step === 'engine' ? step.progress : null;
  return (
    <div className="boot" role="status" data-testid="boot">
      <div className="boot-card">
        <div className="logo big">星图</div>
        <p>{text}</p>
        <ProgressBar value={value} label={text} />
        <p className="muted small">首次启动需要几秒钟；所有计算都在本机完成，不联网。</p>
      </div>
    </div>
  );
}
