/**
 * The one resolver of the 排名 view kinds (DESIGN.md §3): (view spec, global filter) → the
 * query. The 排名 screen, the 简报's tables and charts and the narrative's ranking facts all
 * call these, so which part of the filter applies is decided once, here:
 *
 * - period: the filter's period (no period: no query);
 * - counties: always (a merged city workspace ranks within the chosen counties);
 * - kind: always (村 or 社区 only);
 * - townships: a township ranking and the township boards rank every township of the chosen
 *   counties (on screen the township filter only highlights); `townships: 'selected'` ranks the
 *   chosen townships only (the narrative speaks of the filter's scope); unit boards always
 *   follow the township filter (they list units of the chosen townships), as does the 冲星名单.
 */
import { type AnalysisQuery, type AnalysisScope, scopeFromFilter } from '../analysis/common.ts';
import type { MeasureSpec } from '../analysis/measures.ts';
import {
  type NearStarList, nearStarQuery, type TownshipBoard, townshipBoardQuery, type TownshipRanking, townshipRankingQuery,
  type UnitBoardRow, unitBoardQuery, type UnitMeasure,
} from '../analysis/ranking.ts';
import type { StarId } from '../stars.ts';
import type { Filter } from '../filter.ts';
import type { Period } from '../period.ts';

/** The part of the global filter a ranking reads (counties optional, as in saved filters). */
export type RankingFilter = Pick<Filter, 'period' | 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

export interface RankingSpec {
  measure: MeasureSpec;
  /** Period compared with; default the one before (ranking.ts). */
  versus?: Period;
  /** 'all' (default): every township of the chosen counties; 'selected': the chosen townships only. */
  townships?: 'all' | 'selected';
}

export interface TownshipBoardSpec {
  measure: MeasureSpec;
  by: 'value' | 'change';
  n: number;
}

export interface UnitBoardSpec {
  unitBy: UnitMeasure;
  n: number;
}

export type Board = 'red' | 'black';

/** Which townships and units a township ranking looks at, for a filter. */
export function rankingScope(filter: RankingFilter, townships: 'all' | 'selected' = 'all'): AnalysisScope {
  const scope = scopeFromFilter(filter);
  return townships === 'selected' ? scope : { ...scope, townships: [] };
}

/** Townships ranked by the spec's measure in the filter's period; null without a period. */
export function resolveRanking(spec: RankingSpec, filter: RankingFilter): AnalysisQuery<TownshipRanking> | null {
  if (!filter.period) return null;
  return townshipRankingQuery({
    period: filter.period, measure: spec.measure, scope: rankingScope(filter, spec.townships),
    ...(spec.versus ? { versus: spec.versus } : {}),
  });
}

/** 红榜 / 黑榜 of townships: ranked within the same townships as resolveRanking; null without a period. */
export function resolveTownshipBoard(spec: TownshipBoardSpec, board: Board, filter: RankingFilter): AnalysisQuery<TownshipBoard> | null {
  if (!filter.period) return null;
  return townshipBoardQuery({ period: filter.period, measure: spec.measure, scope: rankingScope(filter), board, by: spec.by, n: spec.n });
}

/** 红榜 / 黑榜 of units: the units of the whole filter (counties, townships, kind); null without a period. */
export function resolveUnitBoard(
  spec: UnitBoardSpec, board: Board, filter: RankingFilter,
): AnalysisQuery<{ board: Board; by: UnitMeasure; label: string; rule: string; rows: UnitBoardRow[] }> | null {
  if (!filter.period) return null;
  return unitBoardQuery({ period: filter.period, by: spec.unitBy, board, n: spec.n, scope: scopeFromFilter(filter) });
}

export interface NearStarSpec {
  /** Points below the threshold (default 5). */
  within: number;
  /** One star, or every star (null). */
  star?: StarId | null;
}

/** 冲星名单: units of the whole filter (counties, townships, kind) close to a star; null without a period. */
export function resolveNearStar(spec: NearStarSpec, filter: RankingFilter): AnalysisQuery<NearStarList> | null {
  if (!filter.period) return null;
  return nearStarQuery({ period: filter.period, within: spec.within, star: spec.star ?? null, scope: scopeFromFilter(filter) });
}
