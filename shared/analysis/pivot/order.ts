/**
 * The natural order of a dimension's values: the chosen order for townships (township-order.ts),
 * pinyin for other names, time for periods, the star list's order for stars, numbers for years
 * and levels, nulls last.
 */
import { comparePeriods, parsePeriodKey } from '../../period.ts';
import { STAR_IDS, type StarId } from '../../stars.ts';
import { type DimValue, isExtraDim, type PivotDim } from './dims.ts';
import { townshipRank } from '../township-order.ts';

/** Chinese text in pinyin order. */
export const collator = new Intl.Collator('zh-Hans-CN');
/** Extra columns' text often holds numbers ("9", "12"): compare those as numbers. */
export const numericCollator = new Intl.Collator('zh-Hans-CN', { numeric: true });

/** Natural order of a dimension's values (nulls last). */
export function compareDimValues(d: PivotDim, a: DimValue, b: DimValue): number {
  if (a === b) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  if (isExtraDim(d)) return numericCollator.compare(String(a), String(b));
  switch (d) {
    case 'period': {
      const pa = parsePeriodKey(String(a));
      const pb = parsePeriodKey(String(b));
      return pa && pb ? comparePeriods(pa, pb) : collator.compare(String(a), String(b));
    }
    case 'star': return STAR_IDS.indexOf(a as StarId) - STAR_IDS.indexOf(b as StarId);
    case 'kind': return a === 'village' ? -1 : 1;
    case 'year': case 'quarter': case 'level': case 'target_level': return Number(a) - Number(b);
    case 'weak_branch': return a ? 1 : -1;
    case 'township': return compareTownships(String(a), String(b));
    default: return collator.compare(String(a), String(b));
  }
}

/** Townships in the current township order; names it does not know after, in pinyin order. */
function compareTownships(a: string, b: string): number {
  const ra = townshipRank(a) ?? Infinity;
  const rb = townshipRank(b) ?? Infinity;
  return ra !== rb ? ra - rb : collator.compare(a, b);
}
