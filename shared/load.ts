/**
 * Loading the normalized ratings CSV (one row per unit and period, the columns of
 * NORMALIZED_CSV_COLUMNS) as a dataset. The bundled sample county uses this path;
 * real 台账 files go through the import pipeline first, whose CSV may also carry the
 * extra columns (trailing EXTRA_CSV_COLUMNS, see shared/import/normalized-csv.ts): those
 * rows go to rating_extras under the same dataset id.
 */
import type { Database } from './db.ts';
import {
  EXTRA_CSV_COLUMNS, EXTRA_CSV_TYPES, NORMALIZED_CSV_COLUMNS, RATING_COLUMNS, SCHEMA_SQL, SCORE_CSV_COLUMNS, STAR_SCORE_COLUMNS, TRACE_COLUMN,
} from './sql/schema.ts';
import { str } from './sql/literal.ts';
import { STAR_IDS } from './stars.ts';
import { ensureSummaries, refreshSummaries } from './analysis/summaries.ts';
import { applyLinks, refreshUnits } from './identity/links.ts';

export interface DatasetInfo {
  dataset_id: string;
  name: string;
  source: string;
  is_sample: boolean;
}

export async function ensureSchema(db: Database): Promise<void> {
  for (const sql of SCHEMA_SQL) await db.exec(sql);
  await ensureSummaries(db);
}

export async function loadNormalizedCsv(db: Database, info: DatasetInfo, csvText: string): Promise<number> {
  await ensureSchema(db);
  const file = `${info.dataset_id}.csv`;
  await db.registerFileText(file, csvText);
  const headerLine = csvText.slice(0, Math.max(0, csvText.indexOf('\n'))).replace(/^\uFEFF/, '').trim();
  const header = headerLine.split(',');
  const extras = header.length > EXTRA_CSV_COLUMNS.length && EXTRA_CSV_COLUMNS.every((c, i) => header[header.length - EXTRA_CSV_COLUMNS.length + i] === c);
  const traced = header.at(extras ? -1 - EXTRA_CSV_COLUMNS.length : -1) === TRACE_COLUMN;
  const scored = header.includes('star_threshold');
  const types = {
    ...NORMALIZED_CSV_COLUMNS,
    ...(scored ? Object.fromEntries(SCORE_CSV_COLUMNS.map((c) => [c, 'DOUBLE'])) : {}),
    ...(traced ? { [TRACE_COLUMN]: 'VARCHAR' } : {}),
    ...(extras ? EXTRA_CSV_TYPES : {}),
  };
  const columns = Object.entries(types)
    .map(([k, v]) => `${str(k)}: ${str(v)}`)
    .join(', ');
  const trace = traced
    ? TRACE_COLUMN
    : `${str(info.source)} || ' 第' || (row_number() OVER () + 1) || '行'`;
  const staging = `staging_${info.dataset_id.replace(/[^a-zA-Z0-9_]/g, '_')}`;
  // Rating rows, as opposed to the extra rows that follow them.
  const ratingRows = extras ? 'WHERE extra_name IS NULL' : '';
  try {
    await db.exec(`CREATE TEMP TABLE ${staging} AS
      SELECT * FROM read_csv(${str(file)}, header = true, delim = ',', quote = '"', escape = '"',
                             columns = {${columns}}, auto_detect = false)`);
    // unit_id starts as the file's own id; refreshDerived follows the links from there.
    await db.exec(`INSERT INTO ratings (${RATING_COLUMNS.filter((c) => c !== 'superseded').join(', ')})
      SELECT unit_id, year, quarter, ${STAR_IDS.join(', ')}, level, target_level, weak_branch,
             collective_income, score, ${str(info.dataset_id)}, ${trace},
             unit_id, coalesce(county, ''), township, name, kind,
             ${STAR_SCORE_COLUMNS.map((c) => (scored ? c : `NULL::DOUBLE`)).join(', ')}
      FROM ${staging} ${ratingRows}`);
    if (extras) {
      await db.exec(`INSERT INTO rating_extras (unit_id, year, quarter, dataset_id, name, text, num)
        SELECT unit_id, year, quarter, ${str(info.dataset_id)}, extra_name, extra_text, extra_num
        FROM ${staging} WHERE extra_name IS NOT NULL`);
    }
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${staging} ${ratingRows}`);
    await db.exec(`INSERT INTO datasets (dataset_id, name, source, imported_at, row_count, is_sample)
      VALUES (${str(info.dataset_id)}, ${str(info.name)}, ${str(info.source)},
              ${str(new Date().toISOString())}, ${n}, ${info.is_sample})`);
    await refreshDerived(db);
    return n;
  } finally {
    await db.exec(`DROP TABLE IF EXISTS ${staging}`);
    await db.dropFile(file);
  }
}

/**
 * Where several datasets rate the same unit for the same period, only the latest
 * import counts; the others stay in the workspace (visible, removable) but are marked
 * superseded so no figure counts a unit twice.
 */
export async function refreshSuperseded(db: Database): Promise<void> {
  await db.exec(`UPDATE ratings SET superseded = (ratings.dataset_id <> w.winner)
    FROM (SELECT r.unit_id, r.year, r.quarter,
                 arg_max(r.dataset_id, d.seq) AS winner
          FROM ratings r JOIN datasets d USING (dataset_id)
          GROUP BY r.unit_id, r.year, r.quarter) w
    WHERE ratings.unit_id = w.unit_id AND ratings.year = w.year
      AND ratings.quarter IS NOT DISTINCT FROM w.quarter`);
}

/**
 * Everything derived from the ratings, after any change to them or to the links: unit ids
 * through the links, `units` (one row per unit), which rating counts, and the summaries.
 */
export async function refreshDerived(db: Database): Promise<void> {
  await applyLinks(db);
  await refreshUnits(db);
  await refreshSuperseded(db);
  await refreshSummaries(db);
}
