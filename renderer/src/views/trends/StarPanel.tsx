/** 各星达标率: one line per star category, in the star colours; village / community stars labelled. */
import { resolveTrend } from '../../../../shared/views/trends.ts';
import { useMemo, type Ref } from 'react';
import { type StarRateTrend } from '../../../../shared/analysis/trends.ts';
import { formatPercent } from '../../../../shared/format.ts';
import { STAR_COLORS } from '../../../../shared/palette.ts';
import { KIND_NAMES, starById, type StarId } from '../../../../shared/stars.ts';
import { Chart, type ChartClick, type ChartHandle } from '../../components/Chart.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { clickedPeriod, DataTable, grid, numeric, percentAxis, periodAxis, periodTitle, periodZoom, selectedMark, tipRow, tipTitle, TOOLTIP_BASE, TrendPanel, type TableRow, type TrendContext, trendExportTitle } from './common.tsx';
import { STAR_CHART } from './layout.ts';

/** 产业兴旺星（村）: stars that apply to one kind only say which. */
export function starLabel(star: StarId): string {
  const def = starById(star);
  return def.kinds.length === 1 ? `${def.name}（${KIND_NAMES[def.kinds[0]]}）` : def.name;
}

export function StarPanel({ ctx }: { ctx: TrendContext }) {
  const q = useMemo(() => resolveTrend({ panel: 'stars', cadence: ctx.cadence }, ctx.filter), [ctx.filter, ctx.cadence]);
  const state = useAnalysis(q);
  return (
    <TrendPanel
      id="stars"
      title="各星达标率"
      note="只计该星适用的单位"
      exportName={`趋势-各星达标率-${ctx.scopeName}`}
      exportTitle={(d) => trendExportTitle(ctx, '各星达标率', d.periods)}
      briefing={{ kind: 'trend', panel: 'stars', cadence: ctx.cadence }}
      loadingText="正在计算各星达标率…"
      state={state}
      isEmpty={(d) => d.periods.length === 0}
      chart={(d, ref) => <StarChart data={d} ctx={ctx} chartRef={ref} />}
      table={(d) => <StarTable data={d} ctx={ctx} />}
    />
  );
}

export function StarChart({ data, ctx, chartRef }: { data: StarRateTrend; ctx: TrendContext; chartRef: Ref<ChartHandle> }) {
  const option = useMemo(() => {
    const n = data.periods.length;
    return {
      grid: grid(STAR_CHART.grid, n),
      legend: {
        orient: 'vertical', right: 4, top: 'middle', itemWidth: 16, itemHeight: 8, itemGap: 10,
        textStyle: { fontSize: 12 },
      },
      tooltip: {
        ...TOOLTIP_BASE,
        trigger: 'axis',
        axisPointer: { type: 'line', lineStyle: { color: '#b9bec6' } },
        formatter: (items: Array<{ seriesName: string; marker: string; value: unknown; dataIndex: number }>) => {
          if (!items.length) return '';
          const i = items[0].dataIndex;
          const rows = [...items]
            .sort((a, b) => (numeric(b.value) ?? -1) - (numeric(a.value) ?? -1))
            .map((it) => tipRow(it.marker, it.seriesName, numeric(it.value) == null ? '不适用' : formatPercent(numeric(it.value))));
          return tipTitle(`${periodTitle(data.periods[i], ctx.cadence)} · 各星达标率`) + rows.join('');
        },
      },
      xAxis: { ...periodAxis(data.labels, data.periods, ctx.selectedKey), boundaryGap: false },
      yAxis: percentAxis(),
      dataZoom: periodZoom(n),
      series: data.stars.map((s, i) => ({
        name: starLabel(s.star),
        type: 'line',
        data: s.values,
        symbol: 'circle',
        symbolSize: 5,
        showSymbol: n <= 24,
        lineStyle: { width: s.star === 'branch' ? 2.4 : 1.8 },
        color: STAR_COLORS[s.star],
        emphasis: { focus: 'series' },
        markLine: i === 0 ? selectedMark(data.labels, data.periods, ctx.selectedKey) : undefined,
      })),
    };
  }, [data, ctx.selectedKey, ctx.cadence]);

  const onClick = (e: ChartClick) => {
    const p = clickedPeriod(e, data.labels, data.periods);
    if (p) ctx.selectPeriod(p);
  };
  return <Chart ref={chartRef} option={option} height={STAR_CHART.height} label="各星达标率趋势折线图" testId="chart-stars" onClick={onClick} />;
}

function StarTable({ data, ctx }: { data: StarRateTrend; ctx: TrendContext }) {
  const rows: TableRow[] = data.stars.map((s) => ({
    key: `star-${s.star}`, name: starLabel(s.star), color: STAR_COLORS[s.star],
    cells: s.values.map((v) => (v == null ? '不适用' : formatPercent(v))),
  }));
  return <DataTable caption="各期各星达标率" corner="星类" labels={data.labels} periods={data.periods} rows={rows} testId="table-stars" ctx={ctx} />;
}
