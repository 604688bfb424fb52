/**
 * Comparability of two periods: how many of a period's units (in scope) also have a rating
 * in the period compared with, and how many of that period's units are gone. Every change a
 * view states (升星, 摘星, 较上季度) is only honest with these: a unit without a previous
 * rating has no change, not a zero change (shared/format.ts turns the counts into words).
 *
 * "Comparable" is the unit_periods definition (prev_level IS NOT NULL, the cubes' with_prev):
 * the unit is in scope in the period and rated, anywhere, in the compared one; the 进步星 and
 * 降星 lists (ranking.ts) pair units the same way.
 */
import { type Comparison, uncomparedNote, unitSetNote } from '../format.ts';
import { periodKey, previousPeriod, type Period } from '../period.ts';
import { int } from '../sql/literal.ts';
import { type AnalysisQuery, type AnalysisScope, num, pk, scopeSql, toPeriod, whereSql } from './common.ts';
import type { MeasureSpec } from './measures.ts';
import { isChangeMeasure } from './ranking.ts';
import { withClause } from './summaries.ts';

export interface PeriodComparison extends Comparison {
  period: string;
  versus: string;
}

/** Comparability of `period` with `versus` (default the previous period: quarter, or year for an annual period). */
export function comparisonQuery(o: {
  period: Period | string;
  versus?: Period | string;
  scope?: AnalysisScope;
  source?: 'auto' | 'summary' | 'raw';
}): AnalysisQuery<PeriodComparison> {
  const period = toPeriod(o.period);
  const versus = o.versus ? toPeriod(o.versus) : previousPeriod(period);
  const p = int(pk(period));
  const v = int(pk(versus));
  const inScope = (alias: string, at: string) => whereSql([`${alias}.pk = ${at}`, ...scopeSql(o.scope, alias)]);
  const rated = (alias: string, at: string) => `EXISTS (SELECT 1 FROM unit_periods o WHERE o.pk = ${at} AND o.unit_id = ${alias}.unit_id)`;
  const sql = `${withClause(o.source)}SELECT
  (SELECT count(*) FROM unit_periods b ${inScope('b', p)}) AS units,
  (SELECT count(*) FROM unit_periods b ${inScope('b', p)} AND ${rated('b', v)}) AS comparable,
  (SELECT count(*) FROM unit_periods a ${inScope('a', v)}) AS prev_units,
  (SELECT count(*) FROM unit_periods a ${inScope('a', v)} AND NOT ${rated('a', p)}) AS gone`;
  return {
    sql,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => {
      const r = rows[0] ?? {};
      return {
        period: periodKey(period), versus: periodKey(versus),
        units: num(r.units), comparable: num(r.comparable), prevUnits: num(r.prev_units), gone: num(r.gone),
      };
    },
  };
}

/**
 * The note on one township's change when some of its units have no rating in the previous
 * period ('' when all have one): for a change measure they were left out of the count; for
 * any other measure the two values rest on different units. Only for the previous period
 * (`comparable` counts units rated there); townships gone since are not known per row.
 */
export function townshipChangeNote(m: MeasureSpec, r: { units: number; comparable: number; prevValue: number | null }, against: string): string {
  if (r.comparable >= r.units) return '';
  // The township has ratings in the previous period (else its value or delta is 无可比数据 already).
  const c = { units: r.units, comparable: r.comparable, prevUnits: 1, gone: 0 };
  if (isChangeMeasure(m)) return uncomparedNote(c, against);
  return r.prevValue == null ? '' : unitSetNote(c, against);
}
