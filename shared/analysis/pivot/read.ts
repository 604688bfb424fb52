/**
 * Reading the pivot's long result: one PivotRow per result row (dimension values, which
 * dimensions are rolled up, values), and those rows in natural order.
 */
import { columnsOfRows, type Columns, type Row } from '../../db.ts';
import type { UnitKind } from '../../stars.ts';
import { num } from '../common.ts';
import type { ValueColumn } from '../measures.ts';
import { groupAlias, ROLLED } from './columns.ts';
import { dimsOf, type PivotConfig } from './config.ts';
import { type DimValue, isExtraDim, type PivotDim } from './dims.ts';
import { compareDimValues } from './order.ts';
import type { PivotPlan } from './plan.ts';

export interface PivotRow {
  /** Dimension values; township holds the name, its county is in `townshipCounty`. */
  dims: Partial<Record<PivotDim, DimValue>>;
  /** true where the dimension is rolled up (a total over it). */
  rolled: Partial<Record<PivotDim, boolean>>;
  townshipCounty?: string | null;
  unit?: { name: string | null; township: string | null; county: string | null; kind: UnitKind | null };
  values: Record<string, number | null>;
}

export interface PivotResult {
  config: PivotConfig;
  plan: PivotPlan;
  columns: ValueColumn[];
  rows: PivotRow[];
}

/** How a dimension's result values become DimValues (null stays null). */
function dimValueReader(d: PivotDim): (v: unknown) => DimValue {
  if (isExtraDim(d)) return (v) => (v == null ? null : String(v));
  switch (d) {
    case 'year': case 'quarter': case 'level': case 'target_level': return (v) => (v == null ? null : Number(v));
    case 'weak_branch': return (v) => (v == null ? null : Boolean(v));
    default: return (v) => (v == null ? null : String(v));
  }
}

/** One result value of a dimension as a DimValue. */
export function readDimValue(d: PivotDim, v: unknown): DimValue {
  return dimValueReader(d)(v);
}

/** The result's row objects as a PivotResult. */
export function readPivot(rows: Row[], config: PivotConfig, plan: PivotPlan, columns: ValueColumn[]): PivotResult {
  return readPivotColumns(columnsOfRows(rows), config, plan, columns);
}

/** readPivot over the result's columns (the app's path: no row objects in between). */
export function readPivotColumns(cols: Columns, config: PivotConfig, plan: PivotPlan, columns: ValueColumn[]): PivotResult {
  const dims = dimsOf(config);
  const n = cols.length;
  const none: ArrayLike<unknown> = { length: n };
  const col = (name: string) => cols.get(name) ?? none;
  // Per dimension, once: its rolled-up bit, the column holding its value and its reader.
  const readers = dims.map((d, i) => ({
    d,
    bit: 2 ** (dims.length - 1 - i),
    values: col(d === 'period' ? 'd_period' : groupAlias(d)),
    read: dimValueReader(d),
  }));
  const rolledBits = col(ROLLED);
  // buildPivot leaves d_tcounty out when d_county holds the township's county.
  const townshipCounty = cols.get('d_tcounty') ?? col('d_county');
  const unitCols = ['unit_name', 'unit_township', 'unit_county', 'unit_kind'].map(col);
  const measureCols = columns.map((c) => [c.key, col(c.key)] as const);
  const text = (v: unknown) => (v == null ? null : String(v));
  // A result has a few rolled-up patterns (one per grouping set): rows share one frozen
  // `rolled` record per pattern. The other records start as copies of one object with every
  // key, filled in place: much faster than growing thousands of objects key by key.
  const rolledByBits = new Map<number, PivotRow['rolled']>();
  const rolledOf = (bits: number) => {
    let r = rolledByBits.get(bits);
    if (!r) rolledByBits.set(bits, (r = Object.freeze(Object.fromEntries(readers.map((x) => [x.d, Math.floor(bits / x.bit) % 2 === 1])))));
    return r;
  };
  const dimsShape = Object.fromEntries(dims.map((d) => [d, null])) as PivotRow['dims'];
  const valuesShape = Object.fromEntries(columns.map((c) => [c.key, null])) as PivotRow['values'];
  const hasTownship = dims.includes('township');
  const hasUnit = dims.includes('unit');
  const rows = new Array<PivotRow>(n);
  for (let i = 0; i < n; i++) {
    const rolled = rolledOf(num(rolledBits[i]));
    const dimValues = { ...dimsShape };
    for (let j = 0; j < readers.length; j++) {
      const { d, values, read } = readers[j];
      if (!rolled[d]) dimValues[d] = read(values[i]);
    }
    const values = { ...valuesShape };
    for (let j = 0; j < measureCols.length; j++) {
      const [key, column] = measureCols[j];
      const v = column[i];
      values[key] = v == null ? null : Number(v);
    }
    const out: PivotRow = { dims: dimValues, rolled, values };
    if (hasTownship) out.townshipCounty = rolled.township ? null : text(townshipCounty[i]);
    if (hasUnit && !rolled.unit) {
      const [name, township, county, kind] = unitCols.map((c) => text(c[i]));
      out.unit = { name, township, county, kind: kind as UnitKind | null };
    }
    rows[i] = out;
  }
  return { config, plan, columns, rows };
}

/**
 * The long result in natural order: by each dimension (rows, then columns), totals after
 * the values they total, values in their natural order (pinyin, periods, levels).
 */
export function orderPivotRows(result: PivotResult): PivotRow[] {
  const dims = dimsOf(result.config);
  return [...result.rows].sort((a, b) => {
    for (const d of dims) {
      const ra = a.rolled[d] ? 1 : 0;
      const rb = b.rolled[d] ? 1 : 0;
      if (ra !== rb) return ra - rb;
      const c = compareDimValues(d, a.dims[d] ?? null, b.dims[d] ?? null)
        || (d === 'township' ? compareDimValues('county', a.townshipCounty ?? null, b.townshipCounty ?? null) : 0);
      if (c) return c;
    }
    return 0;
  });
}
