/**
 * Field lists: the extra columns there are, and the values a dimension takes (for filters).
 */
import { periodKey } from '../../period.ts';
import { type AnalysisQuery, type AnalysisScope, num, periodFromPk } from '../common.ts';
import { dimColumns } from './columns.ts';
import type { Cadence } from './config.ts';
import { checkDim, type DimValue, dimValueLabel, extraName, isExtraDim, type PivotDim } from './dims.ts';
import { collator, compareDimValues, numericCollator } from './order.ts';
import { readDimValue } from './read.ts';
import { rawRelationSql } from './relation.ts';

/** An extra column of the live data, for the field lists. */
export interface ExtraField {
  name: string;
  /** Non-empty values. */
  values: number;
  /** At least EXTRA_NUMERIC_SHARE of the values are numbers: offered as a measure too. */
  numeric: boolean;
}

/** Share of an extra column's non-empty values that must read as numbers for it to be a measure. */
export const EXTRA_NUMERIC_SHARE = 0.9;

/** The extra columns of the live ratings, by name. */
export function extraFieldsQuery(): AnalysisQuery<ExtraField[]> {
  return {
    sql: `SELECT name, count(*) AS n, count(num) AS k FROM extra_facts GROUP BY name`,
    source: 'raw',
    read: (rows) => rows
      .map((r) => ({ name: String(r.name), values: num(r.n), numeric: num(r.k) >= EXTRA_NUMERIC_SHARE * num(r.n) }))
      .sort((a, b) => numericCollator.compare(a.name, b.name)),
  };
}

export interface FieldValue {
  /** As a PivotFieldFilter holds it. */
  value: DimValue;
  label: string;
}

/** Most values a filter list offers. */
export const FIELD_VALUES_LIMIT = 2000;

/** The values a dimension takes in the live ratings (null included when some rows have none), in natural order. */
export function fieldValuesQuery(dim: PivotDim, opts: { cadence?: Cadence; scope?: AnalysisScope } = {}): AnalysisQuery<FieldValue[]> {
  checkDim(dim);
  const cadence = opts.cadence ?? 'all';
  const rel = rawRelationSql({
    grain: dim === 'star' ? 'star' : 'unit', cadence, scope: opts.scope ?? {}, changes: false,
    extras: isExtraDim(dim) ? [extraName(dim)] : [],
  });
  const cols = dimColumns(dim, cadence);
  const expr = cols[cols.length - 1][1];
  const sql = dim === 'unit'
    ? `SELECT unit_id AS v, any_value(name) AS name, any_value(township) AS township FROM (${rel}) GROUP BY unit_id LIMIT ${FIELD_VALUES_LIMIT}`
    : `SELECT DISTINCT ${expr} AS v FROM (${rel}) LIMIT ${FIELD_VALUES_LIMIT}`;
  const value = (v: unknown): DimValue => {
    if (v == null) return null;
    if (dim === 'period') return cadence === 'year' ? String(v) : periodKey(periodFromPk(Number(v)));
    return readDimValue(dim, v);
  };
  return {
    sql,
    source: 'raw',
    read: (rows) => {
      const out = rows.map((r): FieldValue => {
        const v = value(r.v);
        return { value: v, label: dim === 'unit' ? `${String(r.name)}（${String(r.township)}）` : dimValueLabel(dim, v) };
      });
      return out.sort((a, b) => (dim === 'unit' ? collator.compare(a.label, b.label) : compareDimValues(dim, a.value, b.value)));
    },
  };
}
