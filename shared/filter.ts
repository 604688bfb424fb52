/**
 * The global filter state every view follows (DESIGN.md §3). Plain JSON, so it can be
 * saved with a view or a briefing.
 */
import type { Period } from './period.ts';
import type { UnitKind } from './stars.ts';

export interface Filter {
  /** Selected period; null before any data is loaded. */
  period: Period | null;
  /** Townships to include; empty means all. */
  townships: string[];
  /** 村 or 社区 only; null means both. */
  kind: UnitKind | null;
}

export const EMPTY_FILTER: Filter = { period: null, townships: [], kind: null };
