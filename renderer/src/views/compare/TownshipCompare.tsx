/**
 * 2–6 townships side by side on the pivot measures for the selected period, and one
 * measure over every quarter as lines.
 */
import { resolveTownshipLines, resolveTownshipTable } from '../../../../shared/views/compare.ts';
import { useMemo, useRef } from 'react';
import { MAX_COMPARE } from '../../../../shared/analysis/compare.ts';
import { measureId, measureLabel, type MeasureSpec } from '../../../../shared/analysis/measures.ts';
import { shapePivot, type PivotLeafColumn, type PivotResult } from '../../../../shared/analysis/pivot.ts';
import { formatMeasureValue } from '../../../../shared/format.ts';
import { LEVEL_COLORS } from '../../../../shared/palette.ts';
import { parsePeriodKey, periodKey, periodLabel, periodShort, type Period } from '../../../../shared/period.ts';
import { TOWNSHIPS_SQL } from '../../../../shared/sql/lists.ts';
import type { UnitKind } from '../../../../shared/stars.ts';
import { Chart, escapeHtml, type ChartHandle } from '../../components/Chart.tsx';
import { ChartExport } from '../../components/ChartExport.tsx';
import { EmptyState, ErrorState, Spinner } from '../../components/States.tsx';
import { useAnalysis, useQuery } from '../../data/useQuery.ts';
import { MeasureSelect, type MeasureOption, PanelHead } from '../ranking/parts.tsx';
import { SERIES_COLORS } from './state.ts';

const m = (spec: MeasureSpec, group: string): MeasureOption => ({ id: measureId(spec), spec, label: measureLabel(spec), group });

/** Measures offered for the township comparison table. */
export const TOWNSHIP_MEASURES: MeasureOption[] = [
  m({ kind: 'units' }, '规模'),
  m({ kind: 'shareAtLeast', level: 3 }, '星级结构'),
  m({ kind: 'levels' }, '星级结构'),
  m({ kind: 'shareAtLeast', level: 4 }, '星级结构'),
  m({ kind: 'avgLevel' }, '星级结构'),
  m({ kind: 'starRate' }, '各星达成'),
  m({ kind: 'targetRate' }, '创建目标'),
  m({ kind: 'unitsUp' }, '较上期变化'),
  m({ kind: 'unitsDown' }, '较上期变化'),
  m({ kind: 'weakUnits' }, '其他'),
  m({ kind: 'avg', column: 'collective_income' }, '其他'),
];

const LINE_MEASURES = TOWNSHIP_MEASURES.filter((o) => o.spec.kind !== 'levels');

export function useTownshipList(): string[] {
  return useQuery(TOWNSHIPS_SQL, (rows) => rows.map((r) => String(r.township))).data ?? [];
}

export function TownshipCompare(props: {
  all: string[];
  townships: string[];
  onTownships: (t: string[]) => void;
  measures: string[];
  onMeasures: (ids: string[]) => void;
  lineMeasure: string;
  onLineMeasure: (id: string) => void;
  period: Period;
  kind: UnitKind | null;
  /** The filter's counties: the townships are looked up in them (shared/views/compare.ts). */
  counties: string[];
}) {
  const { townships, period, kind, counties } = props;
  const chosen = TOWNSHIP_MEASURES.filter((o) => props.measures.includes(o.id));
  const toggle = (t: string) => props.onTownships(townships.includes(t) ? townships.filter((x) => x !== t) : [...townships, t]);
  const toggleMeasure = (id: string) => {
    const next = props.measures.includes(id) ? props.measures.filter((x) => x !== id) : [...props.measures, id];
    if (next.length) props.onMeasures(TOWNSHIP_MEASURES.filter((o) => next.includes(o.id)).map((o) => o.id));
  };
  const full = townships.length >= MAX_COMPARE;
  return (
    <>
      <section className="panel" aria-labelledby="cmp-town-pick">
        <PanelHead id="cmp-town-pick" title={<>对比乡镇<span className="muted small">（选择 2–{MAX_COMPARE} 个，已选 {townships.length} 个）</span></>}>
          {townships.length > 0 && <button className="link small" onClick={() => props.onTownships([])}>全部取消</button>}
        </PanelHead>
        <div className="town-toggles" role="group" aria-label="选择乡镇">
          {props.all.map((t) => {
            const i = townships.indexOf(t);
            return (
              <button key={t} className={i >= 0 ? 'toggle on' : 'toggle'} aria-pressed={i >= 0} disabled={i < 0 && full}
                onClick={() => toggle(t)} title={i < 0 && full ? `最多对比${MAX_COMPARE}个乡镇` : undefined}>
                {i >= 0 && <i style={{ background: SERIES_COLORS[i] }} aria-hidden="true" />}{t}
              </button>
            );
          })}
        </div>
        <div className="measure-toggles" role="group" aria-label="对比指标">
          <span className="muted small">指标</span>
          {TOWNSHIP_MEASURES.map((o) => (
            <label key={o.id} className="check">
              <input type="checkbox" checked={props.measures.includes(o.id)} onChange={() => toggleMeasure(o.id)} />{o.label}
            </label>
          ))}
        </div>
      </section>
      {townships.length === 0
        ? <EmptyState title="请选择要对比的乡镇">点击上方乡镇名称，选择 2–{MAX_COMPARE} 个乡镇并排比较。</EmptyState>
        : (
          <>
            <TownshipTable townships={townships} measures={chosen} period={period} kind={kind} counties={counties} />
            <TownshipLines townships={townships} measure={LINE_MEASURES.find((o) => o.id === props.lineMeasure) ?? LINE_MEASURES[1]}
              onMeasure={props.onLineMeasure} kind={kind} counties={counties} period={period} />
          </>
        )}
    </>
  );
}

function formatCell(leaf: PivotLeafColumn, v: string | number | null | undefined, spec: MeasureSpec | undefined): string {
  if (v == null) return '—';
  if (typeof v === 'string') return v;
  return formatMeasureValue(spec ?? leaf.format ?? 'count', v);
}

function TownshipTable({ townships, measures, period, kind, counties }: { townships: string[]; measures: MeasureOption[]; period: Period; kind: UnitKind | null; counties: string[] }) {
  const q = useMemo(() => resolveTownshipTable(townships, measures.map((o) => o.spec), { period, kind, counties, townships: [] }), [townships, measures, period, kind, counties]);
  const { data, error, slow } = useAnalysis(q);
  const table = useMemo(() => (data ? shapePivot(data) : null), [data]);
  // Keep the caller's order of townships (the colours follow it).
  const rows = useMemo(() => (table ? [...table.rows].sort((a, b) => townships.indexOf(String(a.path[0])) - townships.indexOf(String(b.path[0]))) : []), [table, townships]);
  const specOf = (leaf: PivotLeafColumn) => (leaf.valueKey ? measures[Number(/^m(\d+)/.exec(leaf.valueKey)?.[1] ?? -1)]?.spec : undefined);
  const levelsIndex = measures.findIndex((o) => o.spec.kind === 'levels');
  const leaves = table?.leaves ?? [];
  const dimLeaf = table ? (table.columnDefs.find((c) => 'role' in c && c.role === 'dim') as PivotLeafColumn | undefined) : undefined;
  return (
    <section className="panel" aria-labelledby="cmp-town-table">
      <PanelHead id="cmp-town-table" title={`${periodLabel(period)} 乡镇对比`} />
      {error ? <ErrorState title="乡镇对比查询失败" error={error} />
        : !table ? (slow ? <Spinner text="正在汇总各乡镇…" /> : <div className="table-placeholder small" />)
          : rows.length === 0 ? <EmptyState title={`${periodLabel(period)}所选乡镇没有评定数据`} />
            : (
              <div className="rk-table-wrap">
                <table className="rk-table" data-testid="township-compare">
                  <thead>
                    {levelsIndex >= 0 && (
                      <tr>
                        <th className="text" rowSpan={2}>乡镇（街道）</th>
                        {measures.map((o) => (o.spec.kind === 'levels'
                          ? <th key={o.id} colSpan={6} className="group">{o.label}</th>
                          : <th key={o.id} rowSpan={2} className="num">{o.label}</th>))}
                      </tr>
                    )}
                    <tr>
                      {levelsIndex < 0 && <th className="text">乡镇（街道）</th>}
                      {leaves.map((leaf) => {
                        const isLevel = /^m\d+_\d$/.test(leaf.valueKey ?? '');
                        if (levelsIndex >= 0 && !isLevel) return null;
                        const lv = isLevel ? Number(leaf.valueKey!.slice(-1)) : -1;
                        return <th key={leaf.colId} className="num lv-head">{isLevel && <i style={{ background: LEVEL_COLORS[lv] }} />}{leaf.headerName}</th>;
                      })}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => {
                      const i = townships.indexOf(String(r.path[0]));
                      return (
                        <tr key={r.id}>
                          <td className="text name"><i className="dot" style={{ background: SERIES_COLORS[Math.max(0, i)] }} aria-hidden="true" />{dimLeaf ? String(r.cells[dimLeaf.colId] ?? '') : r.labels.join(' / ')}</td>
                          {leaves.map((leaf) => (
                            <td key={leaf.colId} className="num">{formatCell(leaf, r.cells[leaf.colId], specOf(leaf))}</td>
                          ))}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
    </section>
  );
}

function TownshipLines({ townships, measure, onMeasure, kind, counties, period }: {
  townships: string[]; measure: MeasureOption; onMeasure: (id: string) => void; kind: UnitKind | null; counties: string[]; period: Period;
}) {
  const chart = useRef<ChartHandle>(null);
  const q = useMemo(() => resolveTownshipLines(townships, measure.spec, { period, kind, counties, townships: [] }), [townships, measure, kind, counties, period]);
  const { data, error, slow } = useAnalysis(q);
  const option = useMemo(() => (data ? linesOption(data, townships, measure, periodKey(period)) : null), [data, townships, measure, period]);
  return (
    <section className="panel" aria-labelledby="cmp-town-lines">
      <PanelHead id="cmp-town-lines" title="逐季走势">
        <label className="tool">指标<MeasureSelect label="走势指标" value={measure.id} onChange={onMeasure} options={LINE_MEASURES} /></label>
        <ChartExport chart={chart} name={`乡镇对比-${measure.label}`} />
      </PanelHead>
      {error ? <ErrorState title="乡镇走势查询失败" error={error} />
        : !option ? (slow ? <Spinner text="正在汇总各季度…" /> : <div className="chart-placeholder" />)
          : <Chart ref={chart} option={option} height={280} label={`所选乡镇${measure.label}走势折线图`} testId="township-lines" />}
    </section>
  );
}

export function linesOption(data: PivotResult, townships: string[], measure: MeasureOption, current: string) {
  const periods = [...new Set(data.rows.map((r) => String(r.dims.period)))].sort((a, b) => {
    const pa = parsePeriodKey(a)!;
    const pb = parsePeriodKey(b)!;
    return pa.year - pb.year || (pa.quarter ?? 5) - (pb.quarter ?? 5);
  });
  const index = new Map(periods.map((p, i) => [p, i]));
  const series = townships.map((t, i) => {
    const values: Array<number | null> = periods.map(() => null);
    for (const r of data.rows) if (String(r.dims.township) === t) values[index.get(String(r.dims.period))!] = r.values.m0 ?? null;
    return {
      name: t, type: 'line', symbolSize: 6, connectNulls: false,
      lineStyle: { width: 2, color: SERIES_COLORS[i] }, itemStyle: { color: SERIES_COLORS[i] }, emphasis: { focus: 'series' },
      data: values,
      ...(i === 0 && index.has(current) ? { markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { color: '#9aa0a8', type: 'dashed' }, data: [{ xAxis: index.get(current) }] } } : {}),
    };
  });
  const percent = measure.spec.kind === 'shareAtLeast' || measure.spec.kind === 'starRate' || measure.spec.kind === 'targetRate';
  return {
    grid: { left: 8, right: 16, top: 36, bottom: periods.length > 20 ? 40 : 8, containLabel: true },
    legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ dataIndex: number; seriesIndex: number; value: number | null }>) => {
        if (!items.length) return '';
        const p = parsePeriodKey(periods[items[0].dataIndex]);
        const rows = items.map((it) => `<span style="color:${SERIES_COLORS[it.seriesIndex]}">●</span> ${escapeHtml(townships[it.seriesIndex])}：${escapeHtml(formatMeasureValue(measure.spec, it.value))}`);
        return `${escapeHtml(p ? periodLabel(p) : periods[items[0].dataIndex])} · ${escapeHtml(measure.label)}<br/>${rows.join('<br/>')}`;
      },
    },
    xAxis: { type: 'category', data: periods.map((k) => periodShort(parsePeriodKey(k)!)), boundaryGap: false, axisLabel: { color: '#6b7280' } },
    yAxis: {
      type: 'value', ...(percent ? { min: 0 } : { scale: true }),
      axisLabel: { color: '#6b7280', formatter: (v: number) => (percent ? `${Math.round(v * 100)}%` : String(v)) },
      splitLine: { lineStyle: { color: '#eef0f2' } },
    },
    ...(periods.length > 20 ? { dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4, showDetail: false, brushSelect: false }] } : {}),
    series,
  };
}
