/**
 * 一、总体情况: the narrative written from the data (shared/briefing/narrative.ts), for the
 * current filter's period and scope. The user may edit it freely; 重新生成 goes back to
 * the automatic text.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { generateNarrative } from '../../../../shared/briefing/narrative.ts';
import { useLoadedCounties } from '../../state/counties.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { useCoordinator } from '../../data/context.ts';
import { notify } from '../../state/toast.ts';
import { requestRefresh, runnerOf, useDataVersion } from './figures.tsx';
import { briefingStore } from './store.ts';
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

export function NarrativeSection({ narrative, filter, refresh }: { narrative: string | null; filter: Filter; refresh: number }) {
  const auto = useAutoNarrative(filter, refresh);
  const text = narrative ?? auto.text ?? '';
  const edited = narrative != null;
  return (
    <section className="bf-section" data-testid="briefing-narrative" aria-labelledby="bf-narrative-title">
      <h2 className="bf-h2" id="bf-narrative-title">一、总体情况</h2>
      <div className="bf-narrative-tools no-print">
        <span className="muted small" data-testid="narrative-state">
          {edited ? '已手动修改（不再随数据更新）' : auto.text == null && !auto.error ? '正在根据数据生成…' : '根据当前筛选的期次和范围自动生成，可直接修改'}
        </span>
        <span className="spacer" />
        <button type="button" className="link" data-testid="narrative-regenerate" onClick={() => {
          briefingStore.set({ narrative: null });
          requestRefresh();
          notify('已根据当前数据重新生成总体情况');
        }}>重新生成</button>
      </div>
      {auto.error && !edited && <p className="warn-text no-print">生成失败：{auto.error.message}</p>}
      <AutoHeight className="bf-narrative-input screen-only" label="总体情况（可编辑）" value={text} testId="narrative-input"
        onChange={(v) => briefingStore.set({ narrative: v })} />
      <div className="bf-narrative print-only" data-testid="narrative-print">
        {paragraphs(text).map((p, i) => <p key={i}>{p}</p>)}
      </div>
    </section>
  );
}
