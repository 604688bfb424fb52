/**
 * 一、总体情况: the narrative written from the data (shared/briefing/narrative.ts), for the
 * current filter's period and scope. The user may edit it freely; 重新生成 goes back to
 * the automatic text — after asking, when the user's text differs from it, and undoably
 * (Ctrl+Z puts the user's text back; store.ts regenerateNarrative).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { generateNarrative } from '../../../../shared/briefing/narrative.ts';
import { useLoadedCounties } from '../../state/counties.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { useCoordinator } from '../../data/context.ts';
import { notify } from '../../state/toast.ts';
import { undoLastChange, undoStore } from '../../state/undo.ts';
import { requestRefresh, runnerOf, useDataVersion } from './figures.tsx';
import { briefingStore, narrativeEdited, regenerateNarrative } from './store.ts';
import { usePlans } from '../../state/plans-store.ts';

interface NarrativeState {
  key: string | null;
  text: string | null;
  error: Error | null;
}

/** The automatic narrative for a filter (recomputed when the data or 刷新 changes). */
export function useAutoNarrative(filter: Filter, refresh: number): NarrativeState {
  const coordinator = useCoordinator();
  const version = useDataVersion();
  const { period, townships, kind } = filter;
  const counties = filter.counties ?? [];
  const loaded = useLoadedCounties();
  // 创建规划 are workspace data, not SQL: the narrative gets them from here.
  const { plans } = usePlans();
  const key = JSON.stringify([period, counties, townships, kind, loaded, version, refresh, plans]);
  const [state, setState] = useState<NarrativeState>({ key: null, text: null, error: null });
  useEffect(() => {
    let live = true;
    if (!period) {
      setState({ key, text: '尚未导入评定数据。导入各乡镇报送的台账后，这里会根据数据自动写出总体情况。', error: null });
      return;
    }
    generateNarrative(runnerOf(coordinator), period, { counties, townships, kind, loaded }, plans).then(
      ({ text }) => live && setState({ key, text, error: null }),
      (error: Error) => live && setState({ key, text: null, error }),
    );
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, coordinator]);
  return state;
}

function AutoHeight({ value, onChange, label, placeholder, className, testId }: {
  value: string; onChange: (v: string) => void; label: string; placeholder?: string; className: string; testId?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + 2}px`;
  }, [value]);
  return (
    <textarea ref={ref} className={className} aria-label={label} placeholder={placeholder} value={value} rows={1}
      data-testid={testId} onChange={(e) => onChange(e.target.value)} />
  );
}

export { AutoHeight };

/** Paragraphs of a text: blank lines (or single line breaks) separate them. */
export function paragraphs(text: string): string[] {
  return text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
}

/** A heading of the second level inside the text, （一）存在问题: 楷体 on the page, as in the Word file (docx.ts). */
const SUB_HEADING = /^（[一二三四五六七八九十]+）/;
const KAI = "'KaiTi', '楷体', 'KaiTi_GB2312', '楷体_GB2312', 'STKaiti', '华文楷体', var(--bf-fangsong, serif)";

/** A printed paragraph: a heading of the second level — up to its first 。 or the end — in 楷体, as docx.ts sets it. */
function NarrativeParagraph({ text }: { text: string }) {
  if (!SUB_HEADING.test(text)) return <p>{text}</p>;
  const end = text.indexOf('。');
  const head = end >= 0 ? text.slice(0, end + 1) : text;
  const rest = text.slice(head.length);
  return (
    <p className="bf-narrative-sub" style={rest ? undefined : { breakAfter: 'avoid' }}>
      <span style={{ fontFamily: KAI }}>{head}</span>{rest}
    </p>
  );
}

/** Asks before 重新生成 throws the user's text away (the app's modal look, Esc = 取消). */
function ConfirmRegenerate({ onAnswer }: { onAnswer: (ok: boolean) => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      onAnswer(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onAnswer]);
  return createPortal(
    <div className="modal-backdrop no-print" onMouseDown={(e) => { if (e.target === e.currentTarget) onAnswer(false); }}>
      <div className="modal" style={{ width: 'min(480px, 94vw)' }} role="alertdialog" aria-modal="true"
        aria-labelledby="bf-regen-title" aria-describedby="bf-regen-body" data-testid="narrative-confirm">
        <div className="modal-head"><h2 id="bf-regen-title">重新生成总体情况？</h2></div>
        <div className="modal-body" id="bf-regen-body" style={{ minHeight: 0 }}>
          总体情况已手动修改。重新生成将按当前数据改写全文，替换修改过的内容。
          <p className="muted small">重新生成后可按 Ctrl+Z 撤销，找回修改过的内容。</p>
        </div>
        <div className="modal-foot">
          <button type="button" onClick={() => onAnswer(false)}>取消</button>
          <button type="button" className="primary" autoFocus data-testid="narrative-confirm-ok" onClick={() => onAnswer(true)}>重新生成</button>
        </div>
      </div>
    </div>,
    document.body,
  );
}

export function NarrativeSection({ narrative, filter, refresh }: { narrative: string | null; filter: Filter; refresh: number }) {
  const auto = useAutoNarrative(filter, refresh);
  const text = narrative ?? auto.text ?? '';
  const edited = narrative != null;
  const [asking, setAsking] = useState(false);

  const regenerate = () => {
    setAsking(false);
    const entry = regenerateNarrative(auto.text);
    requestRefresh();
    if (!entry) {
      notify('已根据当前数据重新生成总体情况');
      return;
    }
    notify('已根据当前数据重新生成总体情况，按 Ctrl+Z 撤销', 'info', 8000, {
      label: '撤销',
      run: () => void (undoStore.get().at(-1) === entry ? undoLastChange() : notify('之后还有其他更改，请用 Ctrl+Z 逐步撤销。')),
    });
  };
  return (
    <section className="bf-section" data-testid="briefing-narrative" aria-labelledby="bf-narrative-title">
      <h2 className="bf-h2" id="bf-narrative-title">一、总体情况</h2>
      <div className="bf-narrative-tools no-print">
        <span className="muted small" data-testid="narrative-state">
          {edited ? '已手动修改（不再随数据更新）' : auto.text == null && !auto.error ? '正在根据数据生成…' : '根据当前筛选的期次和范围自动生成，可直接修改'}
        </span>
        <span className="spacer" />
        <button type="button" className="link" data-testid="narrative-regenerate" onClick={() => {
          // The user's own text is not thrown away without asking.
          if (narrativeEdited(narrative, auto.text)) setAsking(true);
          else regenerate();
        }}>重新生成</button>
      </div>
      {asking && <ConfirmRegenerate onAnswer={(ok) => (ok ? regenerate() : setAsking(false))} />}
      {auto.error && !edited && <p className="warn-text no-print">生成失败：{auto.error.message}</p>}
      <AutoHeight className="bf-narrative-input screen-only" label="总体情况（可编辑）" value={text} testId="narrative-input"
        onChange={(v) => briefingStore.set({ narrative: v })} />
      <div className="bf-narrative print-only" data-testid="narrative-print">
        {paragraphs(text).map((p, i) => <NarrativeParagraph key={i} text={p} />)}
      </div>
    </section>
  );
}
