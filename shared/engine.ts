/**
 * The engine's front door: the operations the app, the CLI and the tests share.
 * Each one is a measure builder plus a reader; nothing here knows about the UI.
 */
import type { Database } from './db.ts';
import type { Filter } from './filter.ts';
import { type Period, comparePeriods, periodKey } from './period.ts';
import { readLevelSummaryRow, readOverview, type LevelSummaryRow, type OverviewFigures } from './figures.ts';
import { levelSummarySql, overviewSql, PERIODS_SQL, TOWNSHIPS_SQL, type SummaryBy } from './sql/measures.ts';

export type Scope = Pick<Filter, 'townships' | 'kind'>;

export const ALL: Scope = { townships: [], kind: null };

export async function listPeriods(db: Database): Promise<Period[]> {
  const rows = await db.query<{ year: number; quarter: number | null }>(PERIODS_SQL);
  return rows.map((r) => ({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) })).sort(comparePeriods);
}

export async function listTownships(db: Database): Promise<Array<{ township: string; units: number }>> {
  const rows = await db.query<{ township: string; units: number }>(TOWNSHIPS_SQL);
  return rows.map((r) => ({ township: String(r.township), units: Number(r.units) }));
}

export async function overview(db: Database, period: Period, scope: Scope = ALL): Promise<OverviewFigures> {
  return readOverview(await db.query(overviewSql(period, scope)), period);
}

export interface LevelSummary {
  period: string;
  rows: Array<{ [group: string]: string | number | number[] | null } & LevelSummaryRow>;
  total: LevelSummaryRow;
}

/** Units per level and 三星以上 share per township (or county / kind) plus the total. */
export async function levelSummary(db: Database, period: Period, by: SummaryBy, scope: Scope = ALL): Promise<LevelSummary> {
  const rows = await db.query(levelSummarySql(period, scope, by));
  const groups = rows.filter((r) => !r.is_total);
  const total = rows.find((r) => r.is_total);
  return {
    period: periodKey(period),
    rows: groups.map((r) => ({ [by]: r.grp == null ? null : String(r.grp), ...readLevelSummaryRow(r) })),
    total: total ? readLevelSummaryRow(total) : { units: 0, levels: [0, 0, 0, 0, 0, 0], share3plus: null },
  };
}
