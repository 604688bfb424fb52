/**
 * The pivot's WHERE conditions: its filters, its field filters and its cadence, as SQL over
 * the columns every source has. User values enter only as validated or escaped literals.
 */
import { parsePeriodKey } from '../../period.ts';
import { int, str, strList } from '../../sql/literal.ts';
import { pk } from '../common.ts';
import type { Grain } from '../measures.ts';
import { dimColumns } from './columns.ts';
import { activeFieldFilters, type Cadence, type PivotConfig, type PivotFilters } from './config.ts';
import { type DimValue, isExtraDim, type PivotDim } from './dims.ts';

/** SQL literal of a filter value of a dimension (validated by type). */
export function filterLiteral(d: PivotDim, v: Exclude<DimValue, null>, cadence: Cadence): string {
  if (isExtraDim(d)) return str(String(v));
  switch (d) {
    case 'year': case 'quarter': case 'level': case 'target_level': return int(Number(v));
    case 'weak_branch': return v === true || v === 'true' ? 'true' : 'false';
    case 'period': {
      const p = parsePeriodKey(String(v));
      if (!p) throw new Error(`无法识别的期次: ${v}`);
      return int(cadence === 'year' ? p.year : pk(p));
    }
    default: return str(String(v));
  }
}

/** SQL conditions of the field filters, over the columns dimColumns reads. */
export function fieldFilterConditions(config: PivotConfig, cadence: Cadence): string[] {
  return activeFieldFilters(config).map((ff) => {
    const cols = dimColumns(ff.dim, cadence);
    const expr = cols[cols.length - 1][1];
    const values = ff.values.filter((v): v is Exclude<DimValue, null> => v != null);
    const parts = values.length ? [`${expr} IN (${[...new Set(values.map((v) => filterLiteral(ff.dim, v, cadence)))].join(', ')})`] : [];
    if (ff.values.some((v) => v == null)) parts.push(`${expr} IS NULL`);
    return parts.join(' OR ');
  });
}

/** SQL conditions of the pivot's own filters (periods, stars, levels, weak branches, units). */
export function filterConditions(f: PivotFilters, cadence: Cadence, grain: Grain): string[] {
  const out: string[] = [];
  const yearly = cadence === 'year';
  if (f.periods && f.periods.length) {
    const ps = f.periods.map((k) => parsePeriodKey(k)!);
    out.push(yearly
      ? `year IN (${[...new Set(ps.map((p) => p.year))].map(int).join(', ')})`
      : `pk IN (${ps.map((p) => int(pk(p))).join(', ')})`);
  }
  if (f.from) {
    const p = parsePeriodKey(f.from)!;
    out.push(yearly ? `year >= ${int(p.year)}` : `pk >= ${int(pk(p))}`);
  }
  if (f.to) {
    const p = parsePeriodKey(f.to)!;
    out.push(yearly ? `year <= ${int(p.year)}` : `pk <= ${int(pk(p))}`);
  }
  if (grain === 'star' && f.stars && f.stars.length) out.push(`star IN ${strList(f.stars)}`);
  if (f.levels && f.levels.length) out.push(`level IN (${f.levels.map(int).join(', ')})`);
  if (f.weakBranch != null) out.push(`coalesce(weak_branch, false) = ${f.weakBranch ? 'true' : 'false'}`);
  if (f.unitIds && f.unitIds.length) out.push(`unit_id IN ${strList(f.unitIds)}`);
  return out;
}

/** The condition that keeps the cadence's ratings in a summary (the live rows apply it themselves). */
export function cadenceCondition(cadence: Cadence): string[] {
  if (cadence === 'quarter') return ['quarter IS NOT NULL'];
  if (cadence === 'year') return ['yv'];
  return [];
}
