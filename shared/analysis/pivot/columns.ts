/**
 * Column names the pivot's SQL and its readers agree on: each dimension's columns, the
 * columns of an extra (named by a hex key of its name, never by the name itself) and the
 * rolled-up bits.
 */
import type { Cadence } from './config.ts';
import { extraName, isExtraDim, type PivotDim } from './dims.ts';

/** SQL-safe key of an extra column's name (hex code points), for column names. */
export function extraKey(name: string): string {
  let k = '';
  for (const ch of name) k += ch.codePointAt(0)!.toString(16).padStart(6, '0');
  return k;
}

/** Columns of an extra's text and of its number. */
export const extraText = (name: string) => `xt_${extraKey(name)}`;
export const extraNum = (name: string) => `xn_${extraKey(name)}`;

/** Column expressions of each dimension (the same column names exist in every source). */
export function dimColumns(d: PivotDim, cadence: Cadence): Array<[alias: string, expr: string]> {
  if (isExtraDim(d)) return [[groupAlias(d), extraText(extraName(d))]];
  switch (d) {
    case 'township': return [['d_tcounty', 'county'], ['d_township', 'township']];
    case 'unit': return [['d_unit', 'unit_id']];
    case 'period': return [['d_pk', cadence === 'year' ? 'year' : 'pk']];
    case 'weak_branch': return [['d_weak_branch', 'weak_branch']];
    default: return [[`d_${d}`, d]];
  }
}

/** The result column that holds a dimension's grouped value. */
export const groupAlias = (d: PivotDim) => (isExtraDim(d) ? `d_x${extraKey(extraName(d))}`
  : d === 'township' ? 'd_township' : d === 'period' ? 'd_pk' : `d_${d}`);

/** Result column of the rolled-up dimensions, a bit each (buildPivot). */
export const ROLLED = 'g_rolled';
