/**
 * Rankings (排名, the 观摩评比 view): townships ranked for a period by a measure with the
 * change vs the previous period, 红榜 / 黑榜 of townships or units, 进步星 candidates,
 * the 降星 list and 目标达成. Ties are ranked the standard competition way (1, 2, 2, 4):
 * SQL RANK().
 *
 * Township figures come from cube_town (one row per township and period; cube_kind_town
 * when the scope picks a kind), unit lists from unit_periods; `source: 'raw'` computes the
 * same from the live rows (tests and the bench compare both).
 */
import type { Row } from '../db.ts';
import { periodKey, previousPeriod, type Period } from '../period.ts';
import { int, str } from '../sql/literal.ts';
import { STARS, starsFor, type StarId, type UnitKind } from '../stars.ts';
import {
  type AnalysisQuery, type AnalysisScope, appliesSql, num, numOrNull, periodFromPk, pk, scopeSql, starBit, starsFromMask, strOrNull, toPeriod, whereSql,
} from './common.ts';
import { DEFAULT_MEASURE, type Formula, formulaOf, higherIsBetter, measureLabel, type MeasureSpec, rowValueSql, valueSql } from './measures.ts';
import { rawRelationSql } from './pivot.ts';
import { unitPeriodsSelectSql, withClause } from './summaries.ts';
import { townshipRankSql } from './township-order.ts';

/** How ranks are assigned, shown under every ranking. */
export const RANK_RULE = '并列名次按标准竞赛排名法：并列者名次相同，其后名次顺延（如 1、2、2、4）。';

type Source = 'auto' | 'summary' | 'raw';

export interface RankingOptions {
  period: Period | string;
  /** Default 三星以上占比. Must be single-valued (not `levels`). */
  measure?: MeasureSpec;
  scope?: AnalysisScope;
  /** Default: best first (desc, or asc for measures where lower is better). */
  order?: 'desc' | 'asc';
  /** Period to compare with; default the previous quarter (previous year for an annual period). */
  versus?: Period | string;
  source?: Source;
}

export interface TownshipRank {
  county: string | null;
  township: string;
  rank: number;
  value: number | null;
  units: number;
  /** Units per level 0–5. */
  levels: number[];
  /**
   * Units rated in the period that also have a rating in the period before: changes are
   * counted over these only. units − comparable have no previous rating (shared/format.ts
   * uncomparedNote); when none is comparable, a change measure's value is NULL (无可比数据).
   */
  comparable: number;
  prevValue: number | null;
  prevRank: number | null;
  /** value − prevValue (null when the township has no rating in the previous period). */
  delta: number | null;
  /** prevRank − rank: positive = moved up. */
  rankChange: number | null;
}

export interface TownshipRanking {
  period: string;
  versus: string;
  measure: MeasureSpec;
  label: string;
  order: 'desc' | 'asc';
  rule: string;
  rows: TownshipRank[];
}

const LEVEL_KEYS = [0, 1, 2, 3, 4, 5];

/** Measures whose value is itself a change vs the previous period (升星单位数, 摘星数, …). */
export function isChangeMeasure(m: MeasureSpec): boolean {
  return m.kind === 'unitsUp' || m.kind === 'unitsDown' || m.kind === 'starsGained' || m.kind === 'starsLost';
}

/** Units with a rating in the previous period: the cubes' with_prev. */
const COMPARABLE: Formula = { components: ['with_prev'], sql: (c) => c('with_prev') };

/** Per township and period (P and the one compared with): value, units, units per level, rank in its period. */
function townshipValuesSql(o: RankingOptions, measure: MeasureSpec, order: 'desc' | 'asc'): { ctes: string; p: number; v: number } {
  if (measure.kind === 'levels') throw new Error('排名需要单一数值的指标');
  const period = toPeriod(o.period);
  const versus = o.versus ? toPeriod(o.versus) : previousPeriod(period);
  const p = pk(period);
  const v = pk(versus);
  const raw = o.source === 'raw';
  const formula = formulaOf(measure, 'unit');
  const unitsFormula = formulaOf({ kind: 'units' }, 'unit');
  const levelFormula = (k: number) => formulaOf({ kind: 'levels' }, 'unit', k);
  const cond = [`pk IN (${int(p)}, ${int(v)})`];
  let v0: string;
  // One row per township (and kind, when the scope picks one) and period: no GROUP BY.
  const cube = o.scope?.kind ? 'cube_kind_town' : 'cube_town';
  const town = raw ? null : rowValueSql(formula, cube);
  if (town != null) {
    v0 = `SELECT county, township, pk, ${town} AS value, ${rowValueSql(unitsFormula, cube)} AS units,
    ${rowValueSql(COMPARABLE, cube)} AS comparable,
    ${LEVEL_KEYS.map((k) => `${rowValueSql(levelFormula(k), cube)} AS n${k}`).join(', ')}
  FROM ${cube} ${whereSql([...scopeSql(o.scope), ...cond])}`;
  } else {
    const source = raw ? 'raw-unit' : 'cube_township';
    const value = valueSql(source, formula, false);
    const units = valueSql(source, unitsFormula, false);
    const levels = LEVEL_KEYS.map((k) => `${valueSql(source, levelFormula(k), false)} AS n${k}`);
    const comparable = valueSql(source, COMPARABLE, false);
    if (value == null || units == null || comparable == null) throw new Error(`该指标无法排名: ${measureLabel(measure)}`);
    // The raw rows always carry the previous rating: every ranking counts comparable units.
    const from = raw
      ? `(${rawRelationSql({ grain: 'unit', cadence: 'all', scope: o.scope ?? {}, changes: true })}) t`
      : 'cube_township';
    v0 = `SELECT county, township, pk, ${value} AS value, ${units} AS units, ${comparable} AS comparable, ${levels.join(', ')}
  FROM ${from} ${whereSql([...(raw ? [] : scopeSql(o.scope)), ...cond])}
  GROUP BY county, township, pk`;
  }
  // A change counted over no comparable unit is no change at all: NULL (无可比数据), ranked last, never a 0.
  const honest = isChangeMeasure(measure) ? ' REPLACE (CASE WHEN comparable > 0 THEN value END AS value)' : '';
  const ctes = `v0 AS (
  ${v0}
), v AS (
  SELECT *${honest} FROM v0
), r AS (
  SELECT *, rank() OVER (PARTITION BY pk ORDER BY value ${order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST) AS rnk FROM v
), j AS (
  SELECT c.county, c.township, c.value, c.rnk, c.units, c.comparable, ${LEVEL_KEYS.map((k) => `c.n${k}`).join(', ')},
    p.value AS prev_value, p.rnk AS prev_rank, c.value - p.value AS delta, p.rnk - c.rnk AS rank_change
  FROM r c LEFT JOIN r p ON p.pk = ${int(v)} AND p.township = c.township AND p.county IS NOT DISTINCT FROM c.county
  WHERE c.pk = ${int(p)}
)`;
  return { ctes, p, v };
}

function readTownshipRank(r: Row): TownshipRank {
  return {
    county: strOrNull(r.county),
    township: String(r.township),
    rank: num(r.rnk),
    value: numOrNull(r.value),
    units: num(r.units),
    levels: LEVEL_KEYS.map((k) => num(r[`n${k}`])),
    comparable: num(r.comparable),
    prevValue: numOrNull(r.prev_value),
    prevRank: numOrNull(r.prev_rank),
    delta: numOrNull(r.delta),
    rankChange: numOrNull(r.rank_change),
  };
}

/** Townships ranked for a period, with value and rank change vs the previous period. */
export function townshipRankingQuery(o: RankingOptions): AnalysisQuery<TownshipRanking> {
  const measure = o.measure ?? DEFAULT_MEASURE;
  const order = o.order ?? (higherIsBetter(measure) ? 'desc' : 'asc');
  const { ctes, p, v } = townshipValuesSql(o, measure, order);
  return {
    sql: `WITH ${ctes}\nSELECT * FROM j ORDER BY rnk, ${townshipRankSql()} NULLS LAST, county NULLS FIRST, township`,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => ({
      period: periodKey(periodFromPk(p)), versus: periodKey(periodFromPk(v)), measure, label: measureLabel(measure),
      order, rule: RANK_RULE, rows: rows.map(readTownshipRank),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// 红榜 / 黑榜

export interface BoardOptions extends RankingOptions {
  /** red: the best; black: the worst. */
  board: 'red' | 'black';
  /** Rank by the value, or by its change vs the compared period. */
  by?: 'value' | 'change';
  /** How many; ties at the boundary are all kept (rank ≤ n). */
  n: number;
}

function checkN(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`名单人数应为正整数: ${n}`);
}

export interface TownshipBoard {
  board: 'red' | 'black';
  by: 'value' | 'change';
  label: string;
  rule: string;
  rows: Array<TownshipRank & { boardRank: number }>;
}

/** 红榜 / 黑榜 of townships by a measure or by its change. */
export function townshipBoardQuery(o: BoardOptions): AnalysisQuery<TownshipBoard> {
  const measure = o.measure ?? DEFAULT_MEASURE;
  const good = higherIsBetter(measure) ? 'DESC' : 'ASC';
  const bad = good === 'DESC' ? 'ASC' : 'DESC';
  const by = o.by ?? 'value';
  const { ctes } = townshipValuesSql(o, measure, good === 'DESC' ? 'desc' : 'asc');
  const key = by === 'change' ? 'delta' : 'value';
  const dir = o.board === 'red' ? good : bad;
  checkN(o.n);
  return {
    sql: `WITH ${ctes}
SELECT *, rank() OVER (ORDER BY ${key} ${dir}) AS board_rank FROM j
WHERE ${key} IS NOT NULL
QUALIFY board_rank <= ${int(o.n)}
ORDER BY board_rank, ${townshipRankSql()} NULLS LAST, county NULLS FIRST, township`,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => ({
      board: o.board, by, label: measureLabel(measure), rule: RANK_RULE,
      rows: rows.map((r) => ({ ...readTownshipRank(r), boardRank: num(r.board_rank) })),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Unit lists (from unit_periods, or the same SELECT inlined over the live rows)

function kindMaskSql(alias: string): string {
  const mask = (k: UnitKind) => starsFor(k).reduce((m, s) => m | starBit(s.id), 0);
  return `(CASE ${alias}.kind WHEN 'village' THEN ${mask('village')} WHEN 'community' THEN ${mask('community')} ELSE 0 END)`;
}

export interface UnitRef {
  unitId: string;
  name: string;
  county: string | null;
  township: string;
  kind: UnitKind;
}

function readUnitRef(r: Row): UnitRef {
  return {
    unitId: String(r.unit_id), name: String(r.name), county: strOrNull(r.county),
    township: String(r.township), kind: String(r.kind) as UnitKind,
  };
}

export type UnitMeasure = 'level' | 'levelChange' | 'starsGained' | 'starsLost' | 'score' | 'collective_income';

export const UNIT_MEASURE_LABELS: Record<UnitMeasure, string> = {
  level: '星级', levelChange: '星级变化', starsGained: '较上期增星数', starsLost: '较上期减星数',
  score: '总得分', collective_income: '村集体经济收入（万元）',
};

export interface UnitBoardOptions {
  period: Period | string;
  by: UnitMeasure;
  board: 'red' | 'black';
  n: number;
  scope?: AnalysisScope;
  source?: Source;
}

export interface UnitBoardRow extends UnitRef {
  boardRank: number;
  value: number | null;
  level: number;
  prevLevel: number | null;
  gained: StarId[];
  lost: StarId[];
}

/** 红榜 / 黑榜 of units by level, change vs the previous period, score or income. */
export function unitBoardQuery(o: UnitBoardOptions): AnalysisQuery<{ board: 'red' | 'black'; by: UnitMeasure; label: string; rule: string; rows: UnitBoardRow[] }> {
  const p = pk(toPeriod(o.period));
  const expr: Record<UnitMeasure, string> = {
    level: 'level', levelChange: 'level - prev_level', starsGained: 'bit_count(gained)::INTEGER',
    starsLost: 'bit_count(lost)::INTEGER', score: 'score', collective_income: 'collective_income',
  };
  if (!(o.by in expr)) throw new Error(`不支持的单位排名指标: ${o.by}`);
  const lowerBetter = o.by === 'starsLost';
  const dir = (o.board === 'red') !== lowerBetter ? 'DESC' : 'ASC';
  const sql = `${withClause(o.source, `y AS (
  SELECT unit_id, name, county, township, kind, level, prev_level, gained, lost, ${expr[o.by]} AS value
  FROM unit_periods ${whereSql([`pk = ${int(p)}`, ...scopeSql(o.scope), `${expr[o.by]} IS NOT NULL`])}
)`)}, ${topWithTies('value', dir === 'DESC', o.n, 'board_rank')}
ORDER BY board_rank, township, name, unit_id`;
  return {
    sql,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => ({
      board: o.board, by: o.by, label: UNIT_MEASURE_LABELS[o.by], rule: RANK_RULE,
      rows: rows.map((r) => ({
        ...readUnitRef(r), boardRank: num(r.board_rank), value: numOrNull(r.value), level: num(r.level),
        prevLevel: numOrNull(r.prev_level), gained: starsFromMask(numOrNull(r.gained)), lost: starsFromMask(numOrNull(r.lost)),
      })),
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// 进步星 and 降星: star changes between two periods

export interface StarChange extends UnitRef {
  rank: number;
  fromLevel: number;
  toLevel: number;
  /** toLevel − fromLevel. */
  net: number;
  gained: StarId[];
  lost: StarId[];
}

export interface StarChanges {
  from: string;
  to: string;
  rule: string;
  rows: StarChange[];
}

/**
 * Top n by `key` with every tie at the boundary, without sorting all candidates: the n-th
 * value comes from a top-n (ORDER BY … LIMIT, no full sort), then only rows at least as good
 * are kept. A CTE `cut` over a relation `y` of candidates, and the condition on y's rows.
 */
function tiesCut(key: string, desc: boolean, n: number): { cte: string; keep: string } {
  checkN(n);
  return {
    cte: `cut AS (SELECT ${key} AS k FROM y ORDER BY ${key} ${desc ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ${int(Math.max(0, n - 1))})`,
    keep: `(SELECT count(*) FROM cut) = 0 OR ${key} ${desc ? '>=' : '<='} (SELECT k FROM cut)`,
  };
}

/** tiesCut, then the kept rows of y ranked by `order`. */
function topWithTies(key: string, desc: boolean, n: number, rankName: string, order = `${key} ${desc ? 'DESC' : 'ASC'}`): string {
  const { cte, keep } = tiesCut(key, desc, n);
  return `${cte}
SELECT *, rank() OVER (ORDER BY ${order}) AS ${rankName} FROM y
WHERE ${keep}`;
}

function starChangesSql(from: number, to: number, scope: AnalysisScope | undefined, source: Source | undefined,
  where: string, order: string, limit?: { key: string; desc: boolean; n: number }): string {
  if (source === 'raw') {
    const ranked = limit
      ? `,\ny AS (SELECT * FROM x WHERE ${where}),\n${topWithTies(limit.key, limit.desc, limit.n, 'rnk', order)}`
      : `\nSELECT *, rank() OVER (ORDER BY ${order}) AS rnk FROM x\nWHERE ${where}`;
    return `WITH unit_periods AS (${unitPeriodsSelectSql()}),
x AS (
  SELECT b.unit_id, b.name, b.county, b.township, b.kind, a.level AS from_level, b.level AS to_level,
    b.level - a.level AS net, b.mask & ~a.mask AS gained_mask, a.mask & ~b.mask AS lost_mask,
    bit_count(b.mask & ~a.mask)::INTEGER AS gained, bit_count(a.mask & ~b.mask)::INTEGER AS lost
  FROM unit_periods b JOIN unit_periods a ON a.unit_id = b.unit_id AND a.pk = ${int(from)}
  ${whereSql([`b.pk = ${int(to)}`, ...scopeSql(scope, 'b')])}
)${ranked}
ORDER BY rnk, township, name, unit_id`;
  }
  // From the summary: pair the two periods by the integer uid with narrow rows, cut to the
  // top n, and only then fetch the names of the units kept (a province has ~50 000 units,
  // the list a few hundred).
  const cut = limit ? tiesCut(limit.key, limit.desc, limit.n) : null;
  return `WITH x AS (
  SELECT b.uid, a.level AS from_level, b.level AS to_level,
    b.level - a.level AS net, b.mask & ~a.mask AS gained_mask, a.mask & ~b.mask AS lost_mask,
    bit_count(b.mask & ~a.mask)::INTEGER AS gained, bit_count(a.mask & ~b.mask)::INTEGER AS lost
  FROM unit_periods b JOIN unit_periods a ON a.uid = b.uid AND a.pk = ${int(from)}
  ${whereSql([`b.pk = ${int(to)}`, ...scopeSql(scope, 'b')])}
), y AS (SELECT * FROM x WHERE ${where}),${cut ? `\n${cut.cte},` : ''}
r AS (SELECT *, rank() OVER (ORDER BY ${order}) AS rnk FROM y${cut ? ` WHERE ${cut.keep}` : ''})
SELECT u.unit_id, u.name, u.county, u.township, u.kind, r.from_level, r.to_level, r.net, r.gained_mask, r.lost_mask,
  r.gained, r.lost, r.rnk
FROM r JOIN unit_periods u ON u.uid = r.uid AND u.pk = ${int(to)}
ORDER BY r.rnk, u.township, u.name, u.unit_id`;
}

function readStarChange(r: Row): StarChange {
  return {
    ...readUnitRef(r), rank: num(r.rnk), fromLevel: num(r.from_level), toLevel: num(r.to_level), net: num(r.net),
    gained: starsFromMask(numOrNull(r.gained_mask)), lost: starsFromMask(numOrNull(r.lost_mask)),
  };
}

export interface SpanOptions {
  from: Period | string;
  to: Period | string;
  scope?: AnalysisScope;
  /** Top n by rank (ties at the boundary kept); default all. */
  limit?: number;
  source?: Source;
}

/**
 * 进步星 candidates: units rated in both periods whose level rose, ranked by the rise
 * (then by stars gained). A unit missing either period is not a candidate.
 */
export function progressQuery(o: SpanOptions): AnalysisQuery<StarChanges> {
  const a = toPeriod(o.from);
  const b = toPeriod(o.to);
  return {
    sql: starChangesSql(pk(a), pk(b), o.scope, o.source, 'net > 0', 'net DESC',
      o.limit != null ? { key: 'net', desc: true, n: o.limit } : undefined),
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => ({ from: periodKey(a), to: periodKey(b), rule: RANK_RULE, rows: rows.map(readStarChange) }),
  };
}

/**
 * 降星 list: units that lost at least one star between the previous period (or `versus`)
 * and `period`, with the stars lost (and any gained); largest fall first.
 */
export function demotionQuery(o: { period: Period | string; versus?: Period | string; scope?: AnalysisScope; source?: Source }): AnalysisQuery<StarChanges> {
  const b = toPeriod(o.period);
  const a = o.versus ? toPeriod(o.versus) : previousPeriod(b);
  return {
    sql: starChangesSql(pk(a), pk(b), o.scope, o.source, 'lost > 0', 'net ASC, lost DESC'),
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => ({ from: periodKey(a), to: periodKey(b), rule: RANK_RULE, rows: rows.map(readStarChange) }),
  };
}

// ---------------------------------------------------------------------------------------------
// 目标达成

export interface TargetTownship {
  county: string | null;
  township: string;
  units: number;
  /** Units with a 创建目标. */
  targeted: number;
  met: number;
  below: number;
  /** met / targeted. */
  rate: number | null;
}

export interface TargetSummary {
  period: string;
  townships: TargetTownship[];
  total: Omit<TargetTownship, 'county' | 'township'>;
}

/** Per township: units with a target, how many reach it, how many are below. */
export function targetByTownshipQuery(o: { period: Period | string; scope?: AnalysisScope; source?: Source }): AnalysisQuery<TargetSummary> {
  const period = toPeriod(o.period);
  const raw = o.source === 'raw';
  const agg = raw
    ? `count(*) AS units, count(target_level) AS targeted, count(*) FILTER (WHERE level >= target_level) AS met`
    : `CAST(sum(n) AS BIGINT) AS units, CAST(sum(targeted) AS BIGINT) AS targeted, CAST(sum(met) AS BIGINT) AS met`;
  const from = raw ? `(SELECT *, year * 10 + coalesce(quarter, 5) AS pk FROM facts)` : o.scope?.kind ? 'cube_kind_town' : 'cube_town';
  const sql = `SELECT county, township, grouping(township) AS is_total, ${agg}
FROM ${from} ${whereSql([`pk = ${int(pk(period))}`, ...scopeSql(o.scope)])}
GROUP BY GROUPING SETS ((county, township), ())
ORDER BY is_total, ${townshipRankSql()} NULLS LAST, township, county NULLS FIRST`;
  const read1 = (r: Row) => {
    const targeted = num(r.targeted);
    const met = num(r.met);
    return { units: num(r.units), targeted, met, below: targeted - met, rate: targeted > 0 ? met / targeted : null };
  };
  return {
    sql,
    source: raw ? 'raw' : 'summary',
    read(rows) {
      const total = rows.find((r) => num(r.is_total) === 1);
      return {
        period: periodKey(period),
        townships: rows.filter((r) => num(r.is_total) === 0)
          .map((r) => ({ county: strOrNull(r.county), township: String(r.township), ...read1(r) })),
        total: total ? read1(total) : { units: 0, targeted: 0, met: 0, below: 0, rate: null },
      };
    },
  };
}

export interface BelowTarget extends UnitRef {
  level: number;
  target: number;
  /** target − level. */
  gap: number;
  held: StarId[];
  /** Applicable stars not yet held. */
  missing: StarId[];
}

/** Units below their 创建目标 in a period, by township, largest gap first. */
export function belowTargetQuery(o: { period: Period | string; scope?: AnalysisScope; source?: Source }): AnalysisQuery<BelowTarget[]> {
  const p = pk(toPeriod(o.period));
  const sql = `${withClause(o.source)}SELECT u.unit_id, u.name, u.county, u.township, u.kind, u.level, u.target_level, u.target_level - u.level AS gap,
  u.mask, ${kindMaskSql('u')} & ~u.mask AS missing
FROM unit_periods u ${whereSql([`u.pk = ${int(p)}`, 'u.level < u.target_level', ...scopeSql(o.scope, 'u')])}
ORDER BY u.county NULLS FIRST, ${townshipRankSql('u')} NULLS LAST, u.township, gap DESC, u.name, u.unit_id`;
  return {
    sql,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read: (rows) => rows.map((r) => ({
      ...readUnitRef(r), level: num(r.level), target: num(r.target_level), gap: num(r.gap),
      held: starsFromMask(numOrNull(r.mask)), missing: starsFromMask(numOrNull(r.missing)),
    })),
  };
}

/** Chinese names of a list of stars, e.g. for "摘除：产业兴旺星、生态宜居星". */
export function starNames(ids: readonly StarId[]): string {
  return ids.map((id) => STARS.find((s) => s.id === id)!.name).join('、');
}

// ---------------------------------------------------------------------------------------------
// 冲星名单: units within N points of earning a star (files that score their stars)

export interface NearStarRow extends UnitRef {
  level: number;
  star: StarId;
  score: number;
  /** The score at which the file's rule awards the star. */
  threshold: number;
  /** threshold − score (> 0: the points still missing). */
  gap: number;
}

export interface NearStarList {
  period: string;
  within: number;
  /** Ratings of the period (in scope) that carry any star score: 0 means a file of √ marks. */
  scored: number;
  rows: NearStarRow[];
}

/** The largest gap the list accepts (points). */
export const MAX_NEAR_STAR_WITHIN = 50;

/**
 * Every unit of the period that does not hold a star it is scored on, with a score within
 * `within` points below the threshold: the list a township secretary works from. Ordered by
 * township (display order), then the smallest gap first.
 */
export function nearStarQuery(o: { period: Period | string; within: number; star?: StarId | null; scope?: AnalysisScope }): AnalysisQuery<NearStarList> {
  const period = toPeriod(o.period);
  if (!Number.isFinite(o.within) || o.within <= 0 || o.within > MAX_NEAR_STAR_WITHIN) throw new Error(`冲星分差应在 0–${MAX_NEAR_STAR_WITHIN} 分之间：${o.within}`);
  const stars = STARS.filter((s) => !o.star || s.id === o.star);
  const where = [`year * 10 + coalesce(quarter, 5) = ${int(pk(period))}`, ...scopeSql(o.scope)];
  const perStar = stars.map((s) => `SELECT unit_id, name, county, township, kind, level, ${str(s.id)} AS star,
    ${s.id}_score AS score, star_threshold AS threshold
  FROM facts ${whereSql([...where, appliesSql(s.id), `NOT coalesce(${s.id}, false)`, `${s.id}_score IS NOT NULL`,
    `star_threshold IS NOT NULL`, `${s.id}_score >= star_threshold - ${Number(o.within)}`])}`);
  const anyScore = STARS.map((s) => `${s.id}_score IS NOT NULL`).join(' OR ');
  const sql = `WITH near AS (${perStar.join('\nUNION ALL\n')}),
scored AS (SELECT count(*) AS n FROM facts ${whereSql([...where, `(${anyScore})`])})
SELECT n.*, s.n AS scored, o.trank
FROM scored s LEFT JOIN near n ON true
LEFT JOIN township_order o ON o.township = n.township AND o.county IS NOT DISTINCT FROM n.county
ORDER BY o.trank NULLS LAST, n.township, n.threshold - n.score, n.name, n.star`;
  return {
    sql,
    source: 'raw',
    read(rows) {
      return {
        period: periodKey(period),
        within: o.within,
        scored: rows.length ? num(rows[0].scored) : 0,
        rows: rows.filter((r) => r.unit_id != null).map((r) => ({
          unitId: String(r.unit_id), name: String(r.name), county: strOrNull(r.county), township: String(r.township),
          kind: r.kind as UnitKind, level: num(r.level), star: r.star as StarId,
          score: num(r.score), threshold: num(r.threshold), gap: num(r.threshold) - num(r.score),
        })),
      };
    },
  };
}
