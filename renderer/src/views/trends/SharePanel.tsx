/** 三星以上占比 (or ≥ N) per township over periods: one line per township, the county line emphasised. */
import { resolveTrend } from '../../../../shared/views/trends.ts';
import { useMemo, type Ref } from 'react';
import { type TownshipShareTrend } from '../../../../shared/analysis/trends.ts';
import { measureLabel } from '../../../../shared/analysis/measures.ts';
import { formatPercent } from '../../../../shared/format.ts';
import { ACCENT } from '../../../../shared/palette.ts';
import { LEVEL_NAMES } from '../../../../shared/stars.ts';
import { Chart, type ChartClick, type ChartHandle } from '../../components/Chart.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { clickedPeriod, DataTable, numeric, grid, percentAxis, periodAxis, periodTitle, periodZoom, selectedMark, tipRow, tipTitle, TOOLTIP_BASE, TOWNSHIP_COLORS, townshipNames, TrendPanel, type TableRow, type TrendContext, trendExportTitle } from './common.tsx';
import { SHARE_CHART } from './layout.ts';
import { placeName } from '../../../../shared/scope.ts';
import { useLoadedCounties } from '../../state/counties.ts';
import { usePlans } from '../../state/plans-store.ts';
import { hasTargets, shareTargets } from '../../../../shared/plans/targets.ts';

export const TARGET_NAME = '规划目标';

/**
 * The plan's 三星以上占比 target per period (issue #17), for the 三星以上 line only: the county's
 * with no township chosen, else the one chosen township's; null when there is nothing to draw.
 */
function useTargetLine(data: TownshipShareTrend, level: number): Array<number | null> | null {
  const { plans } = usePlans();
  return useMemo(() => {
    if (level !== 3 || data.townships.length === 0) return null;
    const township = data.townships.length === 1 ? data.townships[0].township : null;
    const values = shareTargets(plans, data.periods, township);
    return hasTargets(values) ? values : null;
  }, [plans, data, level]);
}

/** What the total line is called: the county (by its name), or the townships the filter picked. */
function totalName(ctx: TrendContext, loaded: string[]): string {
  return (ctx.scope.townships?.length ?? 0) > 0 ? '所选乡镇合计' : placeName({ townships: [], counties: ctx.scope.counties ?? [] }, loaded);
}

export function SharePanel({ ctx, level, onLevel }: { ctx: TrendContext; level: number; onLevel(level: number): void }) {
  const q = useMemo(() => resolveTrend({ panel: 'share', cadence: ctx.cadence, level }, ctx.filter), [ctx.filter, ctx.cadence, level]);
  const state = useAnalysis(q);
  const title = measureLabel({ kind: 'shareAtLeast', level });
  return (
    <TrendPanel
      id="share"
      wide
      title={`各乡镇${title}`}
      note="点击折线按乡镇筛选，点击期次切换期次"
      exportName={`趋势-${title}-${ctx.scopeName}`}
      exportTitle={(d) => trendExportTitle(ctx, `各乡镇${title}`, d.periods)}
      briefing={{ kind: 'trend', panel: 'share', cadence: ctx.cadence, level }}
      loadingText={`正在计算各乡镇${title}…`}
      state={state}
      isEmpty={(d) => d.periods.length === 0}
      controls={
        <label className="trend-control">
          口径
          <select aria-label="占比口径" value={level} onChange={(e) => onLevel(Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>{n === 5 ? '五星' : `${LEVEL_NAMES[n]}以上`}</option>
            ))}
          </select>
        </label>
      }
      chart={(d, ref) => <ShareChart data={d} ctx={ctx} title={title} chartRef={ref} level={level} />}
      table={(d) => <ShareTable data={d} ctx={ctx} title={title} level={level} />}
    />
  );
}

export function ShareChart({ data, ctx, title, chartRef, level = 3 }: {
  data: TownshipShareTrend; ctx: TrendContext; title: string; chartRef: Ref<ChartHandle>; level?: number;
}) {
  const target = useTargetLine(data, level);
  const names = useMemo(() => townshipNames(data.townships), [data]);
  // With a single township in scope the total line is that township's: draw it once.
  const showTotal = data.townships.length !== 1;
  const loaded = useLoadedCounties();
  const total = totalName(ctx, loaded);
  const option = useMemo(() => {
    const n = data.periods.length;
    const lines = data.townships.map((t, i) => ({
      name: names[i],
      type: 'line',
      data: t.values,
      connectNulls: false,
      triggerLineEvent: true,
      symbol: 'circle',
      symbolSize: 5,
      showSymbol: n <= 24,
      lineStyle: { width: 1.6, opacity: 0.9 },
      color: TOWNSHIP_COLORS[i % TOWNSHIP_COLORS.length],
      emphasis: { focus: 'series', lineStyle: { width: 2.6 } },
      markLine: i === 0 && !showTotal ? selectedMark(data.labels, data.periods, ctx.selectedKey) : undefined,
    }));
    const series = showTotal
      ? [{
        name: total,
        type: 'line',
        data: data.total.values,
        z: 10,
        symbol: 'circle',
        symbolSize: 7,
        lineStyle: { width: 3.2 },
        color: ACCENT,
        emphasis: { focus: 'series' },
        markLine: selectedMark(data.labels, data.periods, ctx.selectedKey),
      }, ...lines]
      : lines;
    // The target as a dashed step line after the others (the tooltip reads it apart).
    if (target) {
      series.push({
        name: TARGET_NAME, type: 'line', data: target, step: 'middle', symbol: 'none', z: 9, connectNulls: false,
        lineStyle: { width: 2, type: 'dashed' }, color: '#c62828', emphasis: { focus: 'series' },
      } as unknown as (typeof series)[number]);
    }
    const unitsOf = (seriesIndex: number) => (showTotal
      ? (seriesIndex === 0 ? data.total.units : data.townships[seriesIndex - 1].units)
      : data.townships[seriesIndex].units);
    return {
      grid: grid(SHARE_CHART.grid, n),
      legend: { type: 'scroll', top: 4, left: 8, right: 8, itemWidth: 16, itemHeight: 8, textStyle: { fontSize: 12 } },
      tooltip: {
        ...TOOLTIP_BASE,
        trigger: 'axis',
        axisPointer: { type: 'line', lineStyle: { color: '#b9bec6' } },
        formatter: (items: Array<{ seriesIndex: number; seriesName: string; marker: string; value: number | null; dataIndex: number }>) => {
          if (!items.length) return '';
          const i = items[0].dataIndex;
          const row = (it: (typeof items)[number], strong = false) => {
            const units = unitsOf(it.seriesIndex)[i];
            const v = numeric(it.value);
            const detail = v == null || units == null ? '无评定' : `${formatPercent(v)}（${Math.round(v * units)}/${units}个）`;
            return tipRow(it.marker, it.seriesName, detail, strong);
          };
          const goal = items.find((it) => it.seriesName === TARGET_NAME && numeric(it.value) != null);
          const data_ = items.filter((it) => it.seriesName !== TARGET_NAME);
          const head = showTotal ? data_.filter((it) => it.seriesIndex === 0) : [];
          const rest = data_.filter((it) => !showTotal || it.seriesIndex !== 0)
            .sort((a, b) => (numeric(b.value) ?? -1) - (numeric(a.value) ?? -1));
          return tipTitle(`${periodTitle(data.periods[i], ctx.cadence)} · ${title}`)
            + (goal ? tipRow(goal.marker, TARGET_NAME, formatPercent(numeric(goal.value)), true) : '')
            + head.map((it) => row(it, true)).join('') + rest.map((it) => row(it)).join('');
        },
      },
      xAxis: { ...periodAxis(data.labels, data.periods, ctx.selectedKey), boundaryGap: false },
      yAxis: percentAxis(),
      dataZoom: periodZoom(n),
      series,
    };
  }, [data, names, ctx.selectedKey, ctx.cadence, showTotal, total, title, target]);

  const onClick = (e: ChartClick) => {
    if (e.componentType === 'series' && e.seriesName != null) {
      const i = names.indexOf(e.seriesName);
      if (i >= 0) { ctx.selectTownship(data.townships[i].township); return; }
    }
    const p = clickedPeriod(e, data.labels, data.periods);
    if (p) ctx.selectPeriod(p);
  };
  return <Chart ref={chartRef} option={option} height={SHARE_CHART.height} label={`各乡镇${title}趋势折线图`} testId="chart-share" onClick={onClick} />;
}

function ShareTable({ data, ctx, title, level }: { data: TownshipShareTrend; ctx: TrendContext; title: string; level: number }) {
  const names = townshipNames(data.townships);
  const target = useTargetLine(data, level);
  const loaded = useLoadedCounties();
  const titles = (values: Array<number | null>, units: Array<number | null>) =>
    values.map((v, i) => (v == null || units[i] == null ? undefined : `${Math.round(v * units[i]!)}/${units[i]}个`));
  const rows: TableRow[] = [
    ...(data.townships.length !== 1 ? [{
      key: 'total', name: totalName(ctx, loaded), color: ACCENT, strong: true,
      cells: data.total.values.map((v) => formatPercent(v)), titles: titles(data.total.values, data.total.units),
    }] : []),
    ...data.townships.map((t, i) => ({
      key: `t:${t.county ?? ''}:${t.township}`, name: names[i], township: t.township,
      color: TOWNSHIP_COLORS[i % TOWNSHIP_COLORS.length],
      cells: t.values.map((v) => formatPercent(v)), titles: titles(t.values, t.units),
    })),
    ...(target ? [{ key: 'target', name: TARGET_NAME, color: '#c62828', cells: target.map((v) => formatPercent(v)) }] : []),
  ];
  return <DataTable caption={`各乡镇${title}（按期次）`} corner="乡镇" labels={data.labels} periods={data.periods} rows={rows} testId="table-share" ctx={ctx} />;
}
