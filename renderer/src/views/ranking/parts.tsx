/**
 * Small pieces the 排名 and 对比 views share: measure pickers and formats, rank and value
 * deltas in the report style, level tags in the one level colour scale, star name lists,
 * the list of loaded periods, and an AG Grid wrapper for unit lists.
 */
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ColGroupDef, GridApi, RowClickedEvent } from 'ag-grid-community';
import { type Delta, formatPercent, NO_COMPARABLE } from '../../../../shared/format.ts';
import { isChangeMeasure } from '../../../../shared/analysis/ranking.ts';
export { townshipChangeNote } from '../../../../shared/analysis/comparable.ts';
import { LEVEL_COLORS } from '../../../../shared/palette.ts';
import { comparePeriods, periodKey, periodLabel, previousPeriod, type Period } from '../../../../shared/period.ts';
import { LEVEL_NAMES, STARS, type StarId } from '../../../../shared/stars.ts';
import { measureFormat, measureId, measureLabel, type MeasureSpec } from '../../../../shared/analysis/measures.ts';
import { gridLocale, gridTheme } from '../../components/Grid.tsx';
import { useQuery } from '../../data/useQuery.ts';
import { listPeriodsRows, PERIOD_ROWS_SQL } from '../../state/lists.ts';

// ---------------------------------------------------------------------------------------------
// Measures

export interface MeasureOption {
  id: string;
  spec: MeasureSpec;
  label: string;
  group: string;
}

const option = (spec: MeasureSpec, group: string): MeasureOption => ({ id: measureId(spec), spec, label: measureLabel(spec), group });

/** Single-valued measures a township can be ranked by, grouped for a <select>. */
export const RANK_MEASURES: MeasureOption[] = [
  option({ kind: 'shareAtLeast', level: 3 }, '星级结构'),
  option({ kind: 'shareAtLeast', level: 4 }, '星级结构'),
  option({ kind: 'shareAtLeast', level: 5 }, '星级结构'),
  option({ kind: 'atLeast', level: 3 }, '星级结构'),
  option({ kind: 'avgLevel' }, '星级结构'),
  option({ kind: 'starRate' }, '各星达成'),
  ...STARS.map((s) => option({ kind: 'starRate', star: s.id }, '各星达成')),
  option({ kind: 'targetRate' }, '创建目标'),
  option({ kind: 'targetMet' }, '创建目标'),
  option({ kind: 'unitsUp' }, '较上期变化'),
  option({ kind: 'unitsDown' }, '较上期变化'),
  option({ kind: 'starsGained' }, '较上期变化'),
  option({ kind: 'starsLost' }, '较上期变化'),
  option({ kind: 'weakUnits' }, '其他'),
  option({ kind: 'avg', column: 'collective_income' }, '其他'),
  option({ kind: 'avg', column: 'score' }, '其他'),
];

export function measureById(id: string, list: MeasureOption[] = RANK_MEASURES): MeasureOption {
  return list.find((m) => m.id === id) ?? list[0];
}

export function MeasureSelect(props: { value: string; onChange: (id: string) => void; label: string; options?: MeasureOption[]; testId?: string }) {
  const options = props.options ?? RANK_MEASURES;
  const groups = [...new Set(options.map((o) => o.group))];
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      {groups.map((g) => (
        <optgroup key={g} label={g}>
          {options.filter((o) => o.group === g).map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
        </optgroup>
      ))}
    </select>
  );
}

/** prevRank − rank as a badge: ↑2 moved up two places. */
export function rankDelta(change: number | null, against: string): Delta {
  if (change == null) return { trend: 'none', short: '—', sentence: `${against}无排名`, bare: '—' };
  if (change === 0) return { trend: 'flat', short: '', sentence: `名次与${against}相同`, bare: '' };
  return change > 0
    ? { trend: 'up', short: String(change), sentence: `较${against}上升${change}名`, bare: String(change) }
    : { trend: 'down', short: String(-change), sentence: `较${against}下降${-change}名`, bare: String(-change) };
}

/** "上季度" when comparing with the period right before, otherwise the compared period's name. */
export function againstLabel(period: Period, versus: Period): string {
  const prev = previousPeriod(period);
  if (comparePeriods(prev, versus) === 0) return period.quarter == null ? '上年度' : '上季度';
  return periodLabel(versus);
}

// ---------------------------------------------------------------------------------------------
// Levels and stars

/** A level in the level colour scale (无星 grey → 五星 accent). */
export function LevelTag({ level, testId }: { level: number | null | undefined; testId?: string }) {
  if (level == null) return <span className="level-tag level-none" data-testid={testId}>—</span>;
  return (
    <span className="level-tag" data-testid={testId} data-level={level}
      style={{ background: LEVEL_COLORS[level], color: level >= 4 ? '#fff' : '#1f2329' }}>
      {LEVEL_NAMES[level]}
    </span>
  );
}

/** Chinese names of stars, joined, or a dash. */
export function starList(ids: readonly StarId[]): string {
  return ids.length ? ids.map((id) => STARS.find((s) => s.id === id)!.name).join('、') : '—';
}

// ---------------------------------------------------------------------------------------------
// Periods

/** Every loaded period, oldest first. */
export function usePeriods(): Period[] {
  return useQuery(PERIOD_ROWS_SQL, listPeriodsRows).data ?? [];
}

export function PeriodSelect(props: { value: string; onChange: (key: string) => void; periods: Period[]; label: string; testId?: string }) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
      {[...props.periods].reverse().map((p) => <option key={periodKey(p)} value={periodKey(p)}>{periodLabel(p)}</option>)}
    </select>
  );
}

// ---------------------------------------------------------------------------------------------
// Grids

/** A read-only AG Grid for a unit list, in the workbench's theme and in Chinese. */
export function ListGrid<T>(props: {
  rows: T[];
  columns: Array<ColDef<T> | ColGroupDef<T>>;
  height: number;
  rowId: (row: T) => string;
  testId?: string;
  onRowClicked?: (row: T) => void;
  rowClass?: (row: T) => string | undefined;
  isExternalFilterPresent?: () => boolean;
  doesExternalFilterPass?: (row: T) => boolean;
  /** Up to this many rows the grid is just tall enough for them instead of `height` (default 8). */
  autoRows?: number;
  /** Changes when the external filter changes, so the grid re-filters. */
  filterKey?: string;
  noRows?: string;
}) {
  const api = useRef<GridApi<T> | null>(null);
  useEffect(() => {
    api.current?.onFilterChanged();
  }, [props.filterKey]);
  const defaultColDef = useMemo<ColDef<T>>(() => ({ sortable: true, resizable: true, suppressMovable: true }), []);
  const overlay = props.noRows ?? '没有符合条件的单位';
  // Short lists: just tall enough for their rows (header 32px + 30px a row, gridTheme).
  const fit = props.rows.length <= (props.autoRows ?? 8) && !props.isExternalFilterPresent;
  const height = props.rows.length === 0 ? 120 : fit ? 34 + props.rows.length * 30 : props.height;
  return (
    <div className="list-grid" style={{ height }} data-testid={props.testId}>
      <AgGridReact<T>
        theme={gridTheme}
        localeText={gridLocale}
        rowData={props.rows}
        columnDefs={props.columns}
        defaultColDef={defaultColDef}
        getRowId={(p) => props.rowId(p.data)}
        onRowClicked={props.onRowClicked ? (e: RowClickedEvent<T>) => e.data && props.onRowClicked!(e.data) : undefined}
        getRowClass={props.rowClass ? (p) => (p.data ? props.rowClass!(p.data) : undefined) : undefined}
        isExternalFilterPresent={props.isExternalFilterPresent}
        doesExternalFilterPass={props.doesExternalFilterPass ? (n) => (n.data ? props.doesExternalFilterPass!(n.data) : true) : undefined}
        onGridReady={(e) => { api.current = e.api; }}
        overlayNoRowsTemplate={overlay}
        suppressCellFocus={false}
        enableCellTextSelection
        animateRows={false}
      />
    </div>
  );
}

/** Panel heading with optional tools on the right. */
export function PanelHead({ id, title, children }: { id: string; title: ReactNode; children?: ReactNode }) {
  return (
    <div className="panel-head">
      <h3 id={id}>{title}</h3>
      {children && <div className="panel-tools">{children}</div>}
    </div>
  );
}
