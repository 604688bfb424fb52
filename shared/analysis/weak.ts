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
import { groupOrderSql } from './township-order.ts';

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
