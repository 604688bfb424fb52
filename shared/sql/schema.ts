/**
 * The data model inside DuckDB (DESIGN.md §2): datasets, units, ratings, the extra
 * columns of the ratings, and the derived views every measure reads from.
 */
import { STARS, STAR_IDS, type StarId } from '../stars.ts';
import { str } from './literal.ts';

/**
 * What a rating's file said about its unit in that period (workspace version 2). `unit_id` is
 * the unit's identity after links (shared/identity/); `orig_unit_id` the id the file gave
 * (its 行政区划代码, or the hash of county + township + name), so a link can be undone.
 * `kind` is the unit's kind in that period: a 村 turned 社区 is rated on village stars before
 * and on community stars after. `units` holds each unit's latest attributes, rebuilt from these.
 */
export const RECORDED_COLUMNS = ['orig_unit_id', 'orig_county', 'orig_township', 'orig_name', 'kind'] as const;

/**
 * Star scores (workspace version 3): many counties score each star (often out of 100) and
 * hold it at a threshold (80 by default). `{star}_score` is the score the file gave, NULL for
 * a file of √ marks; `star_threshold` the score at which the file's rule awards a star (the
 * 冲星名单 measures the gap to it); `score` holds the unit's total (总分).
 */
export const STAR_SCORE_COLUMNS = [...STAR_IDS.map((id) => `${id}_score` as const), 'star_threshold'] as const;
export type StarScoreColumn = (typeof STAR_SCORE_COLUMNS)[number];
export const starScoreColumn = (id: StarId): StarScoreColumn => `${id}_score`;

export const RATING_COLUMNS = [
  'unit_id', 'year', 'quarter', ...STAR_IDS, 'level', 'target_level', 'weak_branch',
  'collective_income', 'score', 'dataset_id', 'source_row', 'superseded',
  ...RECORDED_COLUMNS, ...STAR_SCORE_COLUMNS,
] as const;

const starColumns = STAR_IDS.map((id) => `${id} BOOLEAN`).join(', ');

/**
 * Columns of rating_extras: the extra columns of a 台账 (党员人数, 网格员, 备注 … — every
 * column no rating field stores), long form, one row per rating and column with a value.
 * A row belongs to the rating with the same unit_id, year, quarter and dataset_id, and is
 * live exactly when that rating is (see extra_facts). `text` is the value as typed; `num`
 * the number it reads as (shared/import/values.ts parseNumber), else NULL.
 */
export const EXTRA_COLUMNS = ['unit_id', 'year', 'quarter', 'dataset_id', 'name', 'text', 'num'] as const;

export const SCHEMA_SQL = [
  `CREATE SEQUENCE IF NOT EXISTS dataset_seq START 1`,
  // seq orders imports: where two datasets rate the same unit and period, the later wins.
  `CREATE TABLE IF NOT EXISTS datasets (
     dataset_id VARCHAR NOT NULL, name VARCHAR NOT NULL, source VARCHAR,
     imported_at VARCHAR, row_count INTEGER, is_sample BOOLEAN DEFAULT false,
     seq INTEGER NOT NULL DEFAULT nextval('dataset_seq'))`,
  // One row per unit (shared/identity/units.ts refreshUnits): its latest attributes, and
  // the names it had before ('、'-joined, NULL when it never changed).
  `CREATE TABLE IF NOT EXISTS units (
     unit_id VARCHAR NOT NULL, county VARCHAR, township VARCHAR NOT NULL,
     name VARCHAR NOT NULL, kind VARCHAR NOT NULL, former_names VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS ratings (
     unit_id VARCHAR NOT NULL, year INTEGER NOT NULL, quarter INTEGER,
     ${starColumns}, level INTEGER NOT NULL, target_level INTEGER, weak_branch BOOLEAN,
     collective_income DOUBLE, score DOUBLE, dataset_id VARCHAR NOT NULL, source_row VARCHAR,
     superseded BOOLEAN NOT NULL DEFAULT false,
     orig_unit_id VARCHAR, orig_county VARCHAR, orig_township VARCHAR, orig_name VARCHAR, kind VARCHAR,
     ${STAR_SCORE_COLUMNS.map((c) => `${c} DOUBLE`).join(', ')})`,
  // Confirmed links (shared/identity/links.ts). link_kind 'unit': ratings given from_id count for
  // unit to_id. link_kind 'township': township from_id of county is named to_id (撤乡设镇).
  // dataset_id: the import that added the link (undoing the import removes it), else NULL.
  `CREATE TABLE IF NOT EXISTS unit_links (
     link_kind VARCHAR NOT NULL, county VARCHAR, from_id VARCHAR NOT NULL, to_id VARCHAR NOT NULL,
     reason VARCHAR, created_at VARCHAR, dataset_id VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS rating_extras (
     unit_id VARCHAR NOT NULL, year INTEGER NOT NULL, quarter INTEGER, dataset_id VARCHAR NOT NULL,
     name VARCHAR NOT NULL, text VARCHAR, num DOUBLE)`,
  // One row per unit and period with the unit's attributes; pidx orders periods
  // (year*4 + quarter-1, annual ratings sit with Q4) so "previous quarter" is pidx - 1.
  // History is restated in today's names (county, township, name: the unit's latest), while
  // the kind is the period's own, since it decides which stars were rated.
  `CREATE OR REPLACE VIEW facts AS
     SELECT r.* EXCLUDE (${RECORDED_COLUMNS.join(', ')}), u.county, u.township, u.name,
            coalesce(r.kind, u.kind) AS kind,
            r.year * 4 + coalesce(r.quarter, 4) - 1 AS pidx
     FROM ratings r JOIN units u USING (unit_id)
     WHERE NOT r.superseded`,
  // The live extra values with their rating's unit and period attributes (superseded
  // ratings' extras drop out with them: the join goes through facts and the dataset).
  `CREATE OR REPLACE VIEW extra_facts AS
     SELECT e.name, e.text, e.num, f.*
     FROM rating_extras e JOIN facts f
       ON f.unit_id = e.unit_id AND f.year = e.year AND f.quarter IS NOT DISTINCT FROM e.quarter
      AND f.dataset_id = e.dataset_id`,
  // Long form for pivots by star category; only stars that apply to the unit's kind.
  `CREATE OR REPLACE VIEW star_facts AS
     ${STARS.map(
       (s) => `SELECT unit_id, year, quarter, ${str(s.id)} AS star, ${s.id} AS earned
               FROM facts WHERE kind IN (${s.kinds.map(str).join(', ')})`,
     ).join('\n     UNION ALL ')}`,
];

/**
 * Optional last column of the normalized CSV: where each row came from ("file / sheet / 第N行").
 * Imports write it; the sample county omits it and gets "sample-county.csv 第N行".
 */
export const TRACE_COLUMN = 'source_row';

/** Column types of the normalized ratings CSV (the sample county and exports use it). */
export const NORMALIZED_CSV_COLUMNS: Record<string, string> = {
  unit_id: 'VARCHAR', county: 'VARCHAR', township: 'VARCHAR', name: 'VARCHAR', kind: 'VARCHAR',
  year: 'INTEGER', quarter: 'INTEGER',
  ...Object.fromEntries(STAR_IDS.map((id) => [id, 'BOOLEAN'])),
  level: 'INTEGER', target_level: 'INTEGER', weak_branch: 'BOOLEAN',
  collective_income: 'DOUBLE', score: 'DOUBLE',
};

/**
 * Columns of the normalized CSV after the core ones when its ratings carry star scores
 * (before the trace column): files of √ marks, and the sample county, leave them out.
 */
export const SCORE_CSV_COLUMNS: readonly StarScoreColumn[] = STAR_SCORE_COLUMNS;

/**
 * Trailing columns of the normalized CSV when it carries extra values (see
 * shared/import/normalized-csv.ts): rating rows leave them empty, extra rows fill them.
 */
export const EXTRA_CSV_COLUMNS = ['extra_name', 'extra_text', 'extra_num'] as const;

/** Types of EXTRA_CSV_COLUMNS for read_csv. */
export const EXTRA_CSV_TYPES: Record<(typeof EXTRA_CSV_COLUMNS)[number], string> = {
  extra_name: 'VARCHAR', extra_text: 'VARCHAR', extra_num: 'DOUBLE',
};

/**
 * Tables a workspace file carries (as Arrow IPC), in restore order. Everything else is
 * derived (views, summaries: rebuilt by refreshSummaries after a restore) or is the undo
 * trash, which a save purges. A new persistent table must be added here.
 */
export const PERSISTENT_TABLES = ['datasets', 'units', 'ratings', 'rating_extras', 'unit_links'] as const;
