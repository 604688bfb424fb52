/**
 * Summaries ("cubes", in the spirit of uwdata/mosaic's data-cube indexes): small tables
 * rebuilt from the live ratings after every dataset change, so that views answer from a
 * few thousand pre-aggregated rows instead of scanning every rating.
 *
 * - unit_periods   one row per unit and period (the live facts) plus the unit's previous
 *                  rating: previous level, the stars held (bit mask), stars gained / lost
 *                  vs the period before, and the same vs the previous year's value; `uid`,
 *                  a small integer per unit, makes joins of two periods cheap (进步星).
 *                  Stored in period order, so a period's rows sit in a few row groups
 *                  that DuckDB's zone maps find without scanning the others.
 *                  Unit-level views (进步星, 降星, 目标达成, compare) read it.
 * - cube_level     county × township × kind × period × level × target_level × weak_branch
 *                  → unit counts and additive measures (pivots by level, target, weak flag).
 * - cube_township  county × township × kind × period → the same without the level dims,
 *                  with units per level as columns (rankings, trends, most pivots).
 * - cube_kind_town county × township × kind × period: cube_township summed over `yv`, with
 *                  the units each star applies to as app_{star} columns. Exactly one row per
 *                  township, kind and period, so a view filtered by kind (heatmap, township
 *                  ranking) computes each value from one row (measures.ts rowValueSql) with
 *                  no GROUP BY. Not for the yearly cadence, which needs `yv`.
 * - cube_town      county × township × period: cube_kind_town summed over kind. One row per
 *                  township and period (half the rows of cube_township): province-wide views
 *                  without a kind filter (heatmap, rankings, pivots by township or period)
 *                  read it, row by row where they can. Not for the yearly cadence either.
 * - township_order every (county, township) with its rank `trank` in the order the views
 *                  list townships (pinyin, computed in JS: DuckDB has no ICU offline);
 *                  cube_kind_town and cube_town carry it, so per-township queries group by
 *                  one integer and arrive already in display order.
 * - cube_star      county × township × kind × period × star → applicable, earned,
 *                  gained, lost (pivots and trends by star category).
 * - unit_list      the units that have live ratings, one row each (unit search).
 *
 * Periods are keyed by `pk` = year * 10 + quarter (annual = 5), see common.ts. `yv` marks a
 * unit's value for its year: the annual rating, or Q4 when it has none (yearly trends and
 * year-over-year). Every table groups by county AND township: names like 城关镇 repeat.
 * Stars are stored as a bit mask, bit i = STAR_IDS[i], counting only stars that apply to
 * the unit's kind.
 */
import type { Database } from '../db.ts';
import { STARS, STAR_IDS, type StarId } from '../stars.ts';
import { STAR_SCORE_COLUMNS } from '../sql/schema.ts';
import { str } from '../sql/literal.ts';
import { appliesSql, prevPkSql, starBit } from './common.ts';
import { initialsOf } from './pinyin.ts';
import { buildUnitInitials } from './search.ts';
import { collator, compareDimValues } from './pivot/order.ts';
import { chosenTownshipOrder, orderTownships, setChosenTownshipOrder, setTownshipRanks, type TownshipKey } from './township-order.ts';
import { ADDITIVE_COLUMNS, FLOAT_COLUMNS, LEVELS, TOWN_COLUMNS } from './cube-columns.ts';

export const SUMMARY_TABLES = ['unit_periods', 'cube_level', 'cube_township', 'township_order', 'cube_kind_town', 'cube_town', 'cube_star', 'unit_list'] as const;

/** Bit mask of the applicable stars a facts row holds. */
function maskSql(): string {
  return `(${STARS.map((s) => `CASE WHEN ${appliesSql(s.id)} AND ${s.id} THEN ${starBit(s.id)} ELSE 0 END`).join(' + ')})::INTEGER`;
}

/**
 * The unit × period table as a SELECT over `facts`. The raw (unsummarized) variants of the
 * unit-level views inline this same SELECT, so both paths give the same answer.
 */
export function unitPeriodsSelectSql(): string {
  return `WITH f AS (
  SELECT unit_id, county, township, name, kind, year, quarter,
    year * 10 + coalesce(quarter, 5) AS pk,
    ${prevPkSql()} AS prev_pk,
    (quarter IS NULL OR (quarter = 4 AND NOT EXISTS (
      SELECT 1 FROM ratings a WHERE a.quarter IS NULL AND NOT a.superseded
        AND a.unit_id = facts.unit_id AND a.year = facts.year))) AS yv,
    ${maskSql()} AS mask,
    level, target_level, weak_branch, collective_income, score, ${STAR_SCORE_COLUMNS.join(', ')}
  FROM facts
)
SELECT f.unit_id, f.county, f.township, f.name, f.kind, f.year, f.quarter, f.pk, f.yv, f.mask,
  f.level, f.target_level, f.weak_branch, f.collective_income, f.score, ${STAR_SCORE_COLUMNS.map((c) => `f.${c}`).join(', ')},
  p.level AS prev_level, p.mask AS prev_mask,
  f.mask & ~p.mask AS gained, p.mask & ~f.mask AS lost,
  CASE WHEN f.yv THEN y.level END AS yprev_level, CASE WHEN f.yv THEN y.mask END AS yprev_mask,
  CASE WHEN f.yv THEN f.mask & ~y.mask END AS ygained, CASE WHEN f.yv THEN y.mask & ~f.mask END AS ylost
FROM f
LEFT JOIN f p ON p.unit_id = f.unit_id AND p.pk = f.prev_pk
-- (a condition on f alone inside ON would turn this into a nested-loop join: filter in the CASEs instead)
LEFT JOIN (SELECT unit_id, year + 1 AS next_year, level, mask FROM f WHERE yv) y
  ON y.unit_id = f.unit_id AND y.next_year = f.year`;
}

/**
 * A WITH clause of the given CTEs. With `source: 'raw'` it starts with a CTE named
 * unit_periods computed from the live rows, which shadows the table: unit-level queries
 * then give the same answer without the summary (tests and the bench compare both).
 */
export function withClause(source: 'auto' | 'summary' | 'raw' | undefined, ...ctes: string[]): string {
  const all = [...(source === 'raw' ? [`unit_periods AS (${unitPeriodsSelectSql()})`] : []), ...ctes];
  return all.length ? `WITH ${all.join(',\n')}\n` : '';
}

const bitCount = (col: string) => `coalesce(sum(bit_count(${col})), 0)::INTEGER`;
const has = (col: string, bit: number) => `(${col} & ${bit}) <> 0`;

/** A rating with a score for the star and a threshold, not holding the star: it has a gap to close. */
function scoreGapCondition(id: StarId, mask: string): string {
  return `${id}_score IS NOT NULL AND star_threshold IS NOT NULL AND (${mask} & ${starBit(id)}) = 0`;
}

/** Additive measure columns shared by cube_level and cube_township (as aggregates over unit_periods). */
function unitMeasureAggregates(): string[] {
  const out = [
    `count(*)::INTEGER AS n`,
    `count(*) FILTER (WHERE level >= target_level)::INTEGER AS met`,
    `count(target_level)::INTEGER AS targeted`,
    `count(prev_level)::INTEGER AS with_prev`,
    `${bitCount('gained')} AS gained`,
    `${bitCount('lost')} AS lost`,
    `count(*) FILTER (WHERE level > prev_level)::INTEGER AS up`,
    `count(*) FILTER (WHERE level < prev_level)::INTEGER AS down`,
    `count(yprev_level)::INTEGER AS ywith_prev`,
    `${bitCount('ygained')} AS ygained`,
    `${bitCount('ylost')} AS ylost`,
    `count(*) FILTER (WHERE level > yprev_level)::INTEGER AS yup`,
    `count(*) FILTER (WHERE level < yprev_level)::INTEGER AS ydown`,
    `sum(collective_income) AS income_sum`,
    `count(collective_income)::INTEGER AS income_n`,
    `sum(score) AS score_sum`,
    `count(score)::INTEGER AS score_n`,
  ];
  for (const id of STAR_IDS) {
    const b = starBit(id);
    out.push(
      `count(*) FILTER (WHERE ${has('mask', b)})::INTEGER AS earn_${id}`,
      `count(*) FILTER (WHERE ${has('gained', b)})::INTEGER AS gain_${id}`,
      `count(*) FILTER (WHERE ${has('lost', b)})::INTEGER AS lose_${id}`,
      `count(*) FILTER (WHERE ${has('ygained', b)})::INTEGER AS ygain_${id}`,
      `count(*) FILTER (WHERE ${has('ylost', b)})::INTEGER AS ylose_${id}`,
      `sum(${id}_score) AS ssum_${id}`,
      `count(${id}_score)::INTEGER AS sn_${id}`,
      `sum(star_threshold - ${id}_score) FILTER (WHERE ${scoreGapCondition(id, 'mask')}) AS gsum_${id}`,
      `count(*) FILTER (WHERE ${scoreGapCondition(id, 'mask')})::INTEGER AS gn_${id}`,
    );
  }
  return out;
}

const PERIOD_GRAIN = 'county, township, kind, year, quarter, pk, yv';

/** The statements that rebuild the summaries: those before township_order, and those after it. */
export function summarySql(): { before: string[]; after: string[] } {
  const rollup = ADDITIVE_COLUMNS.map((c) =>
    FLOAT_COLUMNS.has(c) ? `sum(${c}) AS ${c}` : `sum(${c})::INTEGER AS ${c}`);
  const levels = LEVELS.map((k) => `coalesce(sum(n) FILTER (WHERE level = ${k}), 0)::INTEGER AS n${k}`);
  // cube_kind_town and cube_town: the unit-grain columns without the y* ones (they compare
  // year values, which only the yv rows of cube_township keep apart), plus app_{star}.
  const sumOf = (cols: readonly string[]) => cols.map((c) => (FLOAT_COLUMNS.has(c) ? `sum(${c}) AS ${c}` : `sum(${c})::INTEGER AS ${c}`));
  const unitColumns = TOWN_COLUMNS.filter((c) => !c.startsWith('app_'));
  const appColumns = TOWN_COLUMNS.filter((c) => c.startsWith('app_'));
  const kindTownColumns = [
    ...sumOf(unitColumns),
    ...STARS.map((s) => `(CASE WHEN ${appliesSql(s.id)} THEN sum(n) ELSE 0 END)::INTEGER AS app_${s.id}`),
  ];
  const starRows = STARS.map((s) => `SELECT ${PERIOD_GRAIN}, ${str(s.id)} AS star,
    n AS applicable, earn_${s.id} AS earned, with_prev, gain_${s.id} AS gained, lose_${s.id} AS lost,
    ywith_prev, ygain_${s.id} AS ygained, ylose_${s.id} AS ylost
  FROM cube_township WHERE ${appliesSql(s.id)}`);
  const before = [
    `CREATE OR REPLACE TABLE unit_periods AS
SELECT up.*, ids.uid
FROM (${unitPeriodsSelectSql()}) up
JOIN (SELECT unit_id, row_number() OVER (ORDER BY unit_id)::INTEGER AS uid FROM (SELECT DISTINCT unit_id FROM units)) ids
  USING (unit_id)
ORDER BY up.pk, ids.uid`,
    // Point lookups by unit (compare, search) use this index instead of scanning every period.
    `CREATE INDEX unit_periods_unit ON unit_periods (unit_id)`,
    `CREATE OR REPLACE TABLE cube_level AS
SELECT ${PERIOD_GRAIN}, level, target_level, weak_branch,
  ${unitMeasureAggregates().join(',\n  ')}
FROM unit_periods
GROUP BY ${PERIOD_GRAIN}, level, target_level, weak_branch
ORDER BY pk`,
    `CREATE OR REPLACE TABLE cube_township AS
SELECT ${PERIOD_GRAIN},
  ${levels.join(',\n  ')},
  sum(n * level)::INTEGER AS level_sum,
  coalesce(sum(n) FILTER (WHERE weak_branch), 0)::INTEGER AS weak,
  ${rollup.join(',\n  ')}
FROM cube_level
GROUP BY ${PERIOD_GRAIN}
ORDER BY pk`,
  ];
  const after = [
    `CREATE OR REPLACE TABLE cube_kind_town AS
SELECT any_value(o.trank) AS trank, c.county, c.township, c.kind, c.year, c.quarter, c.pk,
  ${kindTownColumns.join(',\n  ')}
FROM cube_township c
LEFT JOIN township_order o ON o.township = c.township AND o.county IS NOT DISTINCT FROM c.county
GROUP BY c.county, c.township, c.kind, c.year, c.quarter, c.pk
ORDER BY c.pk, trank`,
    `CREATE OR REPLACE TABLE cube_town AS
SELECT trank, county, township, year, quarter, pk,
  ${sumOf([...unitColumns, ...appColumns]).join(',\n  ')}
FROM cube_kind_town
GROUP BY trank, county, township, year, quarter, pk
ORDER BY pk, trank`,
    `CREATE OR REPLACE TABLE unit_list AS
SELECT unit_id, any_value(name) AS name, any_value(county) AS county, any_value(township) AS township,
       any_value(kind) AS kind, any_value(former_names) AS former_names
FROM units WHERE unit_id IN (SELECT unit_id FROM unit_periods) GROUP BY unit_id`,
    // Pinyin initials of unit names, filled by search.ts buildUnitInitials when a dictionary is available.
    `CREATE TABLE IF NOT EXISTS unit_initials (unit_id VARCHAR, initials VARCHAR)`,
    `CREATE OR REPLACE TABLE cube_star AS
${starRows.join('\nUNION ALL\n')}
ORDER BY pk`,
  ];
  return { before, after };
}

/**
 * township_order: every (county, township) with its rank in the order the views show
 * townships (township-order.ts: the analyst's chosen order, else the first imported 台账's,
 * with pinyin then county for the rest: pivot.ts compareDimValues, which DuckDB cannot do
 * without ICU). Queries that return one row per township sort by it, so the reader's own
 * sort (still the authority) finds the rows in order: linear instead of n·log n collator calls.
 */
export async function buildTownshipOrder(db: Database): Promise<number> {
  // A township's first appearance: the earliest inserted of its ratings (rowid follows the
  // import order, superseded rows included: the first 台账 still says where it stood).
  const found = await db.query<{ county: string | null; township: string; first: number | bigint | null }>(
    `SELECT c.county, c.township, min(f.first) AS first
     FROM (SELECT DISTINCT county, township FROM cube_township) c
     LEFT JOIN (SELECT u.county, u.township, min(r.rowid) AS first FROM ratings r JOIN units u USING (unit_id) GROUP BY ALL) f
       ON f.township = c.township AND f.county IS NOT DISTINCT FROM c.county
     GROUP BY ALL`);
  const pinyin = (a: TownshipKey, b: TownshipKey) => collator.compare(a.township, b.township) || compareDimValues('county', a.county, b.county);
  const towns = orderTownships(found.map((t) => ({ county: t.county ?? null, township: String(t.township), first: t.first == null ? null : Number(t.first) })),
    chosenTownshipOrder(), pinyin);
  setTownshipRanks(towns);
  const quote = (v: unknown) => (v == null ? '' : `"${String(v).replace(/"/g, '""')}"`);
  const file = 'township_order.csv';
  await db.registerFileText(file, ['county,township,trank', ...towns.map((t, i) => `${quote(t.county)},${quote(t.township)},${i + 1}`)].join('\n') + '\n');
  try {
    await db.exec(`CREATE OR REPLACE TABLE township_order AS
      SELECT * FROM read_csv(${str(file)}, header = true, delim = ',', quote = '"', escape = '"',
        columns = {'county': 'VARCHAR', 'township': 'VARCHAR', 'trank': 'INTEGER'}, auto_detect = false)`);
  } finally {
    await db.dropFile(file);
  }
  return towns.length;
}

/**
 * Rebuild every summary from the live ratings. Runs after every dataset change
 * (shared/load.ts and shared/datasets.ts call it right after refreshSuperseded).
 */
export async function refreshSummaries(db: Database): Promise<void> {
  const { before, after } = summarySql();
  for (const sql of before) await db.exec(sql);
  await buildTownshipOrder(db);
  for (const sql of after) await db.exec(sql);
  // The pinyin-initials index for unit search ("wzc" finds 王庄村).
  await buildUnitInitials(db, initialsOf);
}

/**
 * Puts townships in the analyst's order (empty: the first 台账's) and rebuilds what carries
 * the order: township_order and the summaries built after it (they store trank). Cheap: the
 * summaries before it (unit_periods, the cubes by level) stay.
 */
export async function applyTownshipOrder(db: Database, order: readonly TownshipKey[]): Promise<void> {
  setChosenTownshipOrder(order);
  await buildTownshipOrder(db);
  for (const sql of summarySql().after) await db.exec(sql);
}

/** Create the summaries when missing (empty workspace), so views can always query them. */
export async function ensureSummaries(db: Database): Promise<void> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name IN (${SUMMARY_TABLES.map(str).join(', ')})
       AND NOT temporary`);
  if (Number(rows[0]?.n ?? 0) < SUMMARY_TABLES.length) await refreshSummaries(db);
}
