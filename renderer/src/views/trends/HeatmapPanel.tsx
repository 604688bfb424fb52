/** Township × period heatmap of any single-valued measure. */
import { resolveTrend } from '../../../../shared/views/trends.ts';
import { useMemo, type Ref } from 'react';
import { allMeasures, measureFormat, measureId, measureLabel, type MeasureSpec } from '../../../../shared/analysis/measures.ts';
import { heatmapCellNote, heatmapCellText, heatmapChangeNote, heatmapNoComparable, type Heatmap } from '../../../../shared/analysis/trends.ts';
import { formatMeasureValue, NO_COMPARABLE } from '../../../../shared/format.ts';
import { ACCENT, LEVEL_COLORS } from '../../../../shared/palette.ts';
import { Chart, type ChartClick, type ChartHandle } from '../../components/Chart.tsx';
import { useAnalysis } from '../../data/useQuery.ts';
import { DataTable, formatAxis, grid, periodAxis, periodTitle, periodZoom, tipRow, tipTitle, TOOLTIP_BASE, townshipNames, TrendPanel, type TableRow, type TrendContext, trendExportTitle } from './common.tsx';
import { HEATMAP, heatmapHeight } from './layout.ts';

/** The measures a heatmap can show (one number per cell), grouped for the picker. */
const GROUPS: Array<{ label: string; kinds: Array<MeasureSpec['kind']> }> = [
  { label: '星级', kinds: ['units', 'atLeast', 'shareAtLeast', 'avgLevel'] },
  { label: '达标与目标', kinds: ['starRate', 'targetMet', 'targetRate'] },
  { label: '较上期变化', kinds: ['starsGained', 'starsLost', 'unitsUp', 'unitsDown'] },
  { label: '其他', kinds: ['weakUnits', 'sum', 'avg'] },
];

export const HEATMAP_MEASURES: MeasureSpec[] = allMeasures().filter((m) => m.kind !== 'levels');

export function measureById(id: string): MeasureSpec {
  return HEATMAP_MEASURES.find((m) => measureId(m) === id) ?? HEATMAP_MEASURES[0];
}

export function HeatmapPanel({ ctx, measure, onMeasure }: { ctx: TrendContext; measure: MeasureSpec; onMeasure(m: MeasureSpec): void }) {
  const q = useMemo(() => resolveTrend({ panel: 'heatmap', measure, cadence: ctx.cadence }, ctx.filter), [measure, ctx.filter, ctx.cadence]);
  const state = useAnalysis(q);
  const label = measureLabel(measure);
  return (
    <TrendPanel
      id="heatmap"
      wide
      title="乡镇 × 期次热力图"
      note="点击格子按该乡镇和期次筛选"
      exportName={`趋势-热力图-${label}-${ctx.scopeName}`}
      exportTitle={(d) => trendExportTitle(ctx, `各乡镇${label}热力图`, d.periods)}
      briefing={{ kind: 'trend', panel: 'heatmap', cadence: ctx.cadence, measure }}
      loadingText={`正在计算各乡镇${label}…`}
      state={state}
      isEmpty={(d) => d.periods.length === 0 || d.townships.length === 0}
      controls={
        <label className="trend-control">
          指标
          <select aria-label="热力图指标" value={measureId(measure)} onChange={(e) => onMeasure(measureById(e.target.value))}>
            {GROUPS.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {HEATMAP_MEASURES.filter((m) => g.kinds.includes(m.kind)).map((m) => (
                  <option key={measureId(m)} value={measureId(m)}>{measureLabel(m)}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      }
      chart={(d, ref) => <HeatmapChart data={d} ctx={ctx} chartRef={ref} />}
      table={(d) => <HeatmapTable data={d} ctx={ctx} />}
      footnote={heatmapFootnote}
    />
  );
}

/** Under the chart of a change measure: what it leaves out, and how the 无可比数据 cells look. */
export function heatmapFootnote(d: Heatmap): string {
  const note = heatmapChangeNote(d);
  const marked = d.townships.some((_, t) => d.periods.some((_, p) => heatmapNoComparable(d, t, p)));
  return marked ? `${note}虚线框格子为${NO_COMPARABLE}。` : note;
}

/** Cells of a change measure where no unit compares: an empty cell in a dashed frame, never a colour of 0. */
const NO_COMPARABLE_STYLE = { color: '#ffffff', borderColor: '#b9bec6', borderWidth: 1, borderType: 'dashed' };

/** Light grey → the accent, like the level scale. */
const RAMP = ['#f1f2f4', LEVEL_COLORS[1], LEVEL_COLORS[3], ACCENT];

export function HeatmapChart({ data, ctx, chartRef }: { data: Heatmap; ctx: TrendContext; chartRef: Ref<ChartHandle> }) {
  const names = useMemo(() => townshipNames(data.townships), [data]);
  const format = measureFormat(data.measure);
  const option = useMemo(() => {
    const n = data.periods.length;
    const lo = data.min ?? 0;
    let hi = data.max ?? 1;
    if (hi <= lo) hi = lo + (format === 'percent' ? 0.01 : 1);
    const cells = data.values.flatMap((row, y) => row.flatMap((v, x) => (v == null ? [] : [{
      value: [x, y, v],
      // Dark cells get white text.
      label: { color: v > lo + (hi - lo) * 0.62 ? '#fff' : '#1f2329' },
      // Hover lightens the cell: dark text stays readable.
      emphasis: { label: { color: '#1f2329' } },
    }])));
    const showLabels = n <= 20 && data.townships.length <= 40;
    // 无可比数据 cells: a second series the colour scale does not touch (visualMap seriesIndex 0).
    const noComparable = data.townships.flatMap((_, y) => data.periods.flatMap((_, x) => (heatmapNoComparable(data, y, x) ? [[x, y, 0]] : [])));
    return {
      grid: grid(HEATMAP.grid, n),
      tooltip: {
        ...TOOLTIP_BASE,
        trigger: 'item',
        formatter: (p: { value: [number, number, number]; seriesIndex?: number }) => {
          const [x, y, v] = p.value;
          const note = heatmapCellNote(data, y, x);
          return tipTitle(names[y]) + tipRow('', periodTitle(data.periods[x], ctx.cadence), '')
            + tipRow('', data.label, p.seriesIndex === 1 ? NO_COMPARABLE : formatMeasureValue(format, v), true)
            + (note ? tipRow('', note, '') : '');
        },
      },
      xAxis: { ...periodAxis(data.labels, data.periods, ctx.selectedKey), splitArea: { show: false } },
      yAxis: {
        type: 'category',
        data: names,
        inverse: true,
        triggerEvent: true,
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: { color: '#1f2329', width: HEATMAP.grid.left - 12, overflow: 'truncate' },
      },
      visualMap: {
        type: 'continuous',
        seriesIndex: 0,
        min: lo,
        max: hi,
        calculable: false,
        orient: 'vertical',
        right: 8,
        top: 'middle',
        itemWidth: 12,
        itemHeight: Math.max(60, Math.min(160, data.townships.length * HEATMAP.rowHeight - 40)),
        inRange: { color: RAMP },
        text: [formatAxis(format, hi), formatAxis(format, lo)],
        textStyle: { color: '#6b7280', fontSize: 11 },
        formatter: (v: number) => formatAxis(format, v),
      },
      dataZoom: periodZoom(n),
      series: [{
        name: data.label,
        type: 'heatmap',
        data: cells,
        label: { show: showLabels, fontSize: 11, formatter: (p: { value: [number, number, number] }) => formatMeasureValue(format, p.value[2]) },
        itemStyle: { borderColor: '#fff', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: '#1f2329', borderWidth: 1.5 } },
      }, ...(noComparable.length ? [{
        name: NO_COMPARABLE,
        type: 'heatmap',
        data: noComparable,
        label: { show: false },
        itemStyle: NO_COMPARABLE_STYLE,
        emphasis: { itemStyle: { borderColor: '#1f2329', borderWidth: 1.5, borderType: 'solid' } },
      }] : [])],
    };
  }, [data, names, format, ctx.selectedKey, ctx.cadence]);

  const onClick = (e: ChartClick) => {
    if (e.componentType === 'series' && Array.isArray(e.value)) {
      const [x, y] = e.value as number[];
      const township = data.townships[y]?.township;
      if (township != null) ctx.selectTownship(township);
      if (data.periods[x]) ctx.selectPeriod(data.periods[x]);
    } else if (e.componentType === 'yAxis') {
      const i = names.indexOf(String(e.value));
      if (i >= 0) ctx.selectTownship(data.townships[i].township);
    } else if (e.componentType === 'xAxis') {
      const i = data.labels.indexOf(String(e.value));
      if (i >= 0) ctx.selectPeriod(data.periods[i]);
    }
  };
  return (
    <Chart ref={chartRef} option={option} height={heatmapHeight(data.townships.length, data.periods.length)}
      label={`各乡镇${data.label}热力图`} testId="chart-heatmap" onClick={onClick} />
  );
}

function HeatmapTable({ data, ctx }: { data: Heatmap; ctx: TrendContext }) {
  const names = townshipNames(data.townships);
  const format = measureFormat(data.measure);
  const rows: TableRow[] = data.townships.map((t, i) => ({
    key: `t:${t.county ?? ''}:${t.township}`, name: names[i], township: t.township,
    cells: data.periods.map((_, p) => heatmapCellText(data, i, p, (v) => formatMeasureValue(format, v))),
    titles: data.periods.map((_, p) => heatmapCellNote(data, i, p) || undefined),
  }));
  return <DataTable caption={`各乡镇${data.label}（按期次）`} corner="乡镇" labels={data.labels} periods={data.periods} rows={rows} testId="table-heatmap" ctx={ctx} />;
}
