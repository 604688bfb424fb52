/**
 * Turns measure rows from DuckDB into typed figures. Works on the handful of
 * aggregated rows a measure returns, never on raw ratings.
 */
import type { Period } from './period.ts';
import { previousPeriod } from './period.ts';
import { LEVEL_NAMES, STARS, type StarId } from './stars.ts';
import type { Row } from './db.ts';

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

const num = (v: unknown): number => (v == null ? 0 : Number(v));

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export function readPeriodFigures(row: Row): PeriodFigures {
  const units = num(row.units);
  const n3plus = num(row.n3plus);
  const stars = {} as Record<StarId, StarRate>;
  for (const s of STARS) {
    const applicable = num(row[`${s.id}_applicable`]);
    const earned = num(row[`${s.id}_earned`]);
    stars[s.id] = { applicable, earned, rate: ratio(earned, applicable) };
  }
  return {
    units,
    villages: num(row.villages),
    communities: num(row.communities),
    levels: LEVEL_NAMES.map((_, n) => num(row[`n${n}`])),
    n3plus,
    share3plus: ratio(n3plus, units),
    stars,
  };
}

function samePeriod(row: Row, p: Period): boolean {
  return num(row.year) === p.year && (row.quarter == null ? null : num(row.quarter)) === p.quarter;
}

export function readOverview(rows: Row[], period: Period): OverviewFigures {
  const previous = previousPeriod(period);
  const cur = rows.find((r) => samePeriod(r, period));
  const prev = rows.find((r) => samePeriod(r, previous));
  return {
    period,
    previous,
    current: cur ? readPeriodFigures(cur) : null,
    before: prev ? readPeriodFigures(prev) : null,
  };
}

export interface LevelSummaryRow {
  units: number;
  levels: number[];
  share3plus: number | null;
}

export function round4(x: number | null): number | null {
  return x == null ? null : Math.round(x * 10000) / 10000;
}

export function readLevelSummaryRow(row: Row): LevelSummaryRow {
  const units = num(row.units);
  return {
    units,
    levels: LEVEL_NAMES.map((_, n) => num(row[`n${n}`])),
    share3plus: round4(ratio(num(row.n3plus), units)),
  };
}
