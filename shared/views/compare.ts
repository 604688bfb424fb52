/**
 * The one resolver of the 对比 view kinds (DESIGN.md §3): (view spec, global filter) → the
 * query. The 对比 screen and the 简报 both call these, so which part of the filter applies is
 * decided once, here:
 *
 * - 乡镇对比: the chosen townships, looked up within the filter's counties, with its kind; the
 *   table is for the filter's period, the lines run over every quarter;
 * - 单位对比: the chosen units by id (the filter does not narrow a pick), the radar for the
 *   filter's period, the history over every period;
 * - 年度对比: every unit of the filter (counties, townships, kind) in the two years.
 */
import { scopeFromFilter, type AnalysisQuery } from '../analysis/common.ts';
import { type History, type Radar, townshipCompareQuery, unitHistoryQuery, unitRadarQuery, type YearOverYear, yearOverYearQuery } from '../analysis/compare.ts';
import type { MeasureSpec } from '../analysis/measures.ts';
import type { PivotResult } from '../analysis/pivot.ts';
import type { Filter } from '../filter.ts';
import { type Period, periodKey } from '../period.ts';

/** The part of the global filter the comparisons read. */
export type CompareFilter = Pick<Filter, 'period' | 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

/** The townships side by side in the filter's period (null without one). */
export function resolveTownshipTable(townships: readonly string[], measures: MeasureSpec[], filter: CompareFilter): AnalysisQuery<PivotResult> | null {
  if (!filter.period || townships.length === 0) return null;
  return townshipCompareQuery(townships, { period: periodKey(filter.period), measures, kind: filter.kind, counties: filter.counties ?? [] });
}

/** One measure of the townships over every quarter (the lines). */
export function resolveTownshipLines(townships: readonly string[], measure: MeasureSpec, filter: CompareFilter): AnalysisQuery<PivotResult> | null {
  if (townships.length === 0) return null;
  return townshipCompareQuery(townships, { measures: [measure], kind: filter.kind, counties: filter.counties ?? [], cadence: 'quarter' });
}

/** The units' stars in one period (a period key of the view's cadence, or the filter's period). */
export function resolveUnitRadar(unitIds: readonly string[], period: Period | string | null): AnalysisQuery<Radar> | null {
  return unitIds.length && period ? unitRadarQuery(unitIds, period) : null;
}

export function resolveUnitHistory(unitIds: readonly string[], cadence: 'quarter' | 'year'): AnalysisQuery<History> | null {
  return unitIds.length ? unitHistoryQuery(unitIds, { cadence }) : null;
}

export function resolveYearOverYear(spec: { yearA: number; yearB: number }, filter: Omit<CompareFilter, 'period'>): AnalysisQuery<YearOverYear> {
  return yearOverYearQuery({ yearA: spec.yearA, yearB: spec.yearB, scope: scopeFromFilter(filter) });
}
