/**
 * The one resolver of the 趋势 view kinds (DESIGN.md §3): (panel spec, global filter) → the
 * query. The 趋势 screen's panels, the 简报's charts and its tables all call it, so which part
 * of the filter applies is decided once, here:
 *
 * - counties, townships, kind: always the global filter's (a merged city workspace's trend is
 *   the chosen counties' trend on screen and in the briefing alike);
 * - period: never — a trend shows every period; the global period is only marked.
 */
import { type AnalysisQuery, type AnalysisScope, scopeFromFilter } from '../analysis/common.ts';
import { DEFAULT_MEASURE, type MeasureSpec } from '../analysis/measures.ts';
import {
  type Heatmap, heatmapQuery, type LevelDistribution, levelDistributionQuery, shareTrendQuery, type StarRateTrend, starRateTrendQuery,
  type TownshipShareTrend,
} from '../analysis/trends.ts';
import type { Filter } from '../filter.ts';

export type TrendPanel = 'share' | 'levels' | 'stars' | 'heatmap';
export type TrendCadence = 'quarter' | 'year';

/** The part of the global filter a trend reads. */
export type TrendFilter = Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

export interface TrendSpec {
  panel: TrendPanel;
  cadence: TrendCadence;
  /** share: the level of "N星以上占比" (default 3). */
  level?: number;
  /** heatmap: the measure (default 三星以上占比). */
  measure?: MeasureSpec;
}

/** What each panel's query answers. */
export interface TrendResult {
  share: TownshipShareTrend;
  levels: LevelDistribution;
  stars: StarRateTrend;
  heatmap: Heatmap;
}

/** The units a trend looks at, for a filter. */
export function trendScope(filter: TrendFilter): AnalysisScope {
  return scopeFromFilter(filter);
}

export function resolveTrend<P extends TrendPanel>(spec: TrendSpec & { panel: P }, filter: TrendFilter): AnalysisQuery<TrendResult[P]>;
export function resolveTrend(spec: TrendSpec, filter: TrendFilter): AnalysisQuery<TrendResult[TrendPanel]> {
  const o = { scope: trendScope(filter), cadence: spec.cadence };
  switch (spec.panel) {
    case 'share': return shareTrendQuery({ ...o, level: spec.level ?? 3 });
    case 'levels': return levelDistributionQuery(o);
    case 'stars': return starRateTrendQuery(o);
    case 'heatmap': return heatmapQuery(spec.measure ?? DEFAULT_MEASURE, o);
  }
}
