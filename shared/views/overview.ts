/**
 * The resolvers of the 总览 and the level summary (the CLI's `xingtu summary`, the 简报's
 * overview table and narrative): (period, filter) → the query. Every number comes from the
 * measure catalog (analysis/measures.ts) over cube_township; nothing is computed here but
 * which measures, which rows and how the result is read.
 *
 * Filter parts: counties, townships and kind always apply; the period is the view's (the
 * overview also reads the period before, for the changes).
 */
import { type AnalysisQuery, type AnalysisScope, num, numOrNull, scopeFromFilter, scopeSql, whereSql } from '../analysis/common.ts';
import { formulaOf, type MeasureSpec, valueColumns, valueSql } from '../analysis/measures.ts';
import type { Row } from '../db.ts';
import type { Filter } from '../filter.ts';
import type { LevelSummaryRow, OverviewFigures, PeriodFigures } from '../figures.ts';
import { type Period, periodKey, periodPk, previousPeriod } from '../period.ts';
import { ident, int } from '../sql/literal.ts';
import { STARS, type StarId } from '../stars.ts';
import { type ConvertedUnit, convertedUnitsQuery, type WeakSummary, weakSummaryQuery } from '../analysis/weak.ts';
import { groupOrderSql } from '../analysis/township-order.ts';

/** The part of the global filter these views read. */
export type OverviewFilter = Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

export type SummaryBy = 'township' | 'county' | 'kind';

/** The measures of the 总览, in the order of their columns. */
export const OVERVIEW_MEASURES: readonly MeasureSpec[] = [
  { kind: 'units' },
  { kind: 'levels' },
  { kind: 'atLeast', level: 3 },
  { kind: 'shareAtLeast', level: 3 },
  ...STARS.flatMap((s): MeasureSpec[] => [
    { kind: 'starRate', star: s.id },
    { kind: 'starEarned', star: s.id },
    { kind: 'starApplicable', star: s.id },
  ]),
];

/** The measures of a level summary row. */
export const SUMMARY_MEASURES: readonly MeasureSpec[] = [
  { kind: 'units' },
  { kind: 'levels' },
  { kind: 'shareAtLeast', level: 3 },
];

/** `SELECT` list of the measures' value columns over cube_township (keys m0, m1_3 …). */
function measureColumns(measures: readonly MeasureSpec[]): string[] {
  return valueColumns(measures).map((c) => {
    const sql = valueSql('cube_township', formulaOf(measures[c.measure], 'unit', c.level), false);
    if (sql == null) throw new Error(`指标 ${c.label} 无法从汇总表计算`);
    return `${sql} AS ${ident(c.key)}`;
  });
}

/** A row's values by measure: one number, or six for `levels`. */
function readMeasures(measures: readonly MeasureSpec[], row: Row): Array<number | null | number[]> {
  const out: Array<number | null | number[]> = measures.map((m) => (m.kind === 'levels' ? [0, 0, 0, 0, 0, 0] : null));
  for (const c of valueColumns(measures)) {
    const v = numOrNull(row[c.key]);
    if (c.level != null) (out[c.measure] as number[])[c.level] = v ?? 0;
    else out[c.measure] = v;
  }
  return out;
}

function periodFigures(row: Row, villages: number, communities: number): PeriodFigures {
  const v = readMeasures(OVERVIEW_MEASURES, row);
  const stars = {} as PeriodFigures['stars'];
  STARS.forEach((s, i) => {
    const [rate, earned, applicable] = v.slice(4 + i * 3, 7 + i * 3) as Array<number | null>;
    stars[s.id as StarId] = { applicable: applicable ?? 0, earned: earned ?? 0, rate };
  });
  return {
    units: (v[0] as number | null) ?? 0,
    villages,
    communities,
    levels: v[1] as number[],
    n3plus: (v[2] as number | null) ?? 0,
    share3plus: v[3] as number | null,
    stars,
  };
}

const scopeOf = (filter: OverviewFilter): AnalysisScope => scopeFromFilter(filter);

/**
 * The 总览's figures for a period and the one before (quarter before, or year before for an
 * annual period): per period the catalog's measures over all kinds, and the units per kind.
 */
export function resolveOverview(period: Period, filter: OverviewFilter): AnalysisQuery<OverviewFigures> {
  const previous = previousPeriod(period);
  const sql = `SELECT pk, kind, grouping(kind) = 1 AS all_kinds,
  ${measureColumns(OVERVIEW_MEASURES).join(',\n  ')}
FROM cube_township
${whereSql([...scopeSql(scopeOf(filter)), `pk IN (${int(periodPk(period))}, ${int(periodPk(previous))})`])}
GROUP BY GROUPING SETS ((pk, kind), (pk))
ORDER BY pk, all_kinds`;
  const figuresOf = (rows: Row[], p: Period): PeriodFigures | null => {
    const mine = rows.filter((r) => num(r.pk) === periodPk(p));
    const all = mine.find((r) => r.all_kinds);
    if (!all) return null;
    const unitsOf = (kind: string) => num(mine.find((r) => !r.all_kinds && r.kind === kind)?.m0);
    return periodFigures(all, unitsOf('village'), unitsOf('community'));
  };
  return {
    sql,
    source: 'summary',
    read: (rows) => ({ period, previous, current: figuresOf(rows, period), before: figuresOf(rows, previous) }),
  };
}

export interface LevelSummary {
  period: string;
  rows: Array<{ [group: string]: string | number | number[] | null } & LevelSummaryRow>;
  total: LevelSummaryRow;
}

/** Shares in the summary's JSON keep four decimals (27.27%), as the CLI has always printed. */
const round4 = (x: number | null): number | null => (x == null ? null : Math.round(x * 10000) / 10000);

function summaryRow(row: Row): LevelSummaryRow {
  const [units, levels, share] = readMeasures(SUMMARY_MEASURES, row);
  return { units: (units as number | null) ?? 0, levels: levels as number[], share3plus: round4(share as number | null) };
}

/**
 * Units, units per level and the 三星以上 share per township (or county, or kind) and in total.
 * Groups by the name alone (a merged city's two 城关镇 are one row by township; use by county
 * or the county filter to tell them apart).
 */
export function resolveLevelSummary(period: Period, by: SummaryBy, filter: OverviewFilter): AnalysisQuery<LevelSummary> {
  const col = ident(by);
  const sql = `SELECT ${col} AS grp, grouping(${col}) = 1 AS is_total,
  ${measureColumns(SUMMARY_MEASURES).join(',\n  ')}
FROM cube_township
${whereSql([...scopeSql(scopeOf(filter)), `pk = ${int(periodPk(period))}`])}
GROUP BY ROLLUP (${col})
ORDER BY is_total, ${groupOrderSql(by, col)}`;
  return {
    sql,
    source: 'summary',
    read(rows) {
      const total = rows.find((r) => r.is_total);
      return {
        period: periodKey(period),
        rows: rows.filter((r) => !r.is_total).map((r) => ({ [by]: r.grp == null ? null : String(r.grp), ...summaryRow(r) })),
        total: total ? summaryRow(total) : { units: 0, levels: [0, 0, 0, 0, 0, 0], share3plus: null },
      };
    },
  };
}

/** 软弱涣散 per township (or county, or kind) and in total: weak now, converted and newly weak vs a year earlier. */
export function resolveWeakSummary(period: Period, by: SummaryBy, filter: OverviewFilter): AnalysisQuery<WeakSummary> {
  return weakSummaryQuery({ period, by, scope: scopeOf(filter) });
}

/** The units converted in the period (vs the same period a year earlier), each with its record. */
export function resolveConvertedUnits(period: Period, filter: OverviewFilter): AnalysisQuery<ConvertedUnit[]> {
  return convertedUnitsQuery({ period, scope: scopeOf(filter) });
}
