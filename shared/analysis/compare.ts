/**
 * Compare (对比): 2–6 units side by side — the stars each holds in a period (radar), star
 * level over time, each star per period with gains and losses marked — 2–6 townships on
 * any pivot measures, and year over year: every unit's level in two years.
 *
 * Villages and communities have different stars. The radar has one axis per star that
 * applies to any chosen unit (in STARS order); a unit's value is null on an axis that does
 * not apply to its kind, so a chart draws a gap instead of a misleading zero.
 */
import type { Row } from '../db.ts';
import { parsePeriodKey, periodKey, periodShort, type Period } from '../period.ts';
import { int, strList } from '../sql/literal.ts';
import { STARS, starsFor, type StarId, type UnitKind } from '../stars.ts';
import {
  type AnalysisQuery, type AnalysisScope, num, numOrNull, pk, scopeSql, starBit, starsFromMask, strOrNull,
  toPeriod, type TownshipRef, whereSql,
} from './common.ts';
import { DEFAULT_MEASURE, type MeasureSpec } from './measures.ts';
import { pivotQuery, type PivotConfig, type PivotResult, type PivotSqlOptions } from './pivot.ts';
import { withClause } from './summaries.ts';
import type { UnitRef } from './ranking.ts';
import { townshipRankOf, townshipRankSql } from './township-order.ts';

type Source = 'auto' | 'summary' | 'raw';

export const MAX_COMPARE = 6;

function checkUnits(unitIds: readonly string[]): void {
  if (unitIds.length === 0) throw new Error('请选择要对比的村（社区）');
  if (unitIds.length > MAX_COMPARE) throw new Error(`最多对比${MAX_COMPARE}个村（社区）`);
}

/** The chosen units' attributes (one row per id, also for units without ratings in a period). */
function chosenUnitsCte(unitIds: readonly string[]): string {
  return `chosen AS (
  SELECT unit_id, any_value(name) AS name, any_value(county) AS county, any_value(township) AS township,
         any_value(kind) AS kind
  FROM units WHERE unit_id IN ${strList(unitIds)} GROUP BY unit_id
)`;
}

function readUnit(r: Row): UnitRef {
  return {
    unitId: String(r.unit_id), name: String(r.name), county: strOrNull(r.county),
    township: String(r.township), kind: String(r.kind) as UnitKind,
  };
}

/** Keep the caller's order of units. */
function inOrder<T extends { unitId: string }>(unitIds: readonly string[], xs: T[]): T[] {
  return unitIds.map((id) => xs.find((x) => x.unitId === id)).filter((x): x is T => x != null);
}

// ---------------------------------------------------------------------------------------------
// Default choice

/**
 * The units preselected so the 对比 screen is never empty: the first `n` rated in the period
 * within the scope, villages first, by township and name.
 */
export function firstUnitsQuery(period: Period, scope: AnalysisScope, n = 2): AnalysisQuery<UnitRef[]> {
  const sql = `SELECT unit_id, name, county, township, kind FROM unit_periods
${whereSql([`pk = ${int(pk(period))}`, ...scopeSql(scope)])}
ORDER BY kind = 'village' DESC, ${townshipRankSql()} NULLS LAST, township, name, unit_id
LIMIT ${int(n)}`;
  return { sql, source: 'summary', read: (rows) => rows.map(readUnit) };
}

// ---------------------------------------------------------------------------------------------
// Radar

export interface RadarAxis {
  star: StarId;
  name: string;
}

export interface RadarUnit extends UnitRef {
  /** false when the unit has no rating in the period (all values null). */
  rated: boolean;
  level: number | null;
  /** One per axis: 1 held, 0 not held, null where the star does not apply (or not rated). */
  values: Array<1 | 0 | null>;
}

export interface Radar {
  period: string;
  axes: RadarAxis[];
  units: RadarUnit[];
}

/** The stars each chosen unit holds in a period. */
export function unitRadarQuery(unitIds: readonly string[], period: Period | string, source?: Source): AnalysisQuery<Radar> {
  checkUnits(unitIds);
  const p = toPeriod(period);
  const sql = `${withClause(source, chosenUnitsCte(unitIds))}SELECT c.*, u.level, u.mask
FROM chosen c
LEFT JOIN (SELECT unit_id, level, mask FROM unit_periods WHERE unit_id IN ${strList(unitIds)} AND pk = ${int(pk(p))}) u
  ON u.unit_id = c.unit_id
ORDER BY c.unit_id`;
  return {
    sql,
    source: source === 'raw' ? 'raw' : 'summary',
    read(rows) {
      const kinds = new Set(rows.map((r) => String(r.kind)));
      const axes = STARS.filter((s) => s.kinds.some((k) => kinds.has(k))).map((s) => ({ star: s.id, name: s.name }));
      const units = rows.map((r): RadarUnit => {
        const unit = readUnit(r);
        const rated = r.level != null;
        const mask = num(r.mask);
        const applicable = new Set(starsFor(unit.kind).map((s) => s.id));
        return {
          ...unit, rated, level: numOrNull(r.level),
          values: axes.map((a) => (!rated || !applicable.has(a.star) ? null : (mask & starBit(a.star)) !== 0 ? 1 : 0)),
        };
      });
      return { period: periodKey(p), axes, units: inOrder(unitIds, units) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Over time: level lines and the per-star table

export interface HistoryOptions {
  from?: Period | string;
  to?: Period | string;
  /** quarter (default), year (annual or Q4 value, changes vs the previous year) or all periods. */
  cadence?: 'quarter' | 'year' | 'all';
  source?: Source;
}

export interface StarCell {
  /** null where the unit has no rating that period. */
  held: boolean | null;
  /** vs the unit's previous rating (previous period, or previous year in yearly cadence). */
  change: 'gained' | 'lost' | null;
}

export interface UnitHistory extends UnitRef {
  /** Level per period, null where not rated. */
  levels: Array<number | null>;
  /** One row per star applying to the unit's kind. */
  stars: Array<{ star: StarId; name: string; cells: StarCell[] }>;
}

export interface History {
  periods: string[];
  labels: string[];
  units: UnitHistory[];
}

/** Star level over time and every star per period with gains / losses, for the chosen units. */
export function unitHistoryQuery(unitIds: readonly string[], o: HistoryOptions = {}): AnalysisQuery<History> {
  checkUnits(unitIds);
  const cadence = o.cadence ?? 'quarter';
  const yearly = cadence === 'year';
  const range: string[] = [];
  if (o.from) range.push(yearly ? `year >= ${int(toPeriod(o.from).year)}` : `pk >= ${int(pk(toPeriod(o.from)))}`);
  if (o.to) range.push(yearly ? `year <= ${int(toPeriod(o.to).year)}` : `pk <= ${int(pk(toPeriod(o.to)))}`);
  if (cadence === 'quarter') range.push('quarter IS NOT NULL');
  if (yearly) range.push('yv');
  // Periods present in the workspace (so a unit missing one shows a gap): from the small
  // township cube, or from the live rows on the raw path.
  const periodSource = o.source === 'raw' ? 'unit_periods' : 'cube_township';
  const periods = yearly
    ? `ps AS (SELECT DISTINCT year, NULL::INTEGER AS quarter, year * 10 + 5 AS pk FROM ${periodSource} ${whereSql(range)})`
    : `ps AS (SELECT DISTINCT year, quarter, pk FROM ${periodSource} ${whereSql(range)})`;
  // The chosen units' rows first, so the join never hashes the whole table.
  const mine = `mine AS (SELECT * FROM unit_periods WHERE unit_id IN ${strList(unitIds)}${yearly ? ' AND yv' : ''})`;
  const on = yearly ? 'u.year = ps.year' : 'u.pk = ps.pk';
  const prev = yearly ? 'u.yprev_mask' : 'u.prev_mask';
  const sql = `${withClause(o.source, chosenUnitsCte(unitIds), periods, mine)}SELECT c.*, ps.year, ps.quarter, ps.pk,
  u.level, u.mask, ${prev} AS prev_mask
FROM chosen c CROSS JOIN ps LEFT JOIN mine u ON u.unit_id = c.unit_id AND ${on}
ORDER BY c.unit_id, ps.pk`;
  return {
    sql,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read(rows) {
      const pks = [...new Set(rows.map((r) => num(r.pk)))].sort((a, b) => a - b);
      const keyOf = (r: Row) => (yearly ? String(num(r.year)) : periodKey({ year: num(r.year), quarter: numOrNull(r.quarter) }));
      const keys = [...new Map(rows.map((r) => [num(r.pk), keyOf(r)])).entries()].sort((a, b) => a[0] - b[0]).map(([, k]) => k);
      const index = new Map(pks.map((p, i) => [p, i]));
      const byUnit = new Map<string, Row[]>();
      for (const r of rows) byUnit.set(String(r.unit_id), [...(byUnit.get(String(r.unit_id)) ?? []), r]);
      const units = [...byUnit.values()].map((rs): UnitHistory => {
        const unit = readUnit(rs[0]);
        const levels: Array<number | null> = pks.map(() => null);
        const stars = starsFor(unit.kind).map((s) => ({ star: s.id, name: s.name, cells: pks.map((): StarCell => ({ held: null, change: null })) }));
        for (const r of rs) {
          if (r.level == null) continue;
          const i = index.get(num(r.pk))!;
          levels[i] = num(r.level);
          const mask = num(r.mask);
          const prevMask = numOrNull(r.prev_mask);
          for (const s of stars) {
            const bit = starBit(s.star);
            const held = (mask & bit) !== 0;
            const before = prevMask == null ? null : (prevMask & bit) !== 0;
            s.cells[i] = { held, change: before == null || before === held ? null : held ? 'gained' : 'lost' };
          }
        }
        return { ...unit, levels, stars };
      });
      return {
        periods: keys,
        labels: keys.map((k) => periodShort(parsePeriodKey(k)!)),
        units: inOrder(unitIds, units),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Townships

export interface TownshipCompareOptions {
  /** One period (a table), or none with from / to (measures per period as column groups). */
  period?: Period | string;
  from?: string;
  to?: string;
  measures?: MeasureSpec[];
  kind?: UnitKind | null;
  /** The counties the townships are looked up in (a merged city has a 城关镇 in each). */
  counties?: string[];
  cadence?: 'quarter' | 'year' | 'all';
  source?: PivotSqlOptions['source'];
}

export function townshipCompareConfig(townships: readonly TownshipRef[], o: TownshipCompareOptions = {}): PivotConfig {
  if (townships.length === 0) throw new Error('请选择要对比的乡镇（街道）');
  if (townships.length > MAX_COMPARE) throw new Error(`最多对比${MAX_COMPARE}个乡镇（街道）`);
  const measures = o.measures && o.measures.length ? o.measures : [{ kind: 'units' } as MeasureSpec, DEFAULT_MEASURE, { kind: 'levels' } as MeasureSpec];
  return {
    rows: ['township'],
    columns: o.period ? [] : ['period'],
    measures,
    filters: {
      townships: [...townships], kind: o.kind ?? null,
      ...(o.counties?.length ? { counties: [...o.counties] } : {}),
      ...(o.period ? { periods: [periodKey(toPeriod(o.period))] } : {}),
      ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}),
    },
    cadence: o.cadence ?? (o.period ? 'all' : 'quarter'),
    totals: { rows: 'none', columns: false },
  };
}

/** 2–6 townships on the pivot measures (default: units, 三星以上占比, units per level). */
export function townshipCompareQuery(townships: readonly TownshipRef[], o: TownshipCompareOptions = {}): AnalysisQuery<PivotResult> {
  return pivotQuery(townshipCompareConfig(townships, o), { source: o.source });
}

// ---------------------------------------------------------------------------------------------
// Year over year

export interface YearOverYearRow extends UnitRef {
  levelA: number | null;
  levelB: number | null;
  /** levelB − levelA, null when either year is missing. */
  change: number | null;
  /** Which rating stands for each year: null = annual, 4 = Q4. */
  quarterA: number | null;
  quarterB: number | null;
  gained: StarId[];
  lost: StarId[];
}

export interface YearOverYear {
  yearA: number;
  yearB: number;
  rows: YearOverYearRow[];
  summary: { up: number; down: number; same: number; onlyA: number; onlyB: number };
}

/**
 * Every unit's level in two years (the annual rating, or Q4 when there is none), with the
 * change and the stars gained / lost; units rated in only one year are listed too.
 */
export function yearOverYearQuery(o: { yearA: number; yearB: number; scope?: AnalysisScope; source?: Source }): AnalysisQuery<YearOverYear> {
  const side = (year: number) => `SELECT * FROM unit_periods ${whereSql(['yv', `year = ${int(year)}`, ...scopeSql(o.scope)])}`;
  const sql = `${withClause(o.source, `a AS (${side(o.yearA)})`, `b AS (${side(o.yearB)})`)}SELECT
  coalesce(b.unit_id, a.unit_id) AS unit_id, coalesce(b.name, a.name) AS name, coalesce(b.county, a.county) AS county,
  coalesce(b.township, a.township) AS township, coalesce(b.kind, a.kind) AS kind,
  a.level AS level_a, b.level AS level_b, b.level - a.level AS change, a.quarter AS quarter_a, b.quarter AS quarter_b,
  b.mask & ~a.mask AS gained, a.mask & ~b.mask AS lost
FROM a FULL OUTER JOIN b ON a.unit_id = b.unit_id
ORDER BY county NULLS FIRST, ${townshipRankOf('coalesce(b.township, a.township)', 'coalesce(b.county, a.county)')} NULLS LAST, township, change DESC NULLS LAST, name, unit_id`;
  return {
    sql,
    source: o.source === 'raw' ? 'raw' : 'summary',
    read(rows) {
      const out = rows.map((r): YearOverYearRow => ({
        ...readUnit(r), levelA: numOrNull(r.level_a), levelB: numOrNull(r.level_b), change: numOrNull(r.change),
        quarterA: numOrNull(r.quarter_a), quarterB: numOrNull(r.quarter_b),
        gained: starsFromMask(numOrNull(r.gained)), lost: starsFromMask(numOrNull(r.lost)),
      }));
      const summary = { up: 0, down: 0, same: 0, onlyA: 0, onlyB: 0 };
      for (const r of out) {
        if (r.levelA == null) summary.onlyB++;
        else if (r.levelB == null) summary.onlyA++;
        else if (r.change! > 0) summary.up++;
        else if (r.change! < 0) summary.down++;
        else summary.same++;
      }
      return { yearA: o.yearA, yearB: o.yearB, rows: out, summary };
    },
  };
}
