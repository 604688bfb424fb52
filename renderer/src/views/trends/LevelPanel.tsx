/** 星级结构: units per level per period as stacked bars, 五星 on top, in the level colours. */
import { resolveTrend } from '../../../../shared/views/trends.ts';
import { useMemo, type Ref } from 'react';
import { type LevelDistribution } from '../../../../shared/analysis/trends.ts';
import { formatPercent } from '../../../../shared/format.ts';
import { LEVEL_COLORS } from '../../../../shared/palette.ts';
import { Chart, type ChartClick, type ChartHandle } from '../../components/Chart.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { clickedPeriod, DataTable, grid, numeric, periodAxis, periodTitle, periodZoom, tipRow, tipTitle, TOOLTIP_BASE, TrendPanel, type TableRow, type TrendContext, trendExportTitle } from './common.tsx';
import { LEVEL_CHART } from './layout.ts';

export function LevelPanel({ ctx }: { ctx: TrendContext }) {
  const q = useMemo(() => resolveTrend({ panel: 'levels', cadence: ctx.cadence }, ctx.filter), [ctx.filter, ctx.cadence]);
  const state = useAnalysis(q);
  return (
    <TrendPanel
      id="levels"
      title="星级结构"
      note="各星级单位数"
      exportName={`趋势-星级结构-${ctx.scopeName}`}
      exportTitle={(d) => trendExportTitle(ctx, '星级结构', d.periods)}
      briefing={{ kind: 'trend', panel: 'levels', cadence: ctx.cadence }}
      loadingText="正在统计各期星级结构…"
      state={state}
      isEmpty={(d) => d.periods.length === 0}
      chart={(d, ref) => <LevelChart data={d} ctx={ctx} chartRef={ref} />}
      table={(d) => <LevelTable data={d} ctx={ctx} />}
    />
  );
}

export function LevelChart({ data, ctx, chartRef }: { data: LevelDistribution; ctx: TrendContext; chartRef: Ref<ChartHandle> }) {
  const option = useMemo(() => {
    const n = data.periods.length;
    return {
      grid: grid(LEVEL_CHART.grid, n),
      // Legend reads like the stack, top to bottom: 五星 first.
      legend: {
        top: 4, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 12 },
        data: [...data.levels].reverse().map((l) => l.name),
      },
      tooltip: {
        ...TOOLTIP_BASE,
        trigger: 'axis',
        axisPointer: { type: 'shadow', shadowStyle: { color: 'rgba(0,0,0,0.04)' } },
        formatter: (items: Array<{ seriesName: string; marker: string; value: unknown; dataIndex: number }>) => {
          if (!items.length) return '';
          const i = items[0].dataIndex;
          const units = data.units[i];
          const rows = [...items].reverse().map((it) => {
            const v = numeric(it.value) ?? 0;
            return tipRow(it.marker, it.seriesName, `${v}个（${formatPercent(units ? v / units : null)}）`);
          });
          return tipTitle(periodTitle(data.periods[i], ctx.cadence)) + rows.join('') + tipRow('', '合计', `${units}个`, true);
        },
      },
      xAxis: periodAxis(data.labels, data.periods, ctx.selectedKey),
      yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: '#eef0f2' } } },
      dataZoom: periodZoom(n),
      // Series in level order 无星 … 五星, so the stack grows upward and 五星 sits on top.
      series: data.levels.map((l) => ({
        name: l.name,
        type: 'bar',
        stack: 'levels',
        barMaxWidth: 36,
        data: l.values,
        color: LEVEL_COLORS[l.level],
        emphasis: { focus: 'series' },
      })),
    };
  }, [data, ctx.selectedKey, ctx.cadence]);

  const onClick = (e: ChartClick) => {
    const p = clickedPeriod(e, data.labels, data.periods);
    if (p) ctx.selectPeriod(p);
  };
  return <Chart ref={chartRef} option={option} height={LEVEL_CHART.height} label="各期星级结构堆叠柱状图" testId="chart-levels" onClick={onClick} />;
}

function LevelTable({ data, ctx }: { data: LevelDistribution; ctx: TrendContext }) {
  const rows: TableRow[] = [
    ...[...data.levels].reverse().map((l) => ({
      key: `level-${l.level}`, name: l.name, color: LEVEL_COLORS[l.level],
      cells: l.values.map((v) => `${v}`),
      titles: l.values.map((v, i) => (data.units[i] ? formatPercent(v / data.units[i]) : undefined)),
    })),
    { key: 'units', name: '合计', strong: true, cells: data.units.map((v) => `${v}`) },
  ];
  return <DataTable caption="各期各星级单位数（个）" corner="星级" labels={data.labels} periods={data.periods} rows={rows} testId="table-levels" ctx={ctx} />;
}
