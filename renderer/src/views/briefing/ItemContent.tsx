/**
 * One briefing item re-rendered from its stored configuration and filter: the views' own
 * chart components (trend panels, the ranking bars, the township lines, the radar) and the
 * item's tables (shared/briefing/tables.ts, the same the Excel workbook gets).
 */
import { resolveTownshipLines, resolveUnitRadar } from '../../../../shared/views/compare.ts';
import { resolveTrend, trendScope } from '../../../../shared/views/trends.ts';
import { useMemo } from 'react';
import { measureId, measureLabel, type MeasureSpec } from '../../../../shared/analysis/measures.ts';
import type { BriefingItem, ItemSpec } from '../../../../shared/briefing/model.ts';
import { filterScopeName } from '../../../../shared/briefing/tables.ts';
import type { Filter } from '../../../../shared/filter.ts';
import { periodKey } from '../../../../shared/period.ts';
import { resolveRanking } from '../../../../shared/views/ranking.ts';
import { Chart } from '../../components/Chart.tsx';
import { ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import type { AnalysisQuery } from '../../../../shared/analysis/common.ts';
import { SERIES_COLORS } from '../compare/state.ts';
import { linesOption } from '../compare/TownshipCompare.tsx';
import { radarOption } from '../compare/UnitCompare.tsx';
import type { MeasureOption } from '../ranking/parts.tsx';
import { RankingChart } from '../ranking/TownshipRanking.tsx';
import type { TrendContext } from '../trends/common.tsx';
import { HeatmapChart } from '../trends/HeatmapPanel.tsx';
import { LevelChart } from '../trends/LevelPanel.tsx';
import { ShareChart } from '../trends/SharePanel.tsx';
import { StarChart } from '../trends/StarPanel.tsx';
import { ChartFigure, DocTable, useItemTables } from './figures.tsx';
import { historyTables, judgeTables } from '../../../../shared/judge/briefing.ts';
import { useJudge } from '../judge/store.ts';

const noop = () => undefined;

function option(spec: MeasureSpec): MeasureOption {
  return { id: measureId(spec), spec, label: measureLabel(spec), group: '' };
}

export function ItemContent({ item, filter, title }: { item: BriefingItem; filter: Filter; title: string }) {
  const spec = item.spec;
  const { tables, error } = useItemTables(spec, filter, title);
  const chart = <ItemChart spec={spec} filter={filter} title={title} />;
  // A 观摩评比 round: computed here from the round as it is now, so scores typed since follow at once.
  if (spec.kind === 'judge' || spec.kind === 'judgeHistory') return <JudgeItem spec={spec} title={title} />;
  if (error) return <ErrorState title="无法生成这一部分" error={error} />;
  // Charts without a table in the document (their numbers go to the Excel workbook).
  if (spec.kind === 'trend') return chart;
  if (!tables) return <Spinner text="正在计算…" />;
  if (tables.length === 0) return <p className="bf-note">没有期次数据，无法生成这一部分。</p>;
  // townshipCompare: the table, then its lines (the lines' numbers go to the workbook only).
  const shown = spec.kind === 'townshipCompare' ? tables.slice(0, 1) : tables;
  return (
    <>
      {shown.map((t, i) => (
        <div key={i} className="bf-block">
          {shown.length > 1 && <h3 className="bf-h3">{t.title.replace(`${title} · `, '')}</h3>}
          <DocTable table={t} testId="briefing-table" />
        </div>
      ))}
      {chart}
    </>
  );
}

function JudgeItem({ spec, title }: { spec: Extract<ItemSpec, { kind: 'judge' | 'judgeHistory' }>; title: string }) {
  const { rounds } = useJudge();
  const tables = useMemo(() => (spec.kind === 'judge'
    ? judgeTables(rounds.find((r) => r.id === spec.roundId), title)
    : historyTables(rounds, spec.level, title)), [rounds, spec, title]);
  return (
    <>
      {tables.map((t, i) => (
        <div key={i} className="bf-block">
          <DocTable table={t} testId="briefing-table" />
        </div>
      ))}
    </>
  );
}

function ItemChart({ spec, filter, title }: { spec: ItemSpec; filter: Filter; title: string }) {
  switch (spec.kind) {
    case 'trend': return <TrendChart spec={spec} filter={filter} title={title} />;
    case 'ranking': return <RankingFigure spec={spec} filter={filter} title={title} />;
    case 'townshipCompare': return <LinesFigure spec={spec} filter={filter} title={title} />;
    case 'unitCompare': return <RadarFigure spec={spec} filter={filter} title={title} />;
    default: return null;
  }
}

function useTrendContext(spec: Extract<ItemSpec, { kind: 'trend' }>, filter: Filter): TrendContext {
  const { townships, kind, period, counties } = filter;
  return useMemo(() => ({
    cadence: spec.cadence,
    // The same filter parts as the screen and the item's tables (shared/views/trends.ts).
    filter: { townships, kind, counties },
    scope: trendScope({ townships, kind, counties }),
    scopeName: filterScopeName({ townships, kind, counties }),
    selectedKey: period == null ? null : spec.cadence === 'year' ? String(period.year) : period.quarter == null ? null : periodKey(period),
    selectPeriod: noop,
    selectTownship: noop,
  }), [spec.cadence, townships, kind, counties, period]);
}

function TrendChart({ spec, filter, title }: { spec: Extract<ItemSpec, { kind: 'trend' }>; filter: Filter; title: string }) {
  const ctx = useTrendContext(spec, filter);
  const level = spec.level ?? 3;
  const measure = spec.measure ?? { kind: 'shareAtLeast', level: 3 };
  // measure is plain JSON: its id keys the memo.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const q = useMemo(() => resolveTrend({ panel: spec.panel, cadence: ctx.cadence, level, measure }, ctx.filter), [spec.panel, ctx.filter, ctx.cadence, level, measureId(measure)]);
  const state = useAnalysis<unknown>(q as AnalysisQuery<unknown>);
  if (state.error) return <ErrorState title="图表查询失败" error={state.error} />;
  const data = state.data as { periods: string[] } | null;
  if (!data) return <Spinner text="正在绘制图表…" />;
  if (data.periods.length === 0) return <p className="bf-note">没有符合筛选条件的数据。</p>;
  return (
    <ChartFigure name={title} version={data} testId="briefing-chart">
      {(ref) => {
        switch (spec.panel) {
          case 'share': return <ShareChart data={data as never} ctx={ctx} title={measureLabel({ kind: 'shareAtLeast', level })} chartRef={ref} />;
          case 'levels': return <LevelChart data={data as never} ctx={ctx} chartRef={ref} />;
          case 'stars': return <StarChart data={data as never} ctx={ctx} chartRef={ref} />;
          case 'heatmap': return <HeatmapChart data={data as never} ctx={ctx} chartRef={ref} />;
        }
      }}
    </ChartFigure>
  );
}

function RankingFigure({ spec, filter, title }: { spec: Extract<ItemSpec, { kind: 'ranking' }>; filter: Filter; title: string }) {
  const key = filter.period ? periodKey(filter.period) : null;
  const countyKey = (filter.counties ?? []).join('\u0000');
  // The 排名 screen's resolver: the same townships, counties and kind as on screen and in the table.
  const q = useMemo(() => resolveRanking({ measure: spec.measure }, filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, measureId(spec.measure), filter.kind, countyKey]);
  const { data } = useAnalysis(q ?? null);
  if (!data || data.rows.length === 0) return null;
  return (
    <ChartFigure name={`${title}（条形图）`} version={data} testId="briefing-chart">
      {(ref) => <RankingChart data={data} measure={option(spec.measure)} selected={filter.townships} onPick={noop} chartRef={ref} />}
    </ChartFigure>
  );
}

function LinesFigure({ spec, filter, title }: { spec: Extract<ItemSpec, { kind: 'townshipCompare' }>; filter: Filter; title: string }) {
  const q = useMemo(() => resolveTownshipLines(spec.townships, spec.lineMeasure, filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify(spec.townships), measureId(spec.lineMeasure), filter.kind, JSON.stringify(filter.counties)]);
  const { data } = useAnalysis(q);
  const opt = useMemo(() => (data ? linesOption(data, spec.townships, option(spec.lineMeasure), filter.period ? periodKey(filter.period) : '') : null),
    [data, spec.townships, spec.lineMeasure, filter.period]);
  if (!opt) return null;
  const label = `${spec.townships.join('、')}${measureLabel(spec.lineMeasure)}逐季走势`;
  return (
    <ChartFigure name={`${title}（${measureLabel(spec.lineMeasure)}走势）`} version={opt} testId="briefing-chart">
      {(ref) => <Chart ref={ref} option={opt} height={280} label={`${label}折线图`} />}
    </ChartFigure>
  );
}

function RadarFigure({ spec, filter, title }: { spec: Extract<ItemSpec, { kind: 'unitCompare' }>; filter: Filter; title: string }) {
  const ids = useMemo(() => spec.units.map((u) => u.unitId), [spec.units]);
  const key = filter.period ? periodKey(filter.period) : null;
  const q = useMemo(() => resolveUnitRadar(ids, key), [ids, key]);
  const { data } = useAnalysis(q ?? null);
  const opt = useMemo(() => {
    if (!data) return null;
    const o = radarOption(data, (id) => SERIES_COLORS[Math.max(0, ids.indexOf(id))], (u) => u.name) as Record<string, unknown>;
    // No tooltips on paper.
    return { ...o, tooltip: { show: false } };
  }, [data, ids]);
  if (!opt) return null;
  return (
    <ChartFigure name={`${title}（五星雷达）`} version={opt} testId="briefing-chart">
      {(ref) => <Chart ref={ref} option={opt} height={286} label="所选村（社区）五星雷达图" />}
    </ChartFigure>
  );
}
