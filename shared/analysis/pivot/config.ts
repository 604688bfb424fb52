/**
 * The pivot's configuration, perspective-style plain JSON (rows, columns, filters, measures,
 * sort): a saved view is data. Here too: its validation, and what a config reads (its
 * dimensions, measures, extra columns and value columns).
 */
import type { Filter } from '../../filter.ts';
import { parsePeriodKey, periodKey } from '../../period.ts';
import { int } from '../../sql/literal.ts';
import { STAR_IDS, type StarId } from '../../stars.ts';
import type { AnalysisScope } from '../common.ts';
import { DEFAULT_MEASURE, type MeasureSpec, valueColumns, type ValueColumn } from '../measures.ts';
import { checkDim, dimLabel, type DimValue, extraName, isExtraDim, type PivotDim } from './dims.ts';

/** Sum or average of the numbers of an extra column (values that are not numbers are left out). */
export interface ExtraMeasure {
  kind: 'sum' | 'avg';
  name: string;
}

export function extraMeasureLabel(m: ExtraMeasure): string {
  return m.kind === 'sum' ? `${m.name}合计` : `平均${m.name}`;
}

/**
 * A filter on any dimension (the 筛选 well): keep rows whose value is one of `values`
 * (null = empty / not set). An empty list filters nothing. Values are as PivotRow.dims
 * holds them: period keys for `period`, numbers for year/quarter/levels, booleans for
 * weak_branch, unit ids for `unit`, text for extras.
 */
export interface PivotFieldFilter {
  dim: PivotDim;
  values: DimValue[];
}

/**
 * Which periods count. `all`: every rating as it is; `quarter`: quarterly ratings only;
 * `year`: one value per unit and year — the annual rating, or Q4 when there is none —
 * and changes compare with the previous year.
 */
export type Cadence = 'all' | 'quarter' | 'year';

export interface PivotFilters extends AnalysisScope {
  /** Period keys ("2024Q3", "2024"); in yearly cadence only the year counts. */
  periods?: string[];
  /** Inclusive period range (keys). */
  from?: string;
  to?: string;
  /** Star categories; filtering by star makes every row a unit × star row. */
  stars?: StarId[];
  levels?: number[];
  weakBranch?: boolean | null;
  /** Specific units (unit-level detail: answered from the live rows). */
  unitIds?: string[];
}

export type PivotSort =
  /** Siblings by a value column (ValueColumn.key) in one column (PivotLeafColumn.columnKey) or, by default, the totals column. */
  | { value: string; columnKey?: string; desc?: boolean }
  /** Siblings by a row dimension's natural order. */
  | { dim: PivotDim; desc?: boolean };

export interface PivotConfig {
  rows: PivotDim[];
  columns: PivotDim[];
  filters?: PivotFilters;
  /** Filters on any dimension, in the order of the 筛选 well. */
  fieldFilters?: PivotFieldFilter[];
  measures: MeasureSpec[];
  /** Sums and averages of numeric extra columns, after `measures`. */
  extraMeasures?: ExtraMeasure[];
  cadence?: Cadence;
  /** Row totals: a subtotal per row group (default), only the grand total, or none; column totals on/off (default on). */
  totals?: { rows?: 'subtotals' | 'grand' | 'none'; columns?: boolean };
  sort?: PivotSort;
}

/** The global filter (shared/filter.ts) as pivot filters: its townships, kind and period. */
export function pivotFiltersFromFilter(f: Filter): PivotFilters {
  return {
    townships: [...f.townships],
    kind: f.kind,
    ...(f.period ? { periods: [periodKey(f.period)] } : {}),
  };
}

/** The grouped dimensions: rows, then columns. */
export function dimsOf(config: PivotConfig): PivotDim[] {
  return [...config.rows, ...config.columns];
}

/** The measures to compute: the default one when the config names none. */
export function measuresOf(config: PivotConfig): MeasureSpec[] {
  return config.measures.length || config.extraMeasures?.length ? config.measures : [DEFAULT_MEASURE];
}

/** The field filters that filter something (a dimension with chosen values). */
export function activeFieldFilters(config: PivotConfig): PivotFieldFilter[] {
  return (config.fieldFilters ?? []).filter((f) => f.values.length > 0);
}

/** Extra columns the pivot reads (dimensions, filters, measures), each once. */
export function extrasOf(config: PivotConfig): string[] {
  const names = [
    ...[...dimsOf(config), ...activeFieldFilters(config).map((f) => f.dim)].filter(isExtraDim).map(extraName),
    ...(config.extraMeasures ?? []).map((m) => m.name),
  ];
  return [...new Set(names)];
}

/** Most dimensions (rows + columns) a pivot groups by; more is unreadable and the rolled-up bits must fit an INTEGER. */
export const MAX_PIVOT_DIMS = 12;

/** Throws (in Chinese) on a config that names unknown fields, repeats one or holds impossible filter values. */
export function validatePivot(config: PivotConfig): void {
  if (dimsOf(config).length > MAX_PIVOT_DIMS) throw new Error(`行和列最多 ${MAX_PIVOT_DIMS} 个字段，请减少分组字段`);
  const seen = new Set<PivotDim>();
  for (const d of dimsOf(config)) {
    checkDim(d);
    if (seen.has(d)) throw new Error(`维度重复: ${dimLabel(d)}`);
    seen.add(d);
  }
  for (const ff of config.fieldFilters ?? []) {
    checkDim(ff.dim);
    if (!Array.isArray(ff.values)) throw new Error(`筛选值应为列表: ${dimLabel(ff.dim)}`);
  }
  for (const m of config.extraMeasures ?? []) {
    if ((m.kind !== 'sum' && m.kind !== 'avg') || typeof m.name !== 'string' || m.name === '') {
      throw new Error(`未知的扩展列指标: ${JSON.stringify(m)}`);
    }
  }
  const f = config.filters ?? {};
  for (const s of f.stars ?? []) if (!STAR_IDS.includes(s)) throw new Error(`未知的星: ${s}`);
  for (const l of f.levels ?? []) int(l);
  for (const p of [...(f.periods ?? []), ...(f.from ? [f.from] : []), ...(f.to ? [f.to] : [])]) {
    if (!parsePeriodKey(p)) throw new Error(`无法识别的期次: ${p}`);
  }
  if (config.cadence && !['all', 'quarter', 'year'].includes(config.cadence)) throw new Error(`未知的期次口径: ${config.cadence}`);
}

/** The value columns of a config: its measures' (measures.ts valueColumns), then the extra measures' (e0, e1 …). */
export function pivotValueColumns(config: PivotConfig): ValueColumn[] {
  const measures = measuresOf(config);
  return [
    ...valueColumns(measures),
    ...(config.extraMeasures ?? []).map((m, j): ValueColumn => ({
      key: `e${j}`, measure: measures.length + j, label: extraMeasureLabel(m), format: m.kind === 'sum' ? 'count' : 'decimal',
    })),
  ];
}
