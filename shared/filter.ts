/**
 * The global filter state every view follows (DESIGN.md §3). Plain JSON, so it can be
 * saved with a view or a briefing.
 */
import type { Period } from './period.ts';
import type { UnitKind } from './stars.ts';

export interface Filter {
  /** Selected period; null before any data is loaded. */
  period: Period | null;
  /**
   * Counties (县(市、区)) to include; empty or absent means all. Matters once several
   * counties' workspaces are merged. Optional so filters saved before it existed stay valid.
   */
  counties?: string[];
  /** Townships to include; empty means all. A name matches that township in every selected county. */
  townships: string[];
  /** 村 or 社区 only; null means both. */
  kind: UnitKind | null;
}

export const EMPTY_FILTER: Filter = { period: null, counties: [], townships: [], kind: null };

/**
 * The filter's scope in words for titles and file names: 城关镇、河口镇 / 甲县 / 甲县城关镇 /
 * 全县 (no county or township chosen).
 */
export function scopeLabel(f: Pick<Filter, 'townships'> & Partial<Pick<Filter, 'counties'>>): string {
  const counties = f.counties ?? [];
  const townships = f.townships.join('、');
  if (counties.length) return `${counties.join('、')}${townships}`;
  return townships || '全县';
}
