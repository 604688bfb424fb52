/**
 * Pieces the trend panels share: the panel frame (title, controls, export, states, data
 * table), the period axis with the selected period marked, the data-zoom slider, value
 * formats and tooltip helpers.
 */
import type { TrendFilter } from '../../../../shared/views/trends.ts';
import { useRef, type ReactNode, type RefObject } from 'react';
import type { AnalysisScope } from '../../../../shared/analysis/common.ts';
import type { MeasureFormat } from '../../../../shared/analysis/measures.ts';
import { ACCENT } from '../../../../shared/palette.ts';
import { parsePeriodKey, periodLabel } from '../../../../shared/period.ts';
import { escapeHtml, type ChartHandle } from '../../components/Chart.tsx';
import { ChartExport } from '../../components/ChartExport.tsx';
import { chartTitle } from '../../../../shared/chart-export.ts';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import type { ItemSpec } from '../../../../shared/briefing/model.ts';
import { AddToBriefing } from '../briefing/AddToBriefing.tsx';
import type { QueryState } from '../../data/useQuery.ts';
import { gridBottom, percentAxisMax, ZOOM_HEIGHT, ZOOM_WINDOW, zoomOn } from './layout.ts';

export type Cadence = 'quarter' | 'year';

/** What every panel needs from the view: the scope, the cadence and the cross-filter actions. */
export interface TrendContext {
  cadence: Cadence;
  /** The filter the panels' queries resolve against (shared/views/trends.ts resolveTrend). */
  filter: TrendFilter;
  /** The same as a scope (trendScope(filter)), for labels. */
  scope: AnalysisScope;
  /** Chinese name of the scope for titles and file names, e.g. 全县 or 城关镇（仅村）. */
  scopeName: string;
  /** Key, in this cadence, of the globally selected period ("2024Q3" / "2024"), to mark it. */
  selectedKey: string | null;
  /** Cross-filter: set the global period from a period key of this cadence. */
  selectPeriod(key: string): void;
  /** Cross-filter: set the global township filter. */
  selectTownship(township: string): void;
}

// ---------------------------------------------------------------------------------------------
// Values

/** A tooltip value as a number, or null (ECharts passes null, NaN or '-' for gaps). */
export function numeric(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Short axis form: 30%, 1.2万, 12. */
export function formatAxis(format: MeasureFormat, v: number): string {
  if (format === 'percent') return `${Math.round(v * 100)}%`;
  if (Math.abs(v) >= 10000) return `${(v / 10000).toFixed(1)}万`;
  return `${Math.round(v * 100) / 100}`;
}

/** Title of a period key in a tooltip: 2024年第三季度, or 2024年 (annual, else Q4) in yearly cadence. */
export function periodTitle(key: string, cadence: Cadence): string {
  const p = parsePeriodKey(key);
  if (!p) return key;
  return cadence === 'year' ? `${p.year}年（年度评定，无则取第四季度）` : periodLabel(p);
}

/** A percentage axis from 0 up to a little above the highest value (at most 100%). */
export function percentAxis() {
  return {
    type: 'value',
    min: 0,
    max: (e: { max: number }) => percentAxisMax(e.max),
    axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
    splitLine: { lineStyle: { color: '#eef0f2' } },
  };
}

// ---------------------------------------------------------------------------------------------
// Period axis, zoom and tooltips

/** Category axis of period labels; the globally selected period is drawn in the accent. */
export function periodAxis(labels: string[], periods: string[], selectedKey: string | null) {
  const selected = selectedKey == null ? null : labels[periods.indexOf(selectedKey)] ?? null;
  return {
    type: 'category',
    data: labels,
    triggerEvent: true,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: '#c4c8ce' } },
    axisLabel: {
      color: '#4b5563',
      // Every label that fits (the automatic interval is too cautious); overlaps are hidden.
      interval: 0,
      hideOverlap: true,
      // Period labels are generated (24Q3), never data, so rich text is safe here.
      formatter: (v: string) => (v === selected ? `{sel|${v}}` : v),
      rich: { sel: { color: ACCENT, fontWeight: 'bold' } },
    },
  };
}

/** A dashed accent line at the selected period (line charts). */
export function selectedMark(labels: string[], periods: string[], selectedKey: string | null) {
  const i = selectedKey == null ? -1 : periods.indexOf(selectedKey);
  if (i < 0) return undefined;
  return {
    silent: true,
    symbol: 'none',
    label: { show: false },
    lineStyle: { color: ACCENT, type: 'dashed', width: 1, opacity: 0.6 },
    data: [{ xAxis: labels[i] }],
  };
}

/** The slider under the x axis when there are many periods. */
export function periodZoom(periods: number) {
  if (!zoomOn(periods)) return undefined;
  return [{
    type: 'slider',
    xAxisIndex: 0,
    height: ZOOM_HEIGHT,
    bottom: 6,
    startValue: Math.max(0, periods - ZOOM_WINDOW),
    endValue: periods - 1,
    brushSelect: false,
    borderColor: '#dfe2e6',
    fillerColor: 'rgba(200, 16, 46, 0.08)',
    handleStyle: { color: '#fff', borderColor: '#b9bec6' },
    moveHandleSize: 4,
    textStyle: { color: '#6b7280', fontSize: 11 },
    dataBackground: { lineStyle: { color: '#c4c8ce' }, areaStyle: { color: '#eef0f2' } },
  }];
}

export function grid(g: { left: number; right: number; top: number; bottom: number }, periods: number) {
  return { left: g.left, right: g.right, top: g.top, bottom: gridBottom(g.bottom, periods), containLabel: false };
}

export const TOOLTIP_BASE = {
  confine: true,
  backgroundColor: 'rgba(255, 255, 255, 0.97)',
  borderColor: '#dfe2e6',
  textStyle: { color: '#1f2329', fontSize: 12 },
  extraCssText: 'box-shadow: 0 2px 10px rgba(0,0,0,0.12); max-width: 420px;',
};

/** One tooltip line: marker, escaped name, value (already formatted, escaped here too). */
export function tipRow(marker: string, name: string, value: string, strong = false): string {
  const n = escapeHtml(name);
  const v = escapeHtml(value);
  const style = strong ? 'font-weight:700;' : '';
  return `<div style="display:flex;gap:12px;justify-content:space-between;${style}"><span>${marker}${n}</span><span style="font-variant-numeric:tabular-nums">${v}</span></div>`;
}

export function tipTitle(text: string): string {
  return `<div style="margin-bottom:4px;font-weight:700">${escapeHtml(text)}</div>`;
}

/** A period from an ECharts click: a data item (dataIndex) or an x-axis label (value). */
export function clickedPeriod(
  e: { componentType?: string; dataIndex?: number; value?: unknown; targetType?: string },
  labels: string[], periods: string[],
): string | null {
  if (e.componentType === 'xAxis') {
    const i = labels.indexOf(String(e.value));
    return i >= 0 ? periods[i] : null;
  }
  if (e.componentType === 'series' && typeof e.dataIndex === 'number' && e.dataIndex >= 0) {
    return periods[e.dataIndex] ?? null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Panel frame

/** 示例县各乡镇三星以上占比（2023年第一季度—2024年第四季度）: an exported chart's title. */
export function trendExportTitle(ctx: TrendContext, what: string, periods: readonly string[]): string {
  const label = (key: string | undefined) => {
    const p = key ? parsePeriodKey(key) : null;
    return p ? (ctx.cadence === 'year' ? `${p.year}年` : periodLabel(p)) : null;
  };
  return chartTitle(`${ctx.scopeName}${what}`, label(periods[0]), label(periods[periods.length - 1]));
}

interface PanelProps<T> {
  id: string;
  title: ReactNode;
  /** File name stem of the exported image. */
  exportName: string;
  /** Title in the exported image: what, where, when (trendExportTitle). */
  exportTitle?(data: T): string;
  note?: ReactNode;
  controls?: ReactNode;
  wide?: boolean;
  state: QueryState<T>;
  /** Whether the result has anything to draw. */
  isEmpty(data: T): boolean;
  loadingText: string;
  chart(data: T, ref: RefObject<ChartHandle | null>): ReactNode;
  table?(data: T): ReactNode;
  /** A line under the chart, e.g. what a change leaves out ('' or nothing: no line). */
  footnote?(data: T): ReactNode;
  /** The panel as a briefing item (加入简报). */
  briefing?: ItemSpec;
}

export function TrendPanel<T>(props: PanelProps<T>) {
  const ref = useRef<ChartHandle | null>(null);
  const { data, error, slow } = props.state;
  const ready = data != null && !props.isEmpty(data);
  let body: ReactNode;
  if (error) body = <ErrorState title="查询失败" error={error} />;
  else if (data == null) body = slow ? <Spinner text={props.loadingText} /> : <div className="trend-placeholder" />;
  else if (!ready) body = <EmptyState title="没有符合筛选条件的数据">请放宽乡镇或类型筛选，或导入更多期次的台账。</EmptyState>;
  else body = props.chart(data, ref);
  return (
    <section className={props.wide ? 'panel trend-panel wide' : 'panel trend-panel'} aria-labelledby={`${props.id}-title`}
      data-testid={`trend-${props.id}`} aria-busy={props.state.loading}>
      <header className="trend-head">
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        {props.note && <span className="muted small trend-note">{props.note}</span>}
        <span className="trend-spacer" />
        {props.controls}
        {ready && <ChartExport chart={ref} name={props.exportName} title={props.exportTitle?.(data)} />}
        {props.briefing && <AddToBriefing spec={props.briefing} testId={`add-trend-${props.id}`} />}
      </header>
      {body}
      {ready && props.footnote && (() => {
        const note = props.footnote(data);
        return note ? <p className="muted small trend-footnote" data-testid={`trend-${props.id}-footnote`}>注：{note}</p> : null;
      })()}
      {ready && props.table && (
        <details className="trend-table">
          <summary>数据表</summary>
          <div className="trend-table-wrap">{props.table(data)}</div>
        </details>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Accessible data table: each chart's numbers, with period and township buttons that
// cross-filter like a click on the chart.

export interface TableRow {
  key: string;
  name: string;
  /** Marker colour shown before the name. */
  color?: string;
  /** When set, the row name is a button that filters by this township. */
  township?: string;
  cells: string[];
  /** Optional hover text per cell (e.g. counts behind a share). */
  titles?: Array<string | undefined>;
  strong?: boolean;
}

export function DataTable(props: {
  caption: string;
  corner: string;
  labels: string[];
  periods: string[];
  rows: TableRow[];
  testId: string;
  ctx: TrendContext;
}) {
  const { ctx } = props;
  return (
    <table className="mini-table trend-data" data-testid={props.testId}>
      <caption className="sr-caption">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.corner}</th>
          {props.labels.map((label, i) => (
            <th scope="col" key={props.periods[i]}>
              <button className={props.periods[i] === ctx.selectedKey ? 'link cell-link selected' : 'link cell-link'}
                title={`筛选${periodTitle(props.periods[i], ctx.cadence)}`}
                onClick={() => ctx.selectPeriod(props.periods[i])}>{label}</button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key} className={r.strong ? 'strong' : undefined} data-row={r.key}>
            <th scope="row">
              {r.color && <i className="swatch" style={{ background: r.color }} />}
              {r.township != null
                ? <button className="link cell-link" title={`筛选${r.township}`} onClick={() => ctx.selectTownship(r.township!)}>{r.name}</button>
                : r.name}
            </th>
            {r.cells.map((c, i) => (
              <td key={props.periods[i]} data-period={props.periods[i]} title={r.titles?.[i]}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Names of townships for axes and legends (shared/scope.ts: one writer for screens and the 简报). */
export { townshipNames } from '../../../../shared/scope.ts';

/** A muted categorical palette for township lines (no red: the accent marks the county line). */
export const TOWNSHIP_COLORS = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#9c755f', '#76b7b2', '#c9a227', '#2f4b7c',
  '#8cd17d', '#a3a3a3', '#6a51a3', '#17a2b8', '#bcbd22', '#a6761d', '#1b9e77', '#5f6b7a',
];
