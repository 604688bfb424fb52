/**
 * The lists the app's pickers and the data screen read (periods, townships, datasets), and
 * the period and scope conditions of the detail grid. Measures are not here: every number is
 * defined in the measure catalog (shared/analysis/measures.ts) and asked for through a
 * resolver in shared/views/.
 */
import type { Filter } from '../filter.ts';
import type { Period } from '../period.ts';
import { int, str, strList } from './literal.ts';
import { groupOrderSql } from '../analysis/township-order.ts';

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

export const PERIODS_SQL = `SELECT DISTINCT year, quarter FROM ratings ORDER BY year, quarter NULLS LAST`;

/** Townships in the township order (township-order.ts), each with its live units. */
export const TOWNSHIPS_SQL = `SELECT township, count(DISTINCT unit_id) AS units FROM facts
GROUP BY township ORDER BY ${groupOrderSql('township', 'township')}`;

export const DATASETS_SQL = `SELECT d.dataset_id, d.name, d.source, d.imported_at, d.is_sample,
  count(r.unit_id) AS row_count,
  min(r.year * 10 + coalesce(r.quarter, 5)) AS first_period,
  max(r.year * 10 + coalesce(r.quarter, 5)) AS last_period
FROM datasets d LEFT JOIN ratings r USING (dataset_id)
GROUP BY ALL ORDER BY d.imported_at`;
