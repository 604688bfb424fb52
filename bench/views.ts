/**
 * The view queries the benchmarks time (shared/analysis and shared/engine.ts), for one
 * county or the whole province, built the same way in Node (bench/run.ts) and in the
 * browser page of bench/chromium.ts. No Node imports: this file is bundled into that page.
 */
import type { Database } from '../shared/db.ts';
import { type CancellableDatabase, runAnalysisWithRows } from '../shared/engine/index.ts';
import { periodKey, type Period } from '../shared/period.ts';
import { PERIODS_SQL } from '../shared/sql/lists.ts';
import { levelSummarySql, overviewSql, readLevelSummaryRow, readOverview } from '../tests/support/reference-sql.ts';
import { resolveLevelSummary, resolveOverview } from '../shared/views/overview.ts';
import { str } from '../shared/sql/literal.ts';
import { type AnalysisQuery, type AnalysisScope } from '../shared/analysis/common.ts';
import { orderPivotRows, type PivotResult, pivotQuery } from '../shared/analysis/pivot.ts';
import { heatmapQuery, levelDistributionQuery, shareTrendQuery, starRateTrendQuery } from '../shared/analysis/trends.ts';
import {
  belowTargetQuery, demotionQuery, progressQuery, targetByTownshipQuery, townshipBoardQuery, townshipRankingQuery,
} from '../shared/analysis/ranking.ts';
import { unitHistoryQuery, unitRadarQuery, yearOverYearQuery } from '../shared/analysis/compare.ts';
import { unitSearchQuery } from '../shared/analysis/search.ts';

export const VIEW_TARGET_P95_MS = 50;

/**
 * A view query the way the app runs it on a coordinator cache miss (renderer/src/data/
 * coordinator.ts run): the engine's runner with a signal, so through the cancellable path,
 * as columns when the query has a column reader. `rows`: the result's row count.
 */
export function runAppView<T>(db: CancellableDatabase, q: AnalysisQuery<T>): Promise<{ value: T; rows: number }> {
  return runAnalysisWithRows(db, q, new AbortController().signal);
}

/** A view query the way the CLI and the tests run it (shared/engine runAnalysis, no signal); also native DuckDB. */
export function runSharedView<T>(db: Database, q: AnalysisQuery<T>): Promise<{ value: T; rows: number }> {
  return runAnalysisWithRows(db, q);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export interface ViewContext {
  last: Period;
  first: Period;
  /** One county of the province (the app is used county by county). */
  county: string;
  /** Two villages and two communities of that county, for compare. */
  units: string[];
  lastYear: number;
  firstYear: number;
}

export interface ViewSpec {
  name: string;
  scope: 'province' | 'county';
  build: (source: 'summary' | 'raw') => AnalysisQuery<unknown>;
}

export async function viewContext(db: Database): Promise<ViewContext> {
  const periods = await db.query<{ year: number; quarter: number | null }>(PERIODS_SQL);
  const toP = (r: { year: number; quarter: number | null }): Period => ({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) });
  const last = toP(periods[periods.length - 1]);
  const first = toP(periods[0]);
  const [{ county }] = await db.query<{ county: string }>(`SELECT min(county) AS county FROM units`);
  const units = (await db.query<{ unit_id: string }>(`SELECT unit_id FROM (
      SELECT unit_id, kind, row_number() OVER (PARTITION BY kind ORDER BY unit_id) AS i FROM units WHERE county = ${str(String(county))})
    WHERE i <= 2 ORDER BY kind, unit_id`)).map((r) => String(r.unit_id));
  return { last, first, county: String(county), units, lastYear: last.year, firstYear: first.year };
}

/** The 总览 (shared/views/overview.ts): from cube_township, or the reference SQL over the live rows. */
function overviewSpec(c: ViewContext): ViewSpec['build'] {
  const scope = { townships: [], kind: null };
  return (source) => source === 'raw'
    ? { sql: overviewSql(c.last, scope), source: 'raw', read: (rows) => readOverview(rows, c.last) }
    : resolveOverview(c.last, scope);
}

/** The level summary by township (the CLI's summary): from cube_township, or the reference SQL. */
function levelSummarySpec(c: ViewContext): ViewSpec['build'] {
  const scope = { townships: [], kind: null };
  return (source) => {
    if (source === 'summary') return resolveLevelSummary(c.last, 'township', scope);
    // The reference over the live rows, read in plain JS (tests/support/reference-sql.ts).
    return {
      sql: levelSummarySql(c.last, scope, 'township'), source: 'raw',
      read: (rows) => {
        const total = rows.find((r) => r.is_total);
        return {
          period: periodKey(c.last),
          rows: rows.filter((r) => !r.is_total).map((r) => ({ township: r.grp == null ? null : String(r.grp), ...readLevelSummaryRow(r) })),
          total: total ? readLevelSummaryRow(total) : { units: 0, levels: [0, 0, 0, 0, 0, 0], share3plus: null },
        };
      },
    };
  };
}

export function viewSpecs(c: ViewContext): ViewSpec[] {
  const county: AnalysisScope = { counties: [c.county] };
  const villages: AnalysisScope = { kind: 'village' };
  const lastKey = periodKey(c.last);
  const yearAgo = periodKey({ year: c.last.year - 1, quarter: c.last.quarter });
  const pivot = (config: Parameters<typeof pivotQuery>[0]) => (source: 'summary' | 'raw') => pivotQuery(config, { source });
  return [
    { name: `overview (总览) ${lastKey} vs previous`, scope: 'province', build: overviewSpec(c) },
    { name: `level summary by township ${lastKey} (CLI)`, scope: 'province', build: levelSummarySpec(c) },
    { name: `pivot township×kind, levels+三星以上 ${lastKey}`, scope: 'county', build: pivot({
      rows: ['county', 'township'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { ...county, periods: [lastKey] } }) },
    { name: `pivot township×kind, levels+三星以上 ${lastKey}`, scope: 'province', build: pivot({
      rows: ['county', 'township'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { periods: [lastKey] } }) },
    { name: `pivot county×kind, levels+三星以上 ${lastKey}`, scope: 'province', build: pivot({
      rows: ['county'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'levels' }, { kind: 'shareAtLeast' }],
      filters: { periods: [lastKey] } }) },
    { name: `pivot level×kind ${lastKey}`, scope: 'province', build: pivot({
      rows: ['level'], columns: ['kind'], measures: [{ kind: 'units' }, { kind: 'avgLevel' }, { kind: 'sum', column: 'collective_income' }],
      filters: { periods: [lastKey] } }) },
    { name: 'pivot star×quarter, rate/gained/lost (4 quarters)', scope: 'province', build: pivot({
      rows: ['star'], columns: ['period'], measures: [{ kind: 'starRate' }, { kind: 'starsGained' }, { kind: 'starsLost' }],
      filters: { from: yearAgo } }) },
    { name: `pivot township: stars gained/lost ${lastKey}`, scope: 'county', build: pivot({
      rows: ['township'], columns: [], measures: [{ kind: 'starsGained' }, { kind: 'starsLost' }, { kind: 'unitsUp' }, { kind: 'unitsDown' }],
      filters: { ...county, periods: [lastKey] } }) },
    { name: 'trend 三星以上 per township (lines)', scope: 'county', build: (source) => shareTrendQuery({ scope: county, source }) },
    { name: 'trend level distribution', scope: 'province', build: (source) => levelDistributionQuery({ source }) },
    { name: 'trend level distribution by year', scope: 'province', build: (source) => levelDistributionQuery({ source, cadence: 'year' }) },
    { name: 'trend star rates', scope: 'province', build: (source) => starRateTrendQuery({ source }) },
    { name: 'heatmap township×quarter 三星以上', scope: 'county', build: (source) => heatmapQuery(undefined, { scope: county, source }) },
    { name: 'heatmap township×quarter 三星以上', scope: 'province', build: (source) => heatmapQuery(undefined, { source }) },
    { name: 'heatmap township×quarter 三星以上, villages', scope: 'province', build: (source) => heatmapQuery(undefined, { scope: villages, source }) },
    { name: `ranking townships ${lastKey} vs previous`, scope: 'county', build: (source) => townshipRankingQuery({ period: c.last, scope: county, source }) },
    { name: `ranking townships ${lastKey} vs previous`, scope: 'province', build: (source) => townshipRankingQuery({ period: c.last, source }) },
    { name: `ranking townships ${lastKey} vs previous, villages`, scope: 'province', build: (source) => townshipRankingQuery({ period: c.last, scope: villages, source }) },
    { name: '红榜 top 10 townships by change', scope: 'province', build: (source) => townshipBoardQuery({ period: c.last, board: 'red', by: 'change', n: 10, source }) },
    { name: `进步星 ${periodKey(c.first)}→${lastKey} top 20`, scope: 'province', build: (source) => progressQuery({ from: c.first, to: c.last, limit: 20, source }) },
    { name: `降星 list ${lastKey}`, scope: 'county', build: (source) => demotionQuery({ period: c.last, scope: county, source }) },
    { name: `目标达成 by township ${lastKey}`, scope: 'province', build: (source) => targetByTownshipQuery({ period: c.last, source }) },
    { name: `below target units ${lastKey}`, scope: 'county', build: (source) => belowTargetQuery({ period: c.last, scope: county, source }) },
    { name: 'compare 4 units: radar', scope: 'county', build: (source) => unitRadarQuery(c.units, c.last, source) },
    { name: 'compare 4 units: history', scope: 'county', build: (source) => unitHistoryQuery(c.units, { source }) },
    { name: 'unit search "王" (first 20)', scope: 'province', build: () => unitSearchQuery('王') },
    { name: `year over year ${c.firstYear}→${c.lastYear}`, scope: 'county', build: (source) => yearOverYearQuery({ yearA: c.firstYear, yearB: c.lastYear, scope: county, source }) },
  ];
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

/** Reader output in a comparable form (floats to 9 significant digits). */
export function plainView(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isInteger(v)) return Number(v.toPrecision(9));
  if (Array.isArray(v)) return v.map(plainView);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainView(x)]));
  return v;
}

/** A view's reader output in comparable form: a pivot's rows in natural order, floats to 9 digits. */
export function comparable(v: unknown): string {
  const figures = v && typeof v === 'object' && 'plan' in v ? orderPivotRows(v as PivotResult) : v;
  return JSON.stringify(plainView(figures));
}
