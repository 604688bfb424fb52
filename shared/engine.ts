/**
 * The engine's front door: the operations the app, the CLI and the tests share.
 * Each one is a measure builder plus a reader; nothing here knows about the UI.
 *
 * The overview and the level summary read cube_township (shared/analysis/summaries.ts:
 * units per county, township, kind and period, with units per level as columns), a few
 * thousand rows per period even for a province, instead of scanning every rating; the SQL
 * over the live rows (shared/sql/measures.ts overviewSql, levelSummarySql) stays as the
 * independent reference the tests compare with.
 */
import type { Database, Row } from './db.ts';
import type { Filter } from './filter.ts';
import { type Period, comparePeriods, periodKey, previousPeriod } from './period.ts';
import { readLevelSummaryRow, readOverview, type LevelSummaryRow, type OverviewFigures } from './figures.ts';
import { PERIODS_SQL, scopeConditions, TOWNSHIPS_SQL, type SummaryBy } from './sql/measures.ts';
import { ident, int, str } from './sql/literal.ts';
import { LEVEL_NAMES, STARS } from './stars.ts';

export type Scope = Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>;

export const ALL: Scope = { townships: [], kind: null };

/** A query (the SQL is the coordinator's cache key) and the reader of its rows. */
export interface EngineQuery<T> {
  sql: string;
  read(rows: Row[]): T;
}

export async function listPeriods(db: Database): Promise<Period[]> {
  const rows = await db.query<{ year: number; quarter: number | null }>(PERIODS_SQL);
  return rows.map((r) => ({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) })).sort(comparePeriods);
}

export async function listTownships(db: Database): Promise<Array<{ township: string; units: number }>> {
  const rows = await db.query<{ township: string; units: number }>(TOWNSHIPS_SQL);
  return rows.map((r) => ({ township: String(r.township), units: Number(r.units) }));
}

const pkOf = (p: Period) => p.year * 10 + (p.quarter ?? 5);

function where(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
}

const count = (expr: string) => `coalesce(sum(${expr}), 0)::BIGINT`;
const levelCounts = LEVEL_NAMES.map((_, n) => `${count(`n${n}`)} AS n${n}`);
const n3plus = `${count('n3 + n4 + n5')} AS n3plus`;

/**
 * Overview figures for a period and the one before, from cube_township: one row per period
 * present, with the columns of shared/sql/measures.ts overviewSql (figures.ts reads both).
 */
export function overviewQuery(period: Period, scope: Scope = ALL): EngineQuery<OverviewFigures> {
  const prev = previousPeriod(period);
  const starCols = STARS.flatMap((s) => [
    `coalesce(sum(n) FILTER (WHERE kind IN (${s.kinds.map(str).join(', ')})), 0)::BIGINT AS ${s.id}_applicable`,
    `${count(`earn_${s.id}`)} AS ${s.id}_earned`,
  ]);
  const sql = `SELECT year, quarter,
  ${count('n')} AS units,
  coalesce(sum(n) FILTER (WHERE kind = 'village'), 0)::BIGINT AS villages,
  coalesce(sum(n) FILTER (WHERE kind = 'community'), 0)::BIGINT AS communities,
  ${levelCounts.join(',\n  ')},
  ${n3plus},
  ${starCols.join(',\n  ')}
FROM cube_township
${where([...scopeConditions(scope), `pk IN (${int(pkOf(period))}, ${int(pkOf(prev))})`])}
GROUP BY year, quarter`;
  return { sql, read: (rows) => readOverview(rows, period) };
}

export async function overview(db: Database, period: Period, scope: Scope = ALL): Promise<OverviewFigures> {
  const q = overviewQuery(period, scope);
  return q.read(await db.query(q.sql));
}

export interface LevelSummary {
  period: string;
  rows: Array<{ [group: string]: string | number | number[] | null } & LevelSummaryRow>;
  total: LevelSummaryRow;
}

/**
 * Units per level and 三星以上 share per township (or county / kind) plus the total, from
 * cube_township. Groups by the name alone, as shared/sql/measures.ts levelSummarySql does.
 */
export function levelSummaryQuery(period: Period, by: SummaryBy, scope: Scope = ALL): EngineQuery<LevelSummary> {
  const col = ident(by);
  const sql = `SELECT ${col} AS grp, grouping(${col}) = 1 AS is_total,
  ${count('n')} AS units,
  ${levelCounts.join(',\n  ')},
  ${n3plus}
FROM cube_township
${where([...scopeConditions(scope), `pk = ${int(pkOf(period))}`])}
GROUP BY ROLLUP (${col})
ORDER BY is_total, grp`;
  return {
    sql,
    read(rows) {
      const groups = rows.filter((r) => !r.is_total);
      const total = rows.find((r) => r.is_total);
      return {
        period: periodKey(period),
        rows: groups.map((r) => ({ [by]: r.grp == null ? null : String(r.grp), ...readLevelSummaryRow(r) })),
        total: total ? readLevelSummaryRow(total) : { units: 0, levels: [0, 0, 0, 0, 0, 0], share3plus: null },
      };
    },
  };
}

/** Units per level and 三星以上 share per township (or county / kind) plus the total. */
export async function levelSummary(db: Database, period: Period, by: SummaryBy, scope: Scope = ALL): Promise<LevelSummary> {
  const q = levelSummaryQuery(period, by, scope);
  return q.read(await db.query(q.sql));
}
