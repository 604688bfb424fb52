/**
 * Test references: the 总览 and level-summary figures written directly over the live rows
 * (`facts`), independent of the measure catalog and the summaries, and read with plain JS
 * arithmetic. Tests and the bench compare the app's resolvers (shared/views/overview.ts) with
 * these; the app never runs them.
 */
import type { Row } from '../../shared/db.ts';
import type { Filter } from '../../shared/filter.ts';
import type { LevelSummaryRow, OverviewFigures, PeriodFigures } from '../../shared/figures.ts';
import { type Period, previousPeriod } from '../../shared/period.ts';
import { periodCondition, scopeConditions } from '../../shared/sql/lists.ts';
import { ident, str } from '../../shared/sql/literal.ts';
import { LEVEL_NAMES, STARS, type StarId } from '../../shared/stars.ts';

type Scope = Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

function where(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
}

const levelCounts = LEVEL_NAMES.map((_, n) => `count(*) FILTER (WHERE level = ${n}) AS n${n}`).join(',\n  ');

const starCounts = STARS.map((s) => {
  const applies = `kind IN (${s.kinds.map(str).join(', ')})`;
  return `count(*) FILTER (WHERE ${applies}) AS ${s.id}_applicable,
  count(*) FILTER (WHERE ${applies} AND ${s.id}) AS ${s.id}_earned`;
}).join(',\n  ');

/** Overview figures for a period and the quarter before it: one row per period present. */
export function overviewSql(period: Period, scope: Scope): string {
  const prev = previousPeriod(period);
  return `SELECT year, quarter,
  count(*) AS units,
  count(*) FILTER (WHERE kind = 'village') AS villages,
  count(*) FILTER (WHERE kind = 'community') AS communities,
  ${levelCounts},
  count(*) FILTER (WHERE level >= 3) AS n3plus,
  ${starCounts}
FROM facts
${where([...scopeConditions(scope), `(${periodCondition(period)}) OR (${periodCondition(prev)})`])}
GROUP BY year, quarter`;
}

export type SummaryBy = 'township' | 'county' | 'kind';

/**
 * Per group (township, county or kind) and a total: units, units per level 0–5 and the
 * 三星以上 share. The total row has is_total = true.
 */
export function levelSummarySql(period: Period, scope: Scope, by: SummaryBy): string {
  const col = ident(by);
  return `SELECT ${col} AS grp, grouping(${col}) = 1 AS is_total,
  count(*) AS units,
  ${levelCounts},
  count(*) FILTER (WHERE level >= 3) AS n3plus
FROM facts
${where([...scopeConditions(scope), periodCondition(period)])}
GROUP BY ROLLUP (${col})
ORDER BY is_total, grp`;
}


/** 三星以上 share per township and period, over every period (the bench's trend and heatmap reference). */
export function shareByTownshipPeriodSql(scope: Scope): string {
  return `SELECT township, year, quarter, count(*) AS units,
  count(*) FILTER (WHERE level >= 3) AS n3plus,
  count(*) FILTER (WHERE level >= 3) / count(*) AS share3plus
FROM facts
${where(scopeConditions(scope))}
GROUP BY township, year, quarter
ORDER BY township, year, quarter`;
}

const num = (v: unknown): number => (v == null ? 0 : Number(v));
const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function readPeriodFigures(row: Row): PeriodFigures {
  const units = num(row.units);
  const stars = {} as PeriodFigures['stars'];
  for (const s of STARS) {
    const applicable = num(row[`${s.id}_applicable`]);
    const earned = num(row[`${s.id}_earned`]);
    stars[s.id as StarId] = { applicable, earned, rate: ratio(earned, applicable) };
  }
  return {
    units, villages: num(row.villages), communities: num(row.communities),
    levels: LEVEL_NAMES.map((_, n) => num(row[`n${n}`])),
    n3plus: num(row.n3plus), share3plus: ratio(num(row.n3plus), units), stars,
  };
}

const samePeriod = (row: Row, p: Period) => num(row.year) === p.year && (row.quarter == null ? null : num(row.quarter)) === p.quarter;

/** Reads overviewSql's rows. */
export function readOverview(rows: Row[], period: Period): OverviewFigures {
  const previous = previousPeriod(period);
  const cur = rows.find((r) => samePeriod(r, period));
  const prev = rows.find((r) => samePeriod(r, previous));
  return { period, previous, current: cur ? readPeriodFigures(cur) : null, before: prev ? readPeriodFigures(prev) : null };
}

/** Reads one levelSummarySql row (shares to four decimals, as the CLI prints them). */
export function readLevelSummaryRow(row: Row): LevelSummaryRow {
  const units = num(row.units);
  const share = ratio(num(row.n3plus), units);
  return { units, levels: LEVEL_NAMES.map((_, n) => num(row[`n${n}`])), share3plus: share == null ? null : Math.round(share * 10000) / 10000 };
}
