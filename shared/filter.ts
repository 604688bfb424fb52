/**
 * The global filter state every view follows (DESIGN.md §3). Plain JSON, so it can be
 * saved with a view or a briefing.
 */
import type { Period } from './period.ts';
import { placeName } from './scope.ts';
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
 * The filter's scope in words for titles and file names: 城关镇、河口镇 / 甲县 / 甲县城关镇, and
 * with nothing chosen the name of everything loaded (shared/scope.ts: 河口县, 甲县、乙县, 全市;
 * 全县 when `loaded` names no county).
 */
export function scopeLabel(
  f: Pick<Filter, 'townships'> & Partial<Pick<Filter, 'counties'>>,
  loaded: readonly (string | null | undefined)[] = [],
): string {
  return placeName(f, loaded);
}
