/**
 * Typed SQL builders for the measures every view shows. Each builder returns one SQL
 * string over the `facts` view; user values only enter through literal.ts.
 */
import type { Filter } from '../filter.ts';
import type { Period } from '../period.ts';
import { previousPeriod } from '../period.ts';
import { LEVEL_NAMES, STARS, type StarId } from '../stars.ts';
import { ident, int, str, strList } from './literal.ts';

export function periodCondition(p: Period): string {
  return p.quarter == null
    ? `year = ${int(p.year)} AND quarter IS NULL`
    : `year = ${int(p.year)} AND quarter = ${int(p.quarter)}`;
}

/** Township and kind conditions (the period is handled by each builder). */
export function scopeConditions(f: Pick<Filter, 'townships' | 'kind'> & Partial<Pick<Filter, 'counties'>>): string[] {
  const out: string[] = [];
  if (f.counties?.length) out.push(`county IN ${strList(f.counties)}`);
  if (f.townships.length > 0) out.push(`township IN ${strList(f.townships)}`);
  if (f.kind) out.push(`kind = ${str(f.kind)}`);
  return out;
}

function where(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}` : '';
}

const levelCounts = LEVEL_NAMES.map((_, n) => `count(*) FILTER (WHERE level = ${n}) AS n${n}`).join(',\n  ');

const starCounts = STARS.map((s) => {
  const applies = `kind IN (${s.kinds.map(str).join(', ')})`;
  return `count(*) FILTER (WHERE ${applies}) AS ${s.id}_applicable,
  count(*) FILTER (WHERE ${applies} AND ${s.id}) AS ${s.id}_earned`;
}).join(',\n  ');

/** Overview figures for a period and the quarter before it: one row per period present. */
export function overviewSql(period: Period, scope: Pick<Filter, 'townships' | 'kind'>): string {
  const prev = previousPeriod(period);
  return `SELECT year, quarter,
  count(*) AS units,
  count(*) FILTER (WHERE kind = 'village') AS villages,
  count(*) FILTER (WHERE kind = 'community') AS communities,
  ${levelCounts},
  count(*) FILTER (WHERE level >= 3) AS n3plus,
  ${starCounts}
FROM facts
${where([...scopeConditions(scope), `(${periodCondition(period)}) OR (${periodCondition(prev)})`])}
GROUP BY year, quarter`;
}

export type SummaryBy = 'township' | 'county' | 'kind';

/**
 * Per group (township, county or kind) and a total: units, units per level 0–5 and the
 * 三星以上 share. The total row has is_total = true.
 */
export function levelSummarySql(period: Period, scope: Pick<Filter, 'townships' | 'kind'>, by: SummaryBy): string {
  const col = ident(by);
  return `SELECT ${col} AS grp, grouping(${col}) = 1 AS is_total,
  count(*) AS units,
  ${levelCounts},
  count(*) FILTER (WHERE level >= 3) AS n3plus
FROM facts
${where([...scopeConditions(scope), periodCondition(period)])}
GROUP BY ROLLUP (${col})
ORDER BY is_total, grp`;
}

export const PERIODS_SQL = `SELECT DISTINCT year, quarter FROM ratings ORDER BY year, quarter NULLS LAST`;

export const TOWNSHIPS_SQL = `SELECT township, count(DISTINCT unit_id) AS units FROM facts
GROUP BY township ORDER BY township`;

export const DATASETS_SQL = `SELECT d.dataset_id, d.name, d.source, d.imported_at, d.is_sample,
  count(r.unit_id) AS row_count,
  min(r.year * 10 + coalesce(r.quarter, 5)) AS first_period,
  max(r.year * 10 + coalesce(r.quarter, 5)) AS last_period
FROM datasets d LEFT JOIN ratings r USING (dataset_id)
GROUP BY ALL ORDER BY d.imported_at`;

export function starIdColumn(id: StarId): string {
  return ident(id);
}

/** 三星以上 share per township and period, over every period (the trend and heatmap query). */
export function shareByTownshipPeriodSql(scope: Pick<Filter, 'townships' | 'kind'>): string {
  return `SELECT township, year, quarter, count(*) AS units,
  count(*) FILTER (WHERE level >= 3) AS n3plus,
  count(*) FILTER (WHERE level >= 3) / count(*) AS share3plus
FROM facts
${where(scopeConditions(scope))}
GROUP BY township, year, quarter
ORDER BY township, year, quarter`;
}
