/**
 * The engine's front door for callers that hold a Database (the CLI, the tests): the lists,
 * and the 总览 and level summary run through their resolvers (shared/views/overview.ts), so
 * these give exactly what the screens show. No SQL of its own.
 */
import type { Database } from './db.ts';
import type { AnalysisQuery } from './analysis/common.ts';
import type { OverviewFigures } from './figures.ts';
import { comparePeriods, type Period } from './period.ts';
import { PERIODS_SQL, TOWNSHIPS_SQL } from './sql/lists.ts';
import { type LevelSummary, type OverviewFilter, resolveLevelSummary, resolveOverview, type SummaryBy } from './views/overview.ts';

export type { LevelSummary, SummaryBy };
export type Scope = OverviewFilter;

export const ALL: Scope = { townships: [], kind: null };

async function run<T>(db: Database, q: AnalysisQuery<T>): Promise<T> {
  return q.read(await db.query(q.sql));
}

export async function listPeriods(db: Database): Promise<Period[]> {
  const rows = await db.query<{ year: number; quarter: number | null }>(PERIODS_SQL);
  return rows.map((r) => ({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) })).sort(comparePeriods);
}

export async function listTownships(db: Database): Promise<Array<{ township: string; units: number }>> {
  const rows = await db.query<{ township: string; units: number }>(TOWNSHIPS_SQL);
  return rows.map((r) => ({ township: String(r.township), units: Number(r.units) }));
}

/** The 总览's figures for a period and the one before. */
export function overview(db: Database, period: Period, scope: Scope = ALL): Promise<OverviewFigures> {
  return run(db, resolveOverview(period, scope));
}

/** Units per level and 三星以上 share per township (or county / kind) plus the total. */
export function levelSummary(db: Database, period: Period, by: SummaryBy, scope: Scope = ALL): Promise<LevelSummary> {
  return run(db, resolveLevelSummary(period, by, scope));
}
