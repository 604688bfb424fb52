/**
 * Unit identity in the workspace: the confirmed links (table unit_links), applying them to
 * the ratings, and rebuilding `units` (one row per unit) from what the files said.
 *
 * A rating keeps the id its file gave (orig_unit_id); its unit_id is that id followed
 * through the unit links. Linking and splitting only ever rewrite unit_id, so both can be
 * undone exactly, and a link confirmed once applies to every later import.
 */
import type { Database } from '../db.ts';
import { str } from '../sql/literal.ts';
import type { UnitKind } from '../stars.ts';
import { canonicalIds, type LinkSuggestion, type UnitHistory } from './suggest.ts';

export interface UnitLink {
  link_kind: 'unit' | 'township';
  county: string | null;
  from_id: string;
  to_id: string;
  reason: string | null;
  created_at: string | null;
  dataset_id: string | null;
}

export async function listLinks(db: Database): Promise<UnitLink[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT link_kind, county, from_id, to_id, reason, created_at, dataset_id FROM unit_links ORDER BY created_at, from_id`);
  return rows.map((r): UnitLink => ({
    link_kind: r.link_kind === 'township' ? 'township' : 'unit',
    county: r.county == null ? null : String(r.county),
    from_id: String(r.from_id), to_id: String(r.to_id),
    reason: r.reason == null ? null : String(r.reason),
    created_at: r.created_at == null ? null : String(r.created_at),
    dataset_id: r.dataset_id == null ? null : String(r.dataset_id),
  }));
}

/** from → final id, following chains (a → b → c) and ignoring cycles. */
export function resolverOf(links: readonly UnitLink[]): (id: string) => string {
  const next = new Map<string, string>();
  for (const l of links) if (l.link_kind === 'unit' && l.from_id !== l.to_id) next.set(l.from_id, l.to_id);
  const memo = new Map<string, string>();
  return (id) => {
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    let cur = id;
    const path = new Set<string>([id]);
    for (let n = next.get(cur); n !== undefined && !path.has(n); n = next.get(cur)) {
      path.add(n);
      cur = n;
    }
    memo.set(id, cur);
    return cur;
  };
}

/**
 * Rows for unit_links from accepted suggestions: every id of a group of linked ids points
 * at the group's canonical id (canonicalIds); a township-renamed suggestion also renames
 * its township.
 */
export function linksFromSuggestions(accepted: readonly LinkSuggestion[], datasetId: string | null, now = new Date().toISOString()): UnitLink[] {
  const out: UnitLink[] = [];
  const canonical = canonicalIds(accepted);
  const reasons = new Map<string, string>();
  for (const s of accepted) {
    reasons.set(s.from, s.reason);
    if (!reasons.has(s.to)) reasons.set(s.to, s.reason);
  }
  for (const [id, to] of canonical) {
    if (id === to) continue;
    out.push({ link_kind: 'unit', county: null, from_id: id, to_id: to, reason: reasons.get(id) ?? null, created_at: now, dataset_id: datasetId });
  }
  const towns = new Set<string>();
  for (const s of accepted) {
    if (!s.township) continue;
    const key = `${s.township.county}\u0000${s.township.from}`;
    if (towns.has(key)) continue;
    towns.add(key);
    out.push({
      link_kind: 'township', county: s.township.county || null, from_id: s.township.from, to_id: s.township.to,
      reason: `撤乡设镇：${s.township.from} → ${s.township.to}`, created_at: now, dataset_id: datasetId,
    });
  }
  return out;
}

export async function insertLinks(db: Database, links: readonly UnitLink[]): Promise<void> {
  if (links.length === 0) return;
  const values = links.map((l) => `(${str(l.link_kind)}, ${l.county == null ? 'NULL' : str(l.county)}, ${str(l.from_id)}, ${str(l.to_id)},
    ${l.reason == null ? 'NULL' : str(l.reason)}, ${l.created_at == null ? 'NULL' : str(l.created_at)}, ${l.dataset_id == null ? 'NULL' : str(l.dataset_id)})`);
  // A unit has one link out: a newer link for the same id replaces the older one.
  await db.exec(`DELETE FROM unit_links WHERE (link_kind, coalesce(county, ''), from_id) IN (${links
    .map((l) => `(${str(l.link_kind)}, ${str(l.county ?? '')}, ${str(l.from_id)})`).join(', ')})`);
  await db.exec(`INSERT INTO unit_links (link_kind, county, from_id, to_id, reason, created_at, dataset_id) VALUES ${values.join(', ')}`);
}

/** Removes the given unit links (split again); returns the rows removed, for undo. */
export async function deleteLinks(db: Database, where: { fromIds?: readonly string[]; datasetId?: string }): Promise<UnitLink[]> {
  const cond = where.datasetId != null
    ? `dataset_id = ${str(where.datasetId)}`
    : `link_kind = 'unit' AND from_id IN (${(where.fromIds ?? []).map(str).join(', ') || 'NULL'})`;
  const removed = (await listLinks(db)).filter((l) =>
    where.datasetId != null ? l.dataset_id === where.datasetId : l.link_kind === 'unit' && (where.fromIds ?? []).includes(l.from_id));
  await db.exec(`DELETE FROM unit_links WHERE ${cond}`);
  return removed;
}

/**
 * Sets every rating's unit_id to its file's id followed through the links; the extra
 * values of a rating move with it (they share its unit_id, year, quarter and dataset_id).
 */
export async function applyLinks(db: Database): Promise<void> {
  const links = await listLinks(db);
  const resolve = resolverOf(links);
  const map = '__link_map';
  const unitLinks = links.filter((l) => l.link_kind === 'unit');
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${map} (from_id VARCHAR, to_id VARCHAR)`);
  try {
    if (unitLinks.length) {
      await db.exec(`INSERT INTO ${map} VALUES ${unitLinks.map((l) => `(${str(l.from_id)}, ${str(resolve(l.from_id))})`).join(', ')}`);
    }
    const target = `coalesce((SELECT m.to_id FROM ${map} m WHERE m.from_id = r.orig_unit_id), r.orig_unit_id)`;
    const moves = '__link_moves';
    await db.exec(`CREATE OR REPLACE TEMP TABLE ${moves} AS
      SELECT r.unit_id AS old_id, r.year, r.quarter, r.dataset_id, ${target} AS new_id
      FROM ratings r WHERE r.orig_unit_id IS NOT NULL AND r.unit_id <> ${target}`);
    try {
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${moves}`);
      if (Number(n) === 0) return;
      await db.exec(`UPDATE rating_extras SET unit_id = m.new_id FROM ${moves} m
        WHERE rating_extras.unit_id = m.old_id AND rating_extras.year = m.year
          AND rating_extras.quarter IS NOT DISTINCT FROM m.quarter AND rating_extras.dataset_id = m.dataset_id`);
      await db.exec(`UPDATE ratings SET unit_id = m.new_id FROM ${moves} m
        WHERE ratings.unit_id = m.old_id AND ratings.year = m.year
          AND ratings.quarter IS NOT DISTINCT FROM m.quarter AND ratings.dataset_id = m.dataset_id`);
    } finally {
      await db.exec(`DROP TABLE IF EXISTS ${moves}`);
    }
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${map}`);
  }
}

/**
 * Rebuilds `units`: one row per unit id that has ratings, with the attributes of its latest
 * rating (live ratings before superseded ones, then the latest period, then the latest
 * import), the township renamed by township links, and the names it had before.
 */
export async function refreshUnits(db: Database): Promise<void> {
  await db.exec(`CREATE OR REPLACE TEMP TABLE __units_next AS
    WITH r AS (
      SELECT r.unit_id, r.orig_county AS county, r.orig_township AS township, r.orig_name AS name, r.kind,
             r.year * 4 + coalesce(r.quarter, 4) - 1 AS pidx,
             (CASE WHEN r.superseded THEN 0 ELSE 1 END)::BIGINT * 1000000000000
               + (r.year * 10 + coalesce(r.quarter, 5))::BIGINT * 1000000 + coalesce(d.seq, 0) AS rank_key
      FROM ratings r LEFT JOIN datasets d USING (dataset_id)
      WHERE r.orig_name IS NOT NULL
    ),
    latest AS (
      SELECT unit_id, arg_max(county, rank_key) AS county, arg_max(township, rank_key) AS township,
             arg_max(name, rank_key) AS name, arg_max(kind, rank_key) AS kind
      FROM r GROUP BY unit_id
    ),
    names AS (SELECT unit_id, name, min(pidx) AS first FROM r GROUP BY unit_id, name)
    SELECT l.unit_id, nullif(l.county, '') AS county,
           coalesce(t.to_id, l.township) AS township, l.name, l.kind,
           (SELECT string_agg(n.name, '、' ORDER BY n.first) FROM names n WHERE n.unit_id = l.unit_id AND n.name <> l.name) AS former_names
    FROM latest l
    LEFT JOIN unit_links t ON t.link_kind = 'township' AND t.from_id = l.township
      AND coalesce(t.county, '') = coalesce(l.county, '')`);
  try {
    // Ratings from before workspace version 2 carry no recorded attributes: keep their unit rows.
    await db.exec(`DELETE FROM units WHERE unit_id IN (SELECT unit_id FROM __units_next)
      OR unit_id NOT IN (SELECT unit_id FROM ratings)`);
    await db.exec(`INSERT INTO units (unit_id, county, township, name, kind, former_names)
      SELECT unit_id, county, township, name, kind, former_names FROM __units_next`);
  } finally {
    await db.exec(`DROP TABLE IF EXISTS __units_next`);
  }
}

/** The workspace's units as histories (live ratings), for suggestLinks. */
export async function workspaceHistories(db: Database): Promise<UnitHistory[]> {
  const rows = await db.query<Record<string, unknown>>(`
    WITH r AS (
      SELECT r.unit_id, coalesce(r.orig_county, u.county, '') AS county, coalesce(r.orig_township, u.township) AS township,
             coalesce(r.orig_name, u.name) AS name, coalesce(r.kind, u.kind) AS kind,
             r.year * 4 + coalesce(r.quarter, 4) - 1 AS pidx, r.year * 10 + coalesce(r.quarter, 5) AS pk
      FROM ratings r JOIN units u USING (unit_id)
      -- The bundled sample is a demo: never linked with real units.
      WHERE NOT r.superseded AND r.dataset_id NOT IN (SELECT dataset_id FROM datasets WHERE is_sample)
    )
    SELECT unit_id, min(pidx) AS first, max(pidx) AS last,
      arg_min(county, pk) AS fc, arg_min(township, pk) AS ft, arg_min(name, pk) AS fn, arg_min(kind, pk) AS fk,
      arg_max(county, pk) AS lc, arg_max(township, pk) AS lt, arg_max(name, pk) AS ln, arg_max(kind, pk) AS lk
    FROM r GROUP BY unit_id`);
  return rows.map((r) => ({
    id: String(r.unit_id),
    first: Number(r.first),
    last: Number(r.last),
    firstAttrs: { county: String(r.fc ?? ''), township: String(r.ft), name: String(r.fn), kind: String(r.fk) as UnitKind },
    lastAttrs: { county: String(r.lc ?? ''), township: String(r.lt), name: String(r.ln), kind: String(r.lk) as UnitKind },
    incoming: false,
  }));
}
