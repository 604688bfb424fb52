/**
 * The one resolver of the 透视 view kind (DESIGN.md §3): (pivot config, global filter) → the
 * query. The 透视 screen and the 简报 both call it, so which part of the filter applies is
 * decided once, here:
 *
 * - counties, townships, kind: always the global filter's;
 * - period: the global period, unless time is the pivot's own business: a time dimension
 *   (期次, 年度, 季度) in its rows or columns, or a time value chosen in its 筛选 well. A
 *   period chosen in the well wins over the global period.
 */
import type { AnalysisQuery } from '../analysis/common.ts';
import { scopeFromFilter } from '../analysis/common.ts';
import { dimValueLabel, pivotQuery, type PivotConfig, type PivotDim, type PivotResult } from '../analysis/pivot.ts';
import { pivotComparisonQuery } from '../analysis/pivot-comparable.ts';
import type { Filter } from '../filter.ts';
import { periodKey, periodLabel } from '../period.ts';

/** The part of the global filter a pivot reads. */
export type PivotFilter = Pick<Filter, 'period' | 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

const TIME_DIMS: readonly PivotDim[] = ['period', 'year', 'quarter'];

/** Time dimensions the pivot's 筛选 well filters on (with at least one value chosen). */
function timeWellFilters(config: PivotConfig) {
  return (config.fieldFilters ?? []).filter((f) => f.values.length > 0 && TIME_DIMS.includes(f.dim));
}

/** Whether time is a dimension or a filter of the pivot: the global period then does not apply. */
export function pivotOwnsTime(config: PivotConfig): boolean {
  return [...config.rows, ...config.columns].some((d) => TIME_DIMS.includes(d)) || timeWellFilters(config).length > 0;
}

/** The config as queried: the global filter's scope, and its period unless the pivot owns time. */
export function resolvePivotConfig(config: PivotConfig, filter: PivotFilter): PivotConfig {
  return {
    ...config,
    filters: {
      ...config.filters,
      ...scopeFromFilter(filter),
      ...(pivotOwnsTime(config) || !filter.period ? {} : { periods: [periodKey(filter.period)] }),
    },
  };
}

/** The pivot's query for a filter. Throws (in Chinese) when the config is invalid. */
export function resolvePivot(config: PivotConfig, filter: PivotFilter): AnalysisQuery<PivotResult> {
  return pivotQuery(resolvePivotConfig(config, filter));
}

/** The query counting units without a previous rating for the pivot's change measures; null when it has none. */
export function resolvePivotComparison(config: PivotConfig, filter: PivotFilter) {
  return pivotComparisonQuery(resolvePivotConfig(config, filter));
}

/**
 * The periods a pivot shows, in words for its title: 各期 with time as a dimension, the
 * periods (or years) chosen in its 筛选 well, else the global period (最新一期 when none).
 */
export function pivotPeriodText(config: PivotConfig, filter: PivotFilter): string {
  if ([...config.rows, ...config.columns].some((d) => TIME_DIMS.includes(d))) return '各期';
  const well = timeWellFilters(config);
  if (well.length === 1 && (well[0].dim === 'period' || well[0].dim === 'year') && well[0].values.every((v) => v != null)) {
    return well[0].values.map((v) => dimValueLabel(well[0].dim, v)).join('、');
  }
  if (well.length) return '各期';
  return filter.period ? periodLabel(filter.period) : '最新一期';
}
