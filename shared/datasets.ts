/**
 * Dataset life cycle inside the workspace: which periods a new import overlaps,
 * explicit replacement, and removal. Nothing is deleted outright: removed rows go to
 * trash tables with a removal id, so every change can be undone until the workspace
 * is saved (saving purges the trash). A rating's extra values (rating_extras) always move
 * with it: they share its unit_id, year, quarter and dataset_id.
 */
import type { Database } from './db.ts';
import { ensureSchema, refreshDerived } from './load.ts';
import type { AnalysisQuery } from './analysis/common.ts';
import { parsePeriodKey, periodKey, type Period } from './period.ts';
import { int, str } from './sql/literal.ts';
import { townshipRankSql } from './analysis/township-order.ts';

const TRASH_SQL = [
  `CREATE TABLE IF NOT EXISTS removed_ratings AS SELECT *, 0 AS removal_id FROM ratings WHERE false`,
  `CREATE TABLE IF NOT EXISTS removed_datasets AS SELECT *, 0 AS removal_id FROM datasets WHERE false`,
  `CREATE TABLE IF NOT EXISTS removed_extras AS SELECT *, 0 AS removal_id FROM rating_extras WHERE false`,
  `CREATE SEQUENCE IF NOT EXISTS removal_seq START 1`,
];

async function ensureTrash(db: Database): Promise<void> {
  await ensureSchema(db);
  for (const sql of TRASH_SQL) await db.exec(sql);
}

function periodSql(p: Period): string {
  return p.quarter == null ? `(year = ${int(p.year)} AND quarter IS NULL)` : `(year = ${int(p.year)} AND quarter = ${int(p.quarter)})`;
}

export interface PeriodConflict {
  dataset_id: string;
  name: string;
  periods: string[];
  rows: number;
}

/**
 * Existing datasets that already hold ratings for any of these periods. With
 * `ignoreSample`, the bundled sample never conflicts: a real import removes it instead.
 */
export async function findConflicts(
  db: Database, periods: string[], exceptDataset?: string, options: { ignoreSample?: boolean } = {},
): Promise<PeriodConflict[]> {
  const parsed = periods.map(parsePeriodKey).filter((p): p is Period => p != null);
  if (parsed.length === 0) return [];
  const rows = await db.query<{ dataset_id: string; name: string; year: number; quarter: number | null; n: number }>(
    `SELECT r.dataset_id, d.name, r.year, r.quarter, count(*) AS n
     FROM ratings r JOIN datasets d USING (dataset_id)
     WHERE (${parsed.map(periodSql).join(' OR ')})
       ${exceptDataset ? `AND r.dataset_id <> ${str(exceptDataset)}` : ''}
       ${options.ignoreSample ? 'AND NOT coalesce(d.is_sample, false)' : ''}
     GROUP BY ALL ORDER BY r.dataset_id, r.year, r.quarter`,
  );
  const byId = new Map<string, PeriodConflict>();
  for (const r of rows) {
    const c = byId.get(r.dataset_id) ?? { dataset_id: r.dataset_id, name: r.name, periods: [], rows: 0 };
    c.periods.push(periodKey({ year: Number(r.year), quarter: r.quarter == null ? null : Number(r.quarter) }));
    c.rows += Number(r.n);
    byId.set(r.dataset_id, c);
  }
  return [...byId.values()];
}

/**
 * `ratingsWhere` may only name dataset_id, year and quarter: the same condition then picks
 * the extra values of exactly those ratings from rating_extras.
 */
async function moveToTrash(db: Database, ratingsWhere: string, datasetsWhere: string | null): Promise<number> {
  await ensureTrash(db);
  const [{ id }] = await db.query<{ id: number }>(`SELECT nextval('removal_seq') AS id`);
  const removal = int(Number(id));
  await db.exec(`INSERT INTO removed_ratings SELECT *, ${removal} FROM ratings WHERE ${ratingsWhere}`);
  await db.exec(`DELETE FROM ratings WHERE ${ratingsWhere}`);
  await db.exec(`INSERT INTO removed_extras SELECT *, ${removal} FROM rating_extras WHERE ${ratingsWhere}`);
  await db.exec(`DELETE FROM rating_extras WHERE ${ratingsWhere}`);
  // A dataset left with no ratings goes to the trash too.
  const emptied = `dataset_id NOT IN (SELECT DISTINCT dataset_id FROM ratings)`;
  const where = datasetsWhere ? `(${datasetsWhere}) OR ${emptied}` : emptied;
  await db.exec(`INSERT INTO removed_datasets SELECT *, ${removal} FROM datasets WHERE ${where}`);
  await db.exec(`DELETE FROM datasets WHERE ${where}`);
  await refreshDerived(db);
  return Number(id);
}

/** Remove a whole dataset; returns the removal id for undo. */
export async function removeDataset(db: Database, datasetId: string): Promise<number> {
  return moveToTrash(db, `dataset_id = ${str(datasetId)}`, `dataset_id = ${str(datasetId)}`);
}

/** Replace: the given periods keep only the ratings of `keepDataset`; returns the removal id. */
export async function replacePeriods(db: Database, keepDataset: string, periods: string[]): Promise<number | null> {
  const parsed = periods.map(parsePeriodKey).filter((p): p is Period => p != null);
  if (parsed.length === 0) return null;
  return moveToTrash(db, `dataset_id <> ${str(keepDataset)} AND (${parsed.map(periodSql).join(' OR ')})`, null);
}

/** Put back everything one removal took away. */
export async function undoRemoval(db: Database, removalId: number): Promise<void> {
  await ensureTrash(db);
  const id = int(removalId);
  await db.exec(`INSERT INTO datasets SELECT * EXCLUDE (removal_id) FROM removed_datasets WHERE removal_id = ${id}`);
  await db.exec(`INSERT INTO ratings SELECT * EXCLUDE (removal_id) FROM removed_ratings WHERE removal_id = ${id}`);
  await db.exec(`INSERT INTO rating_extras SELECT * EXCLUDE (removal_id) FROM removed_extras WHERE removal_id = ${id}`);
  await db.exec(`DELETE FROM removed_datasets WHERE removal_id = ${id}`);
  await db.exec(`DELETE FROM removed_ratings WHERE removal_id = ${id}`);
  await db.exec(`DELETE FROM removed_extras WHERE removal_id = ${id}`);
  await refreshDerived(db);
}

/** After a save: removals become final. */
export async function purgeTrash(db: Database): Promise<void> {
  await ensureTrash(db);
  await db.exec(`DELETE FROM removed_ratings`);
  await db.exec(`DELETE FROM removed_datasets`);
  await db.exec(`DELETE FROM removed_extras`);
}

export async function datasetIds(db: Database): Promise<string[]> {
  return (await db.query<{ dataset_id: string }>(`SELECT dataset_id FROM datasets ORDER BY seq`)).map((r) => r.dataset_id);
}

/** A dataset id not used yet, derived from a counter so ids stay short and readable. */
export async function nextDatasetId(db: Database): Promise<string> {
  await ensureTrash(db);
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT coalesce(max(TRY_CAST(substr(dataset_id, 2) AS INTEGER)), 0) + 1 AS n FROM
       (SELECT dataset_id FROM datasets UNION ALL SELECT dataset_id FROM removed_datasets)
     WHERE dataset_id LIKE 'd%'`,
  );
  return `d${Number(n)}`;
}

// ---------------------------------------------------------------------------------------------
// The sample and the first run

/** Ids of the loaded sample datasets (the bundled demo county), oldest first. */
export async function sampleDatasetIds(db: Database): Promise<string[]> {
  await ensureSchema(db);
  const rows = await db.query<{ dataset_id: string }>(`SELECT dataset_id FROM datasets WHERE is_sample ORDER BY seq`);
  return rows.map((r) => r.dataset_id);
}

/** True when datasets are loaded and every one is the sample: the state the app starts in. */
export async function onlySampleLoaded(db: Database): Promise<boolean> {
  await ensureSchema(db);
  const [r] = await db.query<{ n: number; real: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE NOT coalesce(is_sample, false)) AS real FROM datasets`);
  return Number(r.n) > 0 && Number(r.real) === 0;
}

/** True when no dataset is loaded (a new workspace, or everything removed). */
export async function workspaceEmpty(db: Database): Promise<boolean> {
  await ensureSchema(db);
  const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM datasets`);
  return Number(r.n) === 0;
}

/**
 * Move every sample dataset to the trash in one removal (undoable with undoRemoval);
 * null when no sample is loaded.
 */
export async function removeSamples(db: Database): Promise<number | null> {
  const ids = await sampleDatasetIds(db);
  if (ids.length === 0) return null;
  const list = ids.map(str).join(', ');
  return moveToTrash(db, `dataset_id IN (${list})`, `dataset_id IN (${list})`);
}

/**
 * Counties of the units that have live ratings, by name; units without a county drop out.
 * Live: units may keep rows for removed ratings, so the ratings decide.
 */
export const LOADED_COUNTIES_SQL = `SELECT DISTINCT county FROM units
  WHERE county IS NOT NULL AND trim(county) <> ''
    AND unit_id IN (SELECT unit_id FROM ratings WHERE NOT superseded)
  ORDER BY county`;

export function readCounties(rows: Array<Record<string, unknown>>): string[] {
  return rows.map((r) => String(r.county));
}

/** loadedCounties for the coordinator (the views' titles follow it). */
export const LOADED_COUNTIES_QUERY: AnalysisQuery<string[]> = { sql: LOADED_COUNTIES_SQL, source: 'raw', read: readCounties };

export async function loadedCounties(db: Database): Promise<string[]> {
  await ensureSchema(db);
  return readCounties(await db.query(LOADED_COUNTIES_SQL));
}

/** What the status bar shows: datasets, live ratings, live units (each once), the sample flag. */
export interface LoadedStatus {
  datasets: number;
  ratings: number;
  units: number;
  hasSample: boolean;
  names: string[];
}

export const STATUS_SQL = `SELECT
  (SELECT count(*) FROM datasets) AS datasets,
  (SELECT count(*) FROM ratings WHERE NOT superseded) AS ratings,
  (SELECT count(DISTINCT unit_id) FROM facts) AS units,
  (SELECT coalesce(bool_or(is_sample), false) FROM datasets) AS has_sample,
  (SELECT string_agg(name, chr(1) ORDER BY seq) FROM datasets) AS names`;

export function readStatus(rows: Array<Record<string, unknown>>): LoadedStatus {
  const r = rows[0] ?? {};
  const names = r.names == null ? [] : String(r.names).split('\u0001');
  return {
    datasets: Number(r.datasets ?? 0), ratings: Number(r.ratings ?? 0), units: Number(r.units ?? 0),
    hasSample: Boolean(r.has_sample), names,
  };
}

export const STATUS_QUERY: AnalysisQuery<LoadedStatus> = { sql: STATUS_SQL, source: 'raw', read: readStatus };

export async function loadedStatus(db: Database): Promise<LoadedStatus> {
  await ensureSchema(db);
  return readStatus(await db.query(STATUS_SQL));
}

/** Live units per county and township, each unit counted once (the filter bar's counts). */
export interface PlaceCount {
  county: string | null;
  township: string;
  units: number;
}

export const PLACES_SQL = `SELECT * FROM (SELECT county, township, count(DISTINCT unit_id) AS units FROM facts GROUP BY ALL)
  ORDER BY county NULLS LAST, ${townshipRankSql()} NULLS LAST, township`;

export function readPlaces(rows: Array<Record<string, unknown>>): PlaceCount[] {
  return rows.map((r) => ({ county: r.county == null ? null : String(r.county), township: String(r.township), units: Number(r.units) }));
}

export const PLACES_QUERY: AnalysisQuery<PlaceCount[]> = { sql: PLACES_SQL, source: 'raw', read: readPlaces };

export async function placeCounts(db: Database): Promise<PlaceCount[]> {
  await ensureSchema(db);
  return readPlaces(await db.query(PLACES_SQL));
}
