/**
 * The typed figures of the 总览 and the level summary (shared/views/overview.ts reads them
 * from the measure catalog's columns).
 */
import type { Period } from './period.ts';
import type { StarId } from './stars.ts';

export interface StarRate {
  applicable: number;
  earned: number;
  /** earned / applicable, or null when the star applies to no unit in scope. */
  rate: number | null;
}

export interface PeriodFigures {
  units: number;
  villages: number;
  communities: number;
  /** Units per level 0–5. */
  levels: number[];
  n3plus: number;
  share3plus: number | null;
  stars: Record<StarId, StarRate>;
}

export interface OverviewFigures {
  period: Period;
  previous: Period;
  current: PeriodFigures | null;
  before: PeriodFigures | null;
}

export interface LevelSummaryRow {
  units: number;
  levels: number[];
  share3plus: number | null;
}
