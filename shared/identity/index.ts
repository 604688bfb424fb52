/**
 * Unit identity across files, years and renames: what the import dialog, the 数据 screen and
 * the CLI call. See suggest.ts (which units are probably the same) and links.ts (the
 * confirmed links and the units table).
 */
import type { Database } from '../db.ts';
import { ensureSchema, loadNormalizedCsv, refreshDerived, type DatasetInfo } from '../load.ts';
import { periodCode } from '../period.ts';
import { str } from '../sql/literal.ts';
import type { AnalysisQuery } from '../analysis/common.ts';
import {
  deleteLinks, insertLinks, linksFromSuggestions, listLinks, resolverOf, workspaceHistories, type UnitLink,
} from './links.ts';
import { pidxLabel, suggestLinks, type LinkSuggestion, type UnitHistory } from './suggest.ts';

export * from './links.ts';
export * from './suggest.ts';

/** Suggestions for an import: its unit histories (ids as the files gave them) against the workspace. */
export async function suggestionsFor(db: Database, incoming: readonly UnitHistory[]): Promise<LinkSuggestion[]> {
  await ensureSchema(db);
  const resolve = resolverOf(await listLinks(db));
  const mapped = incoming.map((h) => ({ ...h, id: resolve(h.id) }));
  return suggestLinks([...(await workspaceHistories(db)), ...mapped]);
}

/**
 * Loads an import's normalized CSV as a dataset, with the links the user accepted (kept
 * with the dataset id, so undoing the import removes them too).
 */
export async function loadImport(db: Database, info: DatasetInfo, csv: string, accepted: readonly LinkSuggestion[]): Promise<number> {
  await ensureSchema(db);
  await insertLinks(db, linksFromSuggestions(accepted, info.dataset_id));
  return loadNormalizedCsv(db, info, csv);
}

/** Removes the links an import added (its undo), before the dataset itself is removed. */
export async function removeImportLinks(db: Database, datasetId: string): Promise<UnitLink[]> {
  return deleteLinks(db, { datasetId });
}

/**
 * The counties of the real (not sample) data in the workspace: the import takes the one
 * county of the workspace for a file that names none.
 */
export async function realCounties(db: Database): Promise<string[]> {
  await ensureSchema(db);
  const rows = await db.query<{ county: string }>(`SELECT DISTINCT u.county FROM ratings r JOIN units u USING (unit_id)
    WHERE u.county IS NOT NULL AND u.county <> '' AND NOT r.superseded
      AND r.dataset_id NOT IN (SELECT dataset_id FROM datasets WHERE is_sample) ORDER BY 1`);
  return rows.map((r) => String(r.county));
}

export class LinkError extends Error {}

/**
 * 合并为同一单位 (数据 screen): the ratings of `fromId` count for `toId` from now on. Refused when
 * both units were rated in the same period: one unit has one rating per period.
 */
export async function mergeUnits(db: Database, fromId: string, toId: string, reason = '手动合并'): Promise<{ fromIds: string[]; previous: UnitLink[] }> {
  if (fromId === toId) throw new LinkError('请选择两个不同的单位');
  const clash = await db.query<{ year: number; quarter: number | null }>(`
    SELECT DISTINCT a.year, a.quarter FROM ratings a JOIN ratings b
      ON a.year = b.year AND a.quarter IS NOT DISTINCT FROM b.quarter
    WHERE a.unit_id = ${str(fromId)} AND b.unit_id = ${str(toId)} AND NOT a.superseded AND NOT b.superseded
    ORDER BY 1, 2 LIMIT 3`);
  if (clash.length) {
    const when = clash.map((c) => periodCode({ year: Number(c.year), quarter: c.quarter == null ? null : Number(c.quarter) })).join('、');
    throw new LinkError(`这两个单位在同一期次（${when}）都有评定记录，不能是同一单位。请核对后再合并。`);
  }
  // Every file id now counted as fromId follows it to toId.
  const ids = await db.query<{ id: string }>(`SELECT DISTINCT orig_unit_id AS id FROM ratings WHERE unit_id = ${str(fromId)}`);
  const before = await listLinks(db);
  const now = new Date().toISOString();
  const links: UnitLink[] = ids.map((r) => ({
    link_kind: 'unit', county: null, from_id: String(r.id), to_id: toId, reason, created_at: now, dataset_id: null,
  }));
  await insertLinks(db, links);
  await refreshDerived(db);
  const fromIds = links.map((l) => l.from_id);
  return { fromIds, previous: before.filter((l) => l.link_kind === 'unit' && fromIds.includes(l.from_id)) };
}

/**
 * 拆分 (数据 screen): the ratings a file gave as `origId` count for that id again. Returns
 * the removed links for undo.
 */
export async function splitUnit(db: Database, origIds: readonly string[]): Promise<UnitLink[]> {
  const removed = await deleteLinks(db, { fromIds: origIds });
  await refreshDerived(db);
  return removed;
}

/** Undo of mergeUnits/splitUnit: put the link table back as it was for these ids. */
export async function restoreLinks(db: Database, fromIds: readonly string[], links: readonly UnitLink[]): Promise<void> {
  await deleteLinks(db, { fromIds });
  await insertLinks(db, links);
  await refreshDerived(db);
}

export interface UnitNameRow {
  unit_id: string;
  orig_unit_id: string;
  county: string | null;
  township: string;
  name: string;
  kind: string;
  first: string;
  last: string;
  linked: boolean;
}

/**
 * What the files called a unit over time (unit history, 原名): one row per id a file gave and
 * name, with the periods; `linked` when that id counts for another one through a link.
 */
export async function unitNames(db: Database, unitId: string): Promise<UnitNameRow[]> {
  const rows = await db.query<Record<string, unknown>>(`
    SELECT unit_id, orig_unit_id, nullif(orig_county, '') AS county, orig_township AS township, orig_name AS name, kind,
      min(year * 4 + coalesce(quarter, 4) - 1) AS first, max(year * 4 + coalesce(quarter, 4) - 1) AS last
    FROM ratings WHERE unit_id = ${str(unitId)} AND NOT superseded
    GROUP BY ALL ORDER BY first, orig_unit_id`);
  return rows.map((r) => ({
    unit_id: String(r.unit_id), orig_unit_id: String(r.orig_unit_id), county: r.county == null ? null : String(r.county),
    township: String(r.township), name: String(r.name), kind: String(r.kind),
    first: pidxLabel(Number(r.first)), last: pidxLabel(Number(r.last)), linked: String(r.orig_unit_id) !== String(r.unit_id),
  }));
}

/** One confirmed link as the 数据 screen lists it. */
export interface LinkRow {
  link_kind: 'unit' | 'township';
  county: string | null;
  from_id: string;
  to_id: string;
  /** What the files called the linked id (its latest name there), or the old township name. */
  from_label: string;
  /** The unit (or township) it counts as now. */
  to_label: string;
  reason: string | null;
  /** Ratings that count for the other unit through this link. */
  ratings: number;
}

/** The links with readable names, for the 数据 screen (re-runs with the data). */
export const LINK_ROWS_QUERY: AnalysisQuery<LinkRow[]> = {
  source: 'raw',
  sql: `SELECT l.link_kind, l.county, l.from_id, l.to_id, l.reason, l.created_at,
      CASE WHEN l.link_kind = 'township' THEN l.from_id
           ELSE coalesce((SELECT arg_max(r.orig_township || ' ' || r.orig_name, r.year * 10 + coalesce(r.quarter, 5))
                          FROM ratings r WHERE r.orig_unit_id = l.from_id), l.from_id) END AS from_label,
      CASE WHEN l.link_kind = 'township' THEN l.to_id
           ELSE coalesce((SELECT u.township || ' ' || u.name FROM units u JOIN ratings r2 ON r2.unit_id = u.unit_id
                          WHERE r2.orig_unit_id = l.from_id LIMIT 1), l.to_id) END AS to_label,
      CASE WHEN l.link_kind = 'township' THEN 0
           ELSE (SELECT count(*) FROM ratings r3 WHERE r3.orig_unit_id = l.from_id AND NOT r3.superseded) END AS ratings
    FROM unit_links l ORDER BY l.link_kind DESC, l.created_at, from_label`,
  read: (rows) => rows.map((r) => ({
    link_kind: r.link_kind === 'township' ? 'township' : 'unit',
    county: r.county == null ? null : String(r.county),
    from_id: String(r.from_id), to_id: String(r.to_id),
    from_label: String(r.from_label), to_label: String(r.to_label),
    reason: r.reason == null ? null : String(r.reason), ratings: Number(r.ratings),
  })),
};

/** Removes one township link (拆分 of a 撤乡设镇 rename); returns it for undo. */
export async function removeTownshipLink(db: Database, fromName: string, county: string | null): Promise<UnitLink[]> {
  const removed = (await listLinks(db)).filter((l) => l.link_kind === 'township' && l.from_id === fromName && l.county === county);
  await db.exec(`DELETE FROM unit_links WHERE link_kind = 'township' AND from_id = ${str(fromName)}
    AND coalesce(county, '') = ${str(county ?? '')}`);
  await refreshDerived(db);
  return removed;
}

/** Puts links back as they were (undo of a removal). */
export async function reinsertLinks(db: Database, links: readonly UnitLink[]): Promise<void> {
  await insertLinks(db, links);
  await refreshDerived(db);
}
