/**
 * 软弱涣散: the branches flagged weak in a period, and how that changed against the same
 * period a year earlier (the way the campaign reports it: "21个软弱涣散村实现转化升级").
 *
 * - weak: units flagged in the period;
 * - converted: flagged in the same period a year earlier and not flagged now (rated in both);
 * - newlyWeak: flagged now, rated a year earlier and not flagged then.
 *
 * Units are followed by id, so a township renamed between the years (撤乡设镇) or a 村改居
 * counts under today's name. Over the live rows of two periods: a handful of rows per unit.
 */
import type { Row } from '../db.ts';
import { type Period, periodKey } from '../period.ts';
import { ident, int } from '../sql/literal.ts';
import { type AnalysisQuery, type AnalysisScope, num, scopeSql, whereSql } from './common.ts';
import { groupOrderSql, townshipRankSql } from './township-order.ts';
import { STARS, type StarId } from '../stars.ts';

export type WeakBy = 'township' | 'county' | 'kind';

export interface WeakCounts {
  weak: number;
  converted: number;
  newlyWeak: number;
  /** Units rated in the period and in the same period a year earlier (what converted is counted over). */
  comparable: number;
}

export interface WeakSummary {
  period: string;
  /** The period compared with: the same quarter (or year) a year earlier. */
  versus: string;
  rows: Array<{ group: string | null } & WeakCounts>;
  total: WeakCounts;
}

/** The same period one year earlier. */
export function yearEarlier(p: Period): Period {
  return { year: p.year - 1, quarter: p.quarter };
}

const inPeriod = (p: Period) => `year = ${int(p.year)} AND quarter IS NOT DISTINCT FROM ${p.quarter == null ? 'NULL' : int(p.quarter)}`;

export function weakSummaryQuery(o: { period: Period; by: WeakBy; scope?: AnalysisScope }): AnalysisQuery<WeakSummary> {
  const prev = yearEarlier(o.period);
  const col = ident(o.by);
  const sql = `WITH cur AS (SELECT unit_id, county, township, kind, weak_branch FROM facts ${whereSql([inPeriod(o.period), ...scopeSql(o.scope)])}),
prev AS (SELECT unit_id, weak_branch FROM facts WHERE ${inPeriod(prev)})
SELECT c.${col} AS grp, grouping(c.${col}) = 1 AS is_total,
  count(*) FILTER (WHERE c.weak_branch) AS weak,
  count(*) FILTER (WHERE p.weak_branch AND NOT coalesce(c.weak_branch, false)) AS converted,
  count(*) FILTER (WHERE c.weak_branch AND p.unit_id IS NOT NULL AND NOT coalesce(p.weak_branch, false)) AS newly,
  count(p.unit_id) AS comparable
FROM cur c LEFT JOIN prev p USING (unit_id)
GROUP BY ROLLUP (c.${col})
ORDER BY is_total, ${groupOrderSql(o.by, `c.${col}`)}`;
  const counts = (r: Row | undefined): WeakCounts => ({
    weak: num(r?.weak), converted: num(r?.converted), newlyWeak: num(r?.newly), comparable: num(r?.comparable),
  });
  return {
    sql,
    source: 'raw',
    read(rows) {
      return {
        period: periodKey(o.period),
        versus: periodKey(prev),
        rows: rows.filter((r) => !r.is_total).map((r) => ({ group: r.grp == null ? null : String(r.grp), ...counts(r) })),
        total: counts(rows.find((r) => r.is_total)),
      };
    },
  };
}

/** One step of a unit's record: a period, its level and whether it was flagged 软弱涣散. */
export interface WeakStep {
  period: string;
  level: number;
  weak: boolean;
}

export interface ConvertedUnit {
  unitId: string;
  name: string;
  county: string | null;
  township: string;
  kind: string;
  /** The level now and the stars held now (what the conversion brought). */
  level: number;
  held: StarId[];
  /** Every rating up to the period, oldest first. */
  history: WeakStep[];
}

/**
 * The units converted in a period (flagged in the same period a year earlier, not now: the
 * `converted` count of weakSummaryQuery, unit by unit), in township order, with their record.
 */
export function convertedUnitsQuery(o: { period: Period; scope?: AnalysisScope }): AnalysisQuery<ConvertedUnit[]> {
  const prev = yearEarlier(o.period);
  // The record as text ("2024|4|1|true;…"): one row per unit whatever the reader.
  const sql = `WITH cur AS (SELECT * FROM facts ${whereSql([inPeriod(o.period), ...scopeSql(o.scope)])}),
prev AS (SELECT unit_id, weak_branch FROM facts WHERE ${inPeriod(prev)})
SELECT c.unit_id, c.name, c.county, c.township, c.kind, c.level, ${STARS.map((s) => `c.${s.id} AS s_${s.id}`).join(', ')},
  (SELECT string_agg(concat_ws('|', f.year, coalesce(f.quarter, 0), f.level, coalesce(f.weak_branch, false)), ';' ORDER BY f.pidx, f.quarter NULLS LAST)
   FROM facts f WHERE f.unit_id = c.unit_id AND f.pidx <= c.pidx) AS history
FROM cur c JOIN prev p USING (unit_id)
WHERE p.weak_branch AND NOT coalesce(c.weak_branch, false)
ORDER BY ${townshipRankSql('c')} NULLS LAST, c.township, c.name, c.unit_id`;
  const step = (text: string): WeakStep => {
    const [y, q, level, weak] = text.split('|');
    return { period: periodKey({ year: Number(y), quarter: Number(q) || null }), level: Number(level), weak: weak === 'true' };
  };
  return {
    sql,
    source: 'raw',
    read: (rows) => rows.map((r) => ({
      unitId: String(r.unit_id), name: String(r.name), county: r.county == null ? null : String(r.county),
      township: String(r.township), kind: String(r.kind), level: num(r.level),
      held: STARS.filter((s) => r[`s_${s.id}`] === true).map((s) => s.id),
      history: String(r.history ?? '').split(';').filter(Boolean).map(step),
    })),
  };
}
