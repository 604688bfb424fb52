/**
 * 趋势: how the campaign moved over periods — 三星以上占比 per township, the level structure,
 * each star's achievement rate, and a township × period heatmap of any measure. Every chart
 * follows the global filter (townships, kind) and cross-filters: a township or a period
 * clicked in a chart becomes the global filter, and the other views follow.
 */
import { trendScope } from '../../../shared/views/trends.ts';
import { scopeLabel } from '../../../shared/filter.ts';
import { useLoadedCounties } from '../state/counties.ts';
import { useMemo, useState } from 'react';
import { DEFAULT_MEASURE, type MeasureSpec } from '../../../shared/analysis/measures.ts';
import { parsePeriodKey, periodKey, type Period } from '../../../shared/period.ts';
import { KIND_NAMES, type UnitKind } from '../../../shared/stars.ts';
import { EmptyState } from '../components/States.tsx';
import { useQuery } from '../data/useQuery.ts';
import { useOpenImport } from '../import/ImportHost.tsx';
import { filterStore, useFilter } from '../state/filter-store.ts';
import { listPeriodsRows, PERIOD_ROWS_SQL } from '../state/lists.ts';
import type { Cadence, TrendContext } from './trends/common.tsx';
import { HeatmapPanel } from './trends/HeatmapPanel.tsx';
import { LevelPanel } from './trends/LevelPanel.tsx';
import { SharePanel } from './trends/SharePanel.tsx';
import { StarPanel } from './trends/StarPanel.tsx';
import './trends/trends.css';

/** The view's own choices, kept while the user visits other screens. */
const remembered: { cadence: Cadence; level: number; measure: MeasureSpec } = {
  cadence: 'quarter', level: 3, measure: DEFAULT_MEASURE,
};

function useRemembered<K extends keyof typeof remembered>(key: K): [(typeof remembered)[K], (v: (typeof remembered)[K]) => void] {
  const [value, setValue] = useState(remembered[key]);
  return [value, (v) => { remembered[key] = v; setValue(v); }];
}

export function TrendsView() {
  const filter = useFilter();
  const periods = useQuery(PERIOD_ROWS_SQL, listPeriodsRows).data;
  const [cadence, setCadence] = useRemembered('cadence');
  const [level, setLevel] = useRemembered('level');
  const [measure, setMeasure] = useRemembered('measure');

  const { townships, kind, period, counties } = filter;
  const trendFilter = useMemo(() => ({ townships, kind, counties }), [townships, kind, counties]);
  const scope = useMemo(() => trendScope(trendFilter), [trendFilter]);
  const loaded = useLoadedCounties();
  const scopeName = scopeNameOf(townships, kind, counties, loaded);
  const selectedKey = period == null ? null
    : cadence === 'year' ? String(period.year)
      : period.quarter == null ? null : periodKey(period);

  const ctx = useMemo<TrendContext>(() => ({
    cadence, filter: trendFilter, scope, scopeName, selectedKey,
    selectPeriod: (key) => {
      const p = periodFor(key, cadence, periods ?? []);
      if (p) filterStore.set({ period: p });
    },
    selectTownship: (township) => filterStore.set({ townships: [township] }),
  }), [cadence, trendFilter, scope, scopeName, selectedKey, periods]);

  // No data at all (nothing imported, or every dataset removed): say what to import.
  if (!period || periods?.length === 0) return <NoData />;
  return (
    <div className="trends" data-testid="trends">
      <div className="trends-toolbar">
        <h2 className="view-title">{scopeName}“五星”支部创建趋势</h2>
        <span className="trend-spacer" />
        <div className="segmented" role="radiogroup" aria-label="时间粒度">
          {([['quarter', '季度'], ['year', '年度']] as Array<[Cadence, string]>).map(([c, label]) => (
            <button key={c} role="radio" aria-checked={cadence === c} className={cadence === c ? 'active' : ''}
              title={c === 'year' ? '每年一个值：有年度评定用年度评定，否则取第四季度' : '各季度评比结果'}
              onClick={() => setCadence(c)}>{label}</button>
          ))}
        </div>
      </div>
      <div className="trends-grid">
        <SharePanel ctx={ctx} level={level} onLevel={setLevel} />
        <LevelPanel ctx={ctx} />
        <StarPanel ctx={ctx} />
        <HeatmapPanel ctx={ctx} measure={measure} onMeasure={setMeasure} />
      </div>
    </div>
  );
}

/**
 * The global period for a clicked period key. In yearly cadence a year stands for its annual
 * rating, or its last quarter when there is none (the same rule the yearly values use).
 */
function periodFor(key: string, cadence: Cadence, available: Period[]): Period | null {
  const p = parsePeriodKey(key);
  if (!p) return null;
  if (cadence === 'quarter') return p;
  const inYear = available.filter((a) => a.year === p.year);
  const annual = inYear.find((a) => a.quarter == null);
  if (annual) return annual;
  const last = inYear.reduce<Period | null>((best, a) => (best == null || (a.quarter ?? 0) > (best.quarter ?? 0) ? a : best), null);
  return last ?? { year: p.year, quarter: 4 };
}

function scopeNameOf(townships: string[], kind: UnitKind | null, counties: string[] = [], loaded: string[] = []): string {
  const where = scopeLabel({ townships, counties }, loaded);
  return kind ? `${where}（仅${KIND_NAMES[kind]}）` : where;
}

function NoData() {
  const openImport = useOpenImport();
  return (
    <EmptyState title="还没有评定数据">
      <p>导入两期以上的台账后，这里会显示各乡镇三星以上占比走势、星级结构变化、各星达标率和乡镇 × 期次热力图。</p>
      <button className="primary" onClick={openImport}>导入台账（Ctrl+O）</button>
    </EmptyState>
  );
}
