/**
 * Unit search for the compare picker: by a substring of the name (or township), and by
 * pinyin initials ("wz" → 王庄村) when an initials function is supplied. Pinyin needs a
 * dictionary; this module takes the function from the caller (e.g. pinyin-pro's
 * `pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('')`), builds
 * an index table once per dataset change, and searches it in SQL.
 */
import type { Database } from '../db.ts';
import { int, str } from '../sql/literal.ts';
import type { UnitKind } from '../stars.ts';
import { type AnalysisQuery, type AnalysisScope, scopeSql, strOrNull, whereSql } from './common.ts';
import type { UnitRef } from './ranking.ts';

/** Initials of a Chinese name, lower case ASCII (e.g. "wzc" for 王庄村). */
export type InitialsOf = (name: string) => string;

export const INITIALS_TABLE = 'unit_initials';

/**
 * (Re)build the initials index of every unit name. Call after each dataset change when an
 * initials function is available; without the index, search matches names only.
 */
export async function buildUnitInitials(db: Database, initialsOf: InitialsOf): Promise<number> {
  const units = await db.query<{ unit_id: string; name: string }>(`SELECT unit_id, name FROM unit_list`);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = ['unit_id,initials', ...units.map((u) =>
    `${quote(String(u.unit_id))},${quote(initialsOf(String(u.name)).toLowerCase().replace(/[^a-z0-9]/g, ''))}`)];
  const file = 'unit_initials.csv';
  await db.registerFileText(file, lines.join('\n') + '\n');
  try {
    await db.exec(`CREATE OR REPLACE TABLE ${INITIALS_TABLE} AS
      SELECT * FROM read_csv(${str(file)}, header = true, delim = ',', quote = '"', escape = '"',
        columns = {'unit_id': 'VARCHAR', 'initials': 'VARCHAR'}, auto_detect = false)`);
  } finally {
    await db.dropFile(file);
  }
  return units.length;
}

export interface UnitSearchOptions {
  scope?: AnalysisScope;
  limit?: number;
  /** Also match pinyin initials (needs buildUnitInitials first). */
  initials?: boolean;
}

export interface UnitHit extends UnitRef {
  /** How it matched: the name, a former name (原名), the township, or the pinyin initials. */
  match: 'name' | 'former' | 'township' | 'initials';
  /** Names the unit had before ('、'-joined), or null. */
  formerNames: string | null;
}

/**
 * Units whose name (or township) contains the text, or whose initials contain it; exact
 * and prefix matches first, then shorter names. Only units with live ratings.
 */
export function unitSearchQuery(text: string, o: UnitSearchOptions = {}): AnalysisQuery<UnitHit[]> {
  const q = text.trim().toLowerCase();
  const limit = o.limit ?? 20;
  if (!q) {
    return { sql: `SELECT NULL AS unit_id WHERE false`, source: 'summary', read: () => [] };
  }
  const lit = str(q);
  const useInitials = o.initials === true && /^[a-z0-9]+$/.test(q);
  const nameHit = `contains(lower(u.name), ${lit})`;
  const townHit = `contains(lower(u.township), ${lit})`;
  const formerHit = `coalesce(contains(lower(u.former_names), ${lit}), false)`;
  const initHit = useInitials ? `coalesce(starts_with(i.initials, ${lit}) OR contains(i.initials, ${lit}), false)` : 'false';
  const sql = `SELECT u.unit_id, u.name, u.county, u.township, u.kind, u.former_names,
  CASE WHEN ${nameHit} THEN 'name' WHEN ${formerHit} THEN 'former' WHEN ${initHit} THEN 'initials' ELSE 'township' END AS match
FROM unit_list u
${useInitials ? `LEFT JOIN ${INITIALS_TABLE} i ON i.unit_id = u.unit_id` : ''}
${whereSql([`${nameHit} OR ${formerHit} OR ${townHit} OR ${initHit}`, ...scopeSql(o.scope, 'u')])}
ORDER BY lower(u.name) = ${lit} DESC, starts_with(lower(u.name), ${lit}) DESC, ${nameHit} DESC,
  ${useInitials ? `coalesce(starts_with(i.initials, ${lit}), false) DESC, ${initHit} DESC, ` : ''}length(u.name), u.name, u.township, u.unit_id
LIMIT ${int(limit)}`;
  return {
    sql,
    source: 'summary',
    read: (rows) => rows.map((r) => ({
      unitId: String(r.unit_id), name: String(r.name), county: strOrNull(r.county), township: String(r.township),
      kind: String(r.kind) as UnitKind, match: String(r.match) as UnitHit['match'],
      formerNames: strOrNull(r.former_names),
    })),
  };
}
